package io.irflow.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer irf_...} on {@code /api/**} and on {@code /actuator/prometheus} (for the Prometheus
 * server, which reads its token from a file): an {@link ApiTokens API token} instead of a password. The group rules
 * stay those of {@link SecurityConfiguration}. An unknown or revoked token is answered 401 at once; it never counts as
 * a failed password login.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";
  static final String PROMETHEUS = "/actuator/prometheus";

  private final ApiTokens tokens;
  private final ObjectMapper json;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  BearerTokenFilter(ApiTokens tokens, ObjectMapper json) {
    this.tokens = tokens;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || !(path.startsWith("/api/") || path.equals(PROMETHEUS));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).trim();
    Optional<Authentication> authentication = tokens.authenticate(token);
    if (authentication.isEmpty()) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + SecurityConfiguration.REALM + "\", error=\"invalid_token\"");
      Problems.write(response, json, HttpStatus.UNAUTHORIZED, "The API token is unknown or revoked.");
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(authentication.get());
    contexts.setContext(context);
    chain.doFilter(request, response);
  }
}
