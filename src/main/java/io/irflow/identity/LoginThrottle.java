package io.irflow.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing per account <em>and</em> source address, so a stranger guessing a password
 * never locks the account's owner out, and every block ends by itself within {@link #MAX_BLOCK}.
 *
 * <p>Each (account, source) pair has {@link #FREE_FAILURES} failed attempts for free; every further failure
 * blocks the pair for 2<sup>n-5</sup> seconds (n = failures so far), at most {@link #MAX_BLOCK}. While blocked,
 * the pair is refused without checking the password. A success clears the pair; a pair without a failure for
 * {@link #FORGET_AFTER} after its block ended is forgotten. At most {@link #MAX_ENTRIES} pairs are kept.
 */
@Component
class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration MAX_BLOCK = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  static final int MAX_ENTRIES = 100_000;

  record Key(String account, String source) {}

  /** Failures so far, when the last one happened and until when the pair is blocked (immutable, replaced on change). */
  record Entry(int failures, Instant lastFailure, Instant blockedUntil) {

    boolean blockedAt(Instant now) {
      return blockedUntil.isAfter(now);
    }

    boolean expiredAt(Instant now) {
      Instant latest = blockedUntil.isAfter(lastFailure) ? blockedUntil : lastFailure;
      return !latest.plus(FORGET_AFTER).isAfter(now);
    }
  }

  private final Clock clock;
  private final int maxEntries;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  @Autowired
  LoginThrottle(ObjectProvider<Clock> clock) {
    this(clock.getIfUnique(Clock::systemUTC), MAX_ENTRIES);
  }

  LoginThrottle(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /** How long the pair must still wait; {@link Duration#ZERO} when it may try now. */
  Duration blockedFor(String account, String source) {
    Entry entry = entries.get(new Key(account, source));
    Instant now = clock.instant();
    return entry != null && entry.blockedAt(now) ? Duration.between(now, entry.blockedUntil()) : Duration.ZERO;
  }

  /** Records a failed attempt; returns how long the pair is now blocked ({@link Duration#ZERO} for a free one). */
  Duration failed(String account, String source) {
    Instant now = clock.instant();
    Key key = new Key(account, source);
    if (!entries.containsKey(key) && entries.size() >= maxEntries) {
      makeRoom(now);
    }
    Entry entry = entries.compute(key, (k, previous) -> {
      int failures = previous == null || previous.expiredAt(now) ? 1 : previous.failures() + 1;
      return new Entry(failures, now, now.plus(blockFor(failures)));
    });
    return Duration.between(now, entry.blockedUntil());
  }

  /** A correct password: the pair starts afresh. */
  void succeeded(String account, String source) {
    entries.remove(new Key(account, source));
  }

  /** The block after the n-th consecutive failure. */
  static Duration blockFor(int failures) {
    if (failures <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int exponent = failures - FREE_FAILURES;
    if (exponent >= 30) {
      return MAX_BLOCK;
    }
    Duration block = Duration.ofSeconds(1L << exponent);
    return block.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : block;
  }

  int size() {
    return entries.size();
  }

  /**
   * Full: forget expired pairs first, then pairs that are not blocked (oldest failure first), and only then
   * blocked ones (the soonest to end first), until a tenth of the room is free again.
   */
  private synchronized void makeRoom(Instant now) {
    if (entries.size() < maxEntries) {
      return;
    }
    entries.values().removeIf(entry -> entry.expiredAt(now));
    int target = maxEntries - Math.max(1, maxEntries / 10);
    if (entries.size() <= target) {
      return;
    }
    entries.entrySet().stream()
        .sorted(Comparator.<Map.Entry<Key, Entry>, Boolean>comparing(e -> e.getValue().blockedAt(now))
            .thenComparing(e -> e.getValue().blockedAt(now) ? e.getValue().blockedUntil() : e.getValue().lastFailure()))
        .limit(entries.size() - (long) target)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(entries::remove);
  }
}
