package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The mutation rate limit (mcp.max-mutations-per-minute): a sliding one-minute log, on a fake
 * clock.
 */
class RateLimiterTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void limitPermits_thenTheWaitUntilTheOldestLeavesTheWindow() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    RateLimiter limiter = new RateLimiter(3, now::get);
    assertEquals(0, limiter.tryAcquire());
    now.addAndGet(10 * SECOND);
    assertEquals(0, limiter.tryAcquire());
    assertEquals(0, limiter.tryAcquire());
    assertEquals(50_000, limiter.tryAcquire(), "the first permit frees 60 s after it was taken");
    now.addAndGet(50 * SECOND - 1);
    assertEquals(1, limiter.tryAcquire(), "a nanosecond short rounds up to a millisecond, never 0");
    now.addAndGet(1);
    assertEquals(0, limiter.tryAcquire());
    assertEquals(
        10_000, limiter.tryAcquire(), "a refusal takes nothing: the next frees 10 s later");
  }

  @Test
  void zeroOrNegative_isNoLimit() {
    AtomicLong now = new AtomicLong();
    for (int limit : new int[] {0, -1}) {
      RateLimiter limiter = new RateLimiter(limit, now::get);
      for (int i = 0; i < 10_000; i++) {
        assertEquals(0, limiter.tryAcquire());
      }
    }
  }

  @Test
  void burstAtTheEdgeOfAMinute_isStillLimitedOverTheSlidingMinute() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(60, now::get);
    now.set(59 * SECOND);
    for (int i = 0; i < 60; i++) {
      assertEquals(0, limiter.tryAcquire());
    }
    now.set(61 * SECOND); // a fixed-window counter would have reset at 60 s
    assertTrue(
        limiter.tryAcquire() > 0, "60 per minute holds for every minute, not per calendar minute");
  }

  /** Whatever the spacing of the calls, no 60-second window ever holds more than the limit. */
  @Property(tries = 200)
  void noWindowHoldsMoreThanTheLimit(
      @ForAll @IntRange(min = 1, max = 8) int limit,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 20_000) Integer> gapsMillis) {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(limit, now::get);
    ArrayDeque<Long> granted = new ArrayDeque<>();
    for (int gap : gapsMillis) {
      now.addAndGet(gap * 1_000_000L);
      long wait = limiter.tryAcquire();
      while (!granted.isEmpty() && now.get() - granted.peekFirst() >= 60 * SECOND) {
        granted.pollFirst();
      }
      if (wait == 0) {
        granted.addLast(now.get());
        assertTrue(
            granted.size() <= limit, granted.size() + " permits within a minute, limit " + limit);
      } else {
        assertEquals(limit, granted.size(), "refused while the window still had room");
        assertTrue(wait <= 60_000, "never more than a minute to wait");
      }
    }
  }
}
