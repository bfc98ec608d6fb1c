package io.irflow.identity;

import io.irflow.system.RequestRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Leaves the authenticated user's id on the request, where the record of a refusal finds it after the chain. */
class RequestUserFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication user = SecurityContextHolder.getContext().getAuthentication();
    if (user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)) {
      request.setAttribute(RequestRecord.USER, user.getName());
    }
    chain.doFilter(request, response);
  }
}
