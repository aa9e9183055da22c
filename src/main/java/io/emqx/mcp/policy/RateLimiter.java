package io.emqx.mcp.policy;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} permits in any sliding window of one minute. A sliding log rather than a
 * bucket: an operator's "60 per minute" then holds for every minute, bursts included.
 */
final class RateLimiter {

  private static final long WINDOW_NANOS = 60_000_000_000L;

  private final int limit;
  private final LongSupplier clock;
  private final ArrayDeque<Long> granted = new ArrayDeque<>();

  RateLimiter(int limit, LongSupplier clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Takes a permit; returns 0, or the milliseconds until one frees up (nothing taken). */
  synchronized long tryAcquire() {
    if (limit <= 0) {
      return 0;
    }
    long now = clock.getAsLong();
    while (!granted.isEmpty() && now - granted.peekFirst() >= WINDOW_NANOS) {
      granted.pollFirst();
    }
    if (granted.size() < limit) {
      granted.addLast(now);
      return 0;
    }
    return Math.max(1, (granted.peekFirst() + WINDOW_NANOS - now + 999_999) / 1_000_000);
  }

  int limit() {
    return limit;
  }
}
