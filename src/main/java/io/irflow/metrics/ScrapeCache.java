package io.irflow.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/** A value computed at most once per interval, so a scrape's gauges of one family cost one query together. */
final class ScrapeCache<T> {

  private final Supplier<T> load;
  private final long intervalNanos;
  private T value;
  private long loadedAt;

  ScrapeCache(Supplier<T> load, Duration interval) {
    this.load = load;
    this.intervalNanos = interval.toNanos();
  }

  synchronized T get() {
    long now = System.nanoTime();
    if (value == null || now - loadedAt >= intervalNanos) {
      value = load.get();
      loadedAt = now;
    }
    return value;
  }
}
