package io.irflow.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the Cockpit plugins and Tasklist's case-file tab use security incidents as the user signed in to the webapps:
 * a {@code GET} (or {@code HEAD}) of {@code /api/incidents} or {@code /api/incidents/**}, and a {@code POST} of a note
 * or an observable ({@code /api/incidents/{id}/notes}, {@code /api/incidents/{id}/observables}) and nothing else,
 * without an {@code Authorization} header, is authenticated by the webapps' session when
 *
 * <ul>
 *   <li>the session holds a webapp login for the engine ({@code Authentications}, as the webapps keep it),
 *   <li>the request carries the session's own CSRF token in {@code X-XSRF-TOKEN} (the plugins get it from Cockpit):
 *       a page of another origin can neither read that token nor send the header, so a cross-site request never
 *       rides on the session, not even for a read (this is the CSRF check of the two writes),
 *   <li>and the user is not a machine account ({@link Groups#ALERT_SOURCES}): 403.
 * </ul>
 *
 * The user's groups are read from the identity service on each request, and {@link SecurityConfiguration}'s group
 * rules then decide as for any other caller (and the notes' and observables' own rules, who may write). Any other
 * method or path never takes the session: it stays 401 without HTTP Basic or an API token.
 */
class WebappSessionReadFilter extends OncePerRequestFilter {

  private static final Pattern INCIDENTS = Pattern.compile("/api/incidents(/.*)?");
  /** The only writes a session may make: add a note to the work log, add an observable. */
  private static final Pattern SESSION_WRITES = Pattern.compile("/api/incidents/[^/]+/(notes|observables)");

  private final IdentityService identityService;
  private final String engineName;
  private final ObjectMapper json;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  WebappSessionReadFilter(IdentityService identityService, String engineName, ObjectMapper json) {
    this.identityService = identityService;
    this.engineName = engineName;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    boolean allowed = read ? INCIDENTS.matcher(path).matches()
        : "POST".equals(request.getMethod()) && SESSION_WRITES.matcher(path).matches();
    return !allowed || request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getSession(false) == null;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    String userId = session == null ? null : signedInUser(session);
    if (userId == null || !sameToken(session, request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME))) {
      chain.doFilter(request, response);
      return;
    }
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    if (groups.contains(Groups.ALERT_SOURCES)) {
      Problems.write(response, json, HttpStatus.FORBIDDEN,
          "This is a machine account: it may use the product's API only, not the webapps.");
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(userId, null,
        groups.stream().map(SimpleGrantedAuthority::new).toList()));
    contexts.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  private String signedInUser(HttpSession session) {
    Authentications authentications;
    try {
      authentications = AuthenticationUtil.getAuthsFromSession(session);
    } catch (IllegalStateException invalidated) {
      return null;
    }
    if (authentications == null) {
      return null;
    }
    for (UserAuthentication authentication : authentications.getAuthentications()) {
      if (engineName.equals(authentication.getProcessEngineName()) && authentication.getName() != null) {
        return authentication.getName();
      }
    }
    return null;
  }

  private static boolean sameToken(HttpSession session, String sent) {
    Object expected;
    try {
      expected = session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    } catch (IllegalStateException invalidated) {
      return false;
    }
    return sent != null && expected instanceof String token && !token.isEmpty()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
