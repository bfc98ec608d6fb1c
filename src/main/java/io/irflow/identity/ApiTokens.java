package io.irflow.identity;

import io.irflow.identity.ApiTokenRepository.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Service;

/**
 * API tokens: a machine account's alternative to its password on {@code /api/**}. A token is {@code irf_} and 43
 * characters of base64url (256 random bits); it is shown once, when issued, and only its SHA-256 hash is kept. A
 * user may hold several (to rotate without downtime); each can be revoked. A token authenticates as its user, with
 * the user's Camunda groups as authorities. A verified token is trusted for {@link #TRUST_FOR} on this node,
 * except that revoking it here takes effect at once.
 */
@Service
class ApiTokens {

  static final String PREFIX = "irf_";
  static final Duration TRUST_FOR = CamundaIdentityAuthenticationProvider.TRUST_FOR;
  /** last_used_at is written at most this often per token, not on every request. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  static final int MAX_CACHED = 10_000;
  private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

  record Issued(StoredToken stored, String token) {}

  private record Verified(String tokenId, String userId, List<SimpleGrantedAuthority> authorities, long until) {}

  private final ApiTokenRepository repository;
  private final IdentityService identityService;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  ApiTokens(ApiTokenRepository repository, IdentityService identityService, ObjectProvider<Clock> clock) {
    this.repository = repository;
    this.identityService = identityService;
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  /** A new token for the user, or empty when there is no such user. */
  Optional<Issued> issue(String userId, String name, String issuedBy) {
    if (identityService.createUserQuery().userId(userId).count() == 0) {
      return Optional.empty();
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    StoredToken stored = new StoredToken(UUID.randomUUID().toString(), userId, name, hash(token), now(), issuedBy,
        null, null, null);
    repository.insert(stored);
    return Optional.of(new Issued(stored, token));
  }

  List<StoredToken> list(String userId) {
    return repository.list(userId);
  }

  /** Revokes the token; false when there is no such token. Revoking twice keeps the first revocation. */
  boolean revoke(String id, String revokedBy) {
    Optional<StoredToken> token = repository.findById(id);
    token.ifPresent(t -> {
      repository.revoke(id, now(), revokedBy);
      verified.remove(t.secretHash());
    });
    return token.isPresent();
  }

  /** The token's user with its groups, or empty for a malformed, unknown or revoked token or a deleted user. */
  Optional<Authentication> authenticate(String token) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      return Optional.empty();
    }
    String hash = hash(token);
    Verified known = verified.get(hash);
    if (known != null && known.until() > clock.millis()) {
      return Optional.of(UsernamePasswordAuthenticationToken.authenticated(known.userId(), null, known.authorities()));
    }
    Optional<StoredToken> stored = repository.findBySecretHash(hash).filter(t -> !t.revoked());
    if (stored.isEmpty() || identityService.createUserQuery().userId(stored.get().userId()).count() == 0) {
      verified.remove(hash);
      return Optional.empty();
    }
    StoredToken t = stored.get();
    if (t.lastUsedAt() == null || t.lastUsedAt().plus(TOUCH_EVERY).isBefore(now())) {
      repository.touch(t.id(), now());
    }
    List<SimpleGrantedAuthority> authorities = Groups.effective(identityService.createGroupQuery().groupMember(t.userId()).list()
            .stream().map(Group::getId).toList()).stream()
        .map(SimpleGrantedAuthority::new)
        .toList();
    if (verified.size() >= MAX_CACHED) {
      verified.clear();
    }
    verified.put(hash, new Verified(t.id(), t.userId(), authorities, clock.millis() + TRUST_FOR.toMillis()));
    return Optional.of(UsernamePasswordAuthenticationToken.authenticated(t.userId(), null, authorities));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
