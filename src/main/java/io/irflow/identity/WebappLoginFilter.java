package io.irflow.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the webapps' login, {@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}:
 *
 * <ul>
 *   <li>a user and source address blocked by {@link LoginThrottle} get 429 with Retry-After, the password unchecked;
 *   <li>machine accounts ({@link Groups#ALERT_SOURCES}) get 403, whatever the password;
 *   <li>otherwise the webapps check the password: their 401 counts as a failure, 200 clears the pair.
 * </ul>
 *
 * Their 403 (right password, no access to that app) counts neither way.
 */
class WebappLoginFilter extends OncePerRequestFilter {

  static final String URL_PATTERN = "/camunda/api/admin/auth/user/*";
  private static final Pattern LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+/?");

  private final LoginThrottle throttle;
  private final MachineAccounts machineAccounts;
  private final ObjectMapper json;

  WebappLoginFilter(LoginThrottle throttle, MachineAccounts machineAccounts, ObjectMapper json) {
    this.throttle = throttle;
    this.machineAccounts = machineAccounts;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !"POST".equals(request.getMethod()) || !LOGIN.matcher(path).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    LoginForm form;
    try {
      form = LoginForm.read(request);
    } catch (LoginForm.TooLarge e) {
      Problems.write(response, json, HttpStatus.PAYLOAD_TOO_LARGE, "The login form is too large.");
      return;
    }
    if (form.has("username") && form.single("username").isEmpty()) {
      Problems.write(response, json, HttpStatus.BAD_REQUEST, "Give the user name once.");
      return;
    }
    String user = form.single("username").orElse(null);
    if (user == null || user.isBlank()) {
      chain.doFilter(form, response);
      return;
    }
    String source = request.getRemoteAddr();
    Duration wait = throttle.blockedFor(user, source);
    if (!wait.isZero()) {
      Problems.throttled(response, json, new LoginThrottledException(wait));
      return;
    }
    if (machineAccounts.isMachineAccount(user)) {
      Problems.write(response, json, HttpStatus.FORBIDDEN,
          "This is a machine account: it may use the product's API only, not the webapps.");
      return;
    }
    if (machineAccounts.isCustomerContact(user)) {
      Problems.write(response, json, HttpStatus.FORBIDDEN,
          "This is a customer security contact: your notices are at /customer/, not in the webapps.");
      return;
    }
    chain.doFilter(form, response);
    int status = response.getStatus();
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(user, source);
    } else if (status == HttpServletResponse.SC_OK || status == HttpServletResponse.SC_NO_CONTENT) {
      throttle.succeeded(user, source);
    }
  }
}
