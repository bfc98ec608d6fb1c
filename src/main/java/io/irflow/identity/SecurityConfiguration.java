package io.irflow.identity;

import static io.irflow.identity.Groups.ADMINS;
import static io.irflow.identity.Groups.ALERT_SOURCES;
import static io.irflow.identity.Groups.AUDITORS;
import static io.irflow.identity.Groups.CUSTOMER_CONTACTS;
import static io.irflow.identity.Groups.INCIDENT_MANAGERS;
import static io.irflow.identity.Groups.RESPONDERS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.tasks.RefusalLog;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import io.irflow.system.RequestRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may reach which route.
 *
 * <ul>
 *   <li>{@code /api/**}, {@code /engine-rest/**}, the OpenAPI description and the actuator: HTTP Basic against
 *       Camunda's identity service, stateless; 401 without credentials. Only {@code /actuator/health} is anonymous.
 *       {@code /api/**} also takes an API token ({@code Authorization: Bearer irf_...}); {@code /api/tokens} is for
 *       administrators only. Failed passwords are throttled per user and source address ({@link LoginThrottle}): 429
 *       with Retry-After while blocked. {@code /actuator/prometheus} takes an API token too (for Prometheus), and
 *       reads of {@code /api/incidents/**} take the webapps' session with its CSRF token (for the Cockpit plugins,
 *       {@link WebappSessionReadFilter}). {@code /api/customer/**} and the page {@code /customer/} are for customer
 *       security contacts ({@code customer-contacts}) only, and they reach nothing else but {@code /api/whoami}:
 *       every other route answers them 404, as if nothing were there (on {@code /api/incidents/{id}/...} the
 *       incident's timeline records the look as {@code access-denied}).
 *   <li>{@code /camunda/**}: the webapps, which authenticate with their own login form and session. Their login is
 *       throttled the same way, and machine accounts ({@code alert-sources}) may not use them at all.
 *   <li>{@code GET} and {@code POST /ack/{token}}: the acknowledgement links in customer notices, on purpose without
 *       login (customers' contacts have no account). The signed token is the credential: it names one notice and one
 *       contact and expires. {@code GET} changes nothing; the {@code POST} carries a form field derived from the token
 *       with the server's key (acknowledgement/AcknowledgementTokens) instead of a session-bound CSRF token, since
 *       there is no session. No other method, no other path.
 *   <li>Anything else: authentication required.
 * </ul>
 *
 * Requests to {@code /engine-rest} then run as the authenticated user inside the engine, so Camunda's
 * authorizations apply to them as they do in the webapps.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration {

  static final String REALM = "irflow";
  static final String DENIED = "Your groups do not allow this request.";
  /** What a customer security contact hears on any route outside its portal: nothing there exists for it. */
  static final String NOT_FOUND = "Not found.";

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(HttpSecurity http, CamundaIdentityAuthenticationProvider provider, ApiTokens tokens,
      ProcessEngine engine, ObjectMapper json, ObjectProvider<RefusalLog> refusals) throws Exception {
    // Path matchers on the whole request path: /engine-rest is served by Jersey, not by Spring MVC.
    http.securityMatcher(new OrRequestMatcher(paths("/api/**", "/engine-rest/**", "/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**",
            "/swagger-ui.html", "/actuator/**", "/customer", "/customer/**")))
        // Its own manager, without the global one as parent: a failed password is then checked (and counted) once.
        .authenticationManager(new ProviderManager(provider))
        .authorizeHttpRequests(routes -> routes
            .requestMatchers(paths(HttpMethod.GET, "/actuator/health", "/actuator/health/**")).permitAll()
            .requestMatchers(paths("/actuator/**")).hasAnyAuthority(INCIDENT_MANAGERS, ADMINS)
            .requestMatchers(paths("/engine-rest/**")).hasAnyAuthority(RESPONDERS, INCIDENT_MANAGERS, AUDITORS, ADMINS)
            .requestMatchers(paths(HttpMethod.GET, "/api/whoami")).authenticated()
            .requestMatchers(paths("/api/tokens", "/api/tokens/**")).hasAuthority(ADMINS)
            .requestMatchers(paths("/api/customer/**", "/customer", "/customer/**")).hasAuthority(CUSTOMER_CONTACTS)
            .requestMatchers(paths("/api/customers/*/contacts/*")).hasAuthority(ADMINS)
            .requestMatchers(paths(HttpMethod.POST, "/api/incidents")).hasAnyAuthority(RESPONDERS)
            .requestMatchers(paths(HttpMethod.POST, "/api/incidents/*/severity")).hasAnyAuthority(INCIDENT_MANAGERS)
            .requestMatchers(paths(HttpMethod.POST, "/api/incidents/*/waiting", "/api/incidents/*/waiting/end"))
            .hasAnyAuthority(RESPONDERS, INCIDENT_MANAGERS)
            .requestMatchers(paths("/api/audit/**")).hasAnyAuthority(AUDITORS, INCIDENT_MANAGERS)
            .requestMatchers(paths(HttpMethod.POST, "/api/alerts", "/api/alerts/ocsf", "/api/alerts/asff", "/api/alerts/alertmanager",
                "/api/alerts/cloudevents")).hasAnyAuthority(ALERT_SOURCES, RESPONDERS)
            .requestMatchers(paths("/api/metrics", "/api/metrics/**")).hasAnyAuthority(INCIDENT_MANAGERS, AUDITORS, ADMINS)
            .requestMatchers(paths("/api/**", "/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html"))
            .hasAnyAuthority(RESPONDERS, INCIDENT_MANAGERS, AUDITORS, ADMINS)
            .anyRequest().denyAll())
        .addFilterBefore(new BearerTokenFilter(tokens, json), BasicAuthenticationFilter.class)
        .addFilterBefore(new WebappSessionReadFilter(engine.getIdentityService(), engine.getName(), json),
            BasicAuthenticationFilter.class)
        .addFilterAfter(new RequestUserFilter(), BasicAuthenticationFilter.class)
        .httpBasic(basic -> basic.realmName(REALM)
            .authenticationEntryPoint((request, response, e) -> unauthorized(response, json, e)))
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint((request, response, e) -> unauthorized(response, json, e))
            .accessDeniedHandler((request, response, e) -> {
              Authentication caller = SecurityContextHolder.getContext().getAuthentication();
              if (isCustomerContact(caller)) {
                // Outside its portal a customer contact learns nothing, not even that a route or incident exists.
                String path = request.getRequestURI().substring(request.getContextPath().length());
                String incidentId = incidentOf(path);
                if (incidentId != null) {
                  refusals.getObject().refused(incidentId, RefusalLog.ACCESS_DENIED, caller.getName(),
                      request.getMethod() + " " + path + " refused (404)", List.of("a customer security contact reads "
                          + "only its own portal"));
                }
                RequestRecord.problem(request, NOT_FOUND);
                Problems.write(response, json, HttpStatus.NOT_FOUND, NOT_FOUND);
                return;
              }
              RequestRecord.problem(request, DENIED);
              Problems.write(response, json, HttpStatus.FORBIDDEN, DENIED);
            }))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
            // This chain never logs anyone in to a session; a read with the webapps' session must not change its id
            // (the webapps' other requests still carry the old one).
            .sessionFixation(fixation -> fixation.none()))
        // Stateless HTTP Basic: no cookie is ever sent, so there is nothing for a cross-site request to ride on.
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable);
    return http.build();
  }

  static boolean isCustomerContact(Authentication caller) {
    return caller != null && caller.getAuthorities().stream().anyMatch(a -> CUSTOMER_CONTACTS.equals(a.getAuthority()));
  }

  /** The incident an {@code /api/incidents/{id}/...} path names, or null. */
  static String incidentOf(String path) {
    String[] segments = path.split("/");
    return segments.length > 3 && "api".equals(segments[1]) && "incidents".equals(segments[2])
        && segments[3].matches("[A-Za-z0-9-]{1,64}") ? segments[3] : null;
  }

  /**
   * The acknowledgement links of customer notices: the only routes without login besides the health probe
   * (AnonymousAccessTest lists them). Stateless, no cookie, no Basic challenge; the form's own check replaces CSRF.
   */
  @Bean
  @Order(2)
  SecurityFilterChain acknowledgementLinks(HttpSecurity http) throws Exception {
    http.securityMatcher(paths("/ack/*")[0])
        .authorizeHttpRequests(routes -> routes
            .requestMatchers(paths(HttpMethod.GET, "/ack/*")).permitAll()
            .requestMatchers(paths(HttpMethod.POST, "/ack/*")).permitAll()
            .anyRequest().denyAll())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .headers(headers -> headers.frameOptions(frame -> frame.deny()))
        .requestCache(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .anonymous(anonymous -> anonymous.principal("acknowledgement-link"));
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain webappSecurity(HttpSecurity http, CamundaIdentityAuthenticationProvider provider, ObjectMapper json)
      throws Exception {
    http.authenticationManager(new ProviderManager(provider))
        .authorizeHttpRequests(routes -> routes
            // The webapps check their own session; their REST API refuses anonymous calls itself.
            .requestMatchers(paths("/", "/camunda", "/camunda/**", "/error", "/favicon.ico")).permitAll()
            .anyRequest().authenticated())
        .httpBasic(basic -> basic.realmName(REALM)
            .authenticationEntryPoint((request, response, e) -> unauthorized(response, json, e)))
        // The webapps carry their own CSRF protection (X-XSRF-TOKEN) and security headers.
        .csrf(AbstractHttpConfigurer::disable)
        .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable);
    return http.build();
  }

  /**
   * No tracing observations around each security filter, the authentication and the authorization decision:
   * they cost more per request than the filters themselves. Request metrics ({@code http.server.requests}) stay.
   */
  @Bean
  static SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** Makes each {@code /engine-rest} call run as the authenticated user, so engine authorizations apply. */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("irflow-engine-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        ContainerBasedAuthenticationProvider.class.getName());
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(0);
    return registration;
  }

  /** The webapps' login: throttled per user and source address, and closed to machine accounts. */
  @Bean
  FilterRegistrationBean<WebappLoginFilter> webappLoginGuard(LoginThrottle throttle, MachineAccounts machineAccounts,
      ObjectMapper json) {
    FilterRegistrationBean<WebappLoginFilter> registration =
        new FilterRegistrationBean<>(new WebappLoginFilter(throttle, machineAccounts, json));
    registration.setName("irflow-webapp-login-guard");
    registration.addUrlPatterns(WebappLoginFilter.URL_PATTERN);
    return registration;
  }

  /** No webapp REST call with a machine account's session. */
  @Bean
  FilterRegistrationBean<MachineAccountSessionFilter> webappMachineAccountGuard(ObjectMapper json) {
    FilterRegistrationBean<MachineAccountSessionFilter> registration =
        new FilterRegistrationBean<>(new MachineAccountSessionFilter(json));
    registration.setName("irflow-webapp-machine-account-guard");
    registration.addUrlPatterns(MachineAccountSessionFilter.URL_PATTERN);
    return registration;
  }

  private static RequestMatcher[] paths(String... patterns) {
    return paths(null, patterns);
  }

  private static RequestMatcher[] paths(HttpMethod method, String... patterns) {
    PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
    RequestMatcher[] matchers = new RequestMatcher[patterns.length];
    for (int i = 0; i < patterns.length; i++) {
      matchers[i] = builder.matcher(method, patterns[i]);
    }
    return matchers;
  }

  private static void unauthorized(HttpServletResponse response, ObjectMapper json, AuthenticationException e)
      throws IOException {
    if (e instanceof LoginThrottledException throttled) {
      Problems.throttled(response, json, throttled);
      return;
    }
    if (io.irflow.system.DatabaseOutage.isCause(e)) {
      // The password could not be checked: the database is away, not the caller's credentials wrong.
      response.setHeader("Retry-After", Integer.toString(io.irflow.system.DatabaseOutage.RETRY_AFTER_SECONDS));
      Problems.write(response, json, HttpStatus.SERVICE_UNAVAILABLE, io.irflow.system.DatabaseOutage.problem().getDetail());
      return;
    }
    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    Problems.write(response, json, HttpStatus.UNAUTHORIZED,
        "Authentication is required: use HTTP Basic with your user id and password, or an API token on /api.");
  }
}
