package io.irflow.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic credentials checked against Camunda's identity service, so the webapps, the engine's
 * REST API and the product's API share one set of users. The user's Camunda groups become its
 * Spring Security authorities (for example {@code responders}). Failed attempts are throttled per
 * user and source address by {@link LoginThrottle}: a blocked pair is refused with
 * {@link LoginThrottledException} before the password is looked at. A verified login is trusted for
 * {@link #TRUST_FOR}, so a changed password or group takes effect on the API within that time.
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  /** How long a verified user id and password are trusted without asking the engine again. */
  static final Duration TRUST_FOR = Duration.ofSeconds(30);
  static final int MAX_CACHED = 10_000;

  private record Verified(List<SimpleGrantedAuthority> authorities, long until) {}

  private final IdentityService identityService;
  private final LoginThrottle throttle;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  CamundaIdentityAuthenticationProvider(IdentityService identityService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (userId == null || userId.isBlank() || credentials == null) {
      throw new BadCredentialsException("Bad credentials");
    }
    String source = source(authentication);
    Duration wait = throttle.blockedFor(userId, source);
    if (!wait.isZero()) {
      throw new LoginThrottledException(wait);
    }
    // Integrations post many requests a second: a successful check is trusted briefly, keyed by a hash of the
    // credentials (the password itself is never kept). Failed attempts always reach the engine and count for the throttle.
    String key = fingerprint(userId, credentials.toString());
    Verified known = verified.get(key);
    if (known != null && known.until() > System.nanoTime()) {
      throttle.succeeded(userId, source);
      return UsernamePasswordAuthenticationToken.authenticated(userId, null, known.authorities());
    }
    if (!identityService.checkPassword(userId, credentials.toString())) {
      throttle.failed(userId, source);
      throw new BadCredentialsException("Bad credentials");
    }
    throttle.succeeded(userId, source);
    List<SimpleGrantedAuthority> authorities = Groups.effective(identityService.createGroupQuery().groupMember(userId).list()
            .stream().map(Group::getId).toList()).stream()
        .map(SimpleGrantedAuthority::new)
        .toList();
    if (verified.size() >= MAX_CACHED) {
      verified.clear();
    }
    verified.put(key, new Verified(authorities, System.nanoTime() + TRUST_FOR.toNanos()));
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
  }

  /** The client's address as the servlet container sees it (behind a proxy: set server.forward-headers-strategy). */
  private static String source(Authentication authentication) {
    return authentication.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null
        ? details.getRemoteAddress()
        : "unknown";
  }

  private static String fingerprint(String userId, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((userId + "\u0000" + password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
