package io.irflow.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every call of the webapps' REST API ({@code /camunda/api/**}) made with a session of a machine
 * account ({@link Groups#ALERT_SOURCES}) or a customer security contact ({@link Groups#CUSTOMER_CONTACTS}), should one ever exist (for example a user added to the group while
 * logged in: the webapps refresh a session's groups every few minutes). Logging out stays possible.
 */
class MachineAccountSessionFilter extends OncePerRequestFilter {

  static final String URL_PATTERN = "/camunda/api/*";

  private final ObjectMapper json;

  MachineAccountSessionFilter(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    String refused = session == null || request.getRequestURI().endsWith("/logout") ? null : refusedGroup(session);
    if (Groups.ALERT_SOURCES.equals(refused)) {
      Problems.write(response, json, HttpStatus.FORBIDDEN,
          "This is a machine account: it may use the product's API only, not the webapps.");
      return;
    }
    if (Groups.CUSTOMER_CONTACTS.equals(refused)) {
      Problems.write(response, json, HttpStatus.FORBIDDEN,
          "This is a customer security contact: your notices are at /customer/, not in the webapps.");
      return;
    }
    chain.doFilter(request, response);
  }

  /** The group that keeps the session's user out of the webapps, or null. */
  private static String refusedGroup(HttpSession session) {
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null) {
      return null;
    }
    for (UserAuthentication authentication : authentications.getAuthentications()) {
      if (authentication.getGroupIds() == null) {
        continue;
      }
      for (String group : new String[] {Groups.ALERT_SOURCES, Groups.CUSTOMER_CONTACTS}) {
        if (authentication.getGroupIds().contains(group)) {
          return group;
        }
      }
    }
    return null;
  }
}
