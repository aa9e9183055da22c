package io.emqx.mcp.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link RateLimiter} per caller ({@link Identity#key()}), so that one caller's burst does not
 * use up another's budget. Bounded: it keeps the callers seen most recently; a caller forgotten
 * (only after {@link #CAPACITY} others called since) starts with a fresh budget. Static tokens are
 * few; OAuth subjects each need a token the issuer signed, so a flood of new callers is the
 * issuer's to allow.
 */
final class RateLimiters {

  static final int CAPACITY = 10_000;

  private final int limit;
  private final LongSupplier clock;
  private final Map<String, RateLimiter> byCaller =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
          return size() > CAPACITY;
        }
      };

  RateLimiters(int limit, LongSupplier clock) {
    this.limit = limit;
    this.clock = clock;
  }

  synchronized RateLimiter of(String caller) {
    return byCaller.computeIfAbsent(caller, c -> new RateLimiter(limit, clock));
  }
}
