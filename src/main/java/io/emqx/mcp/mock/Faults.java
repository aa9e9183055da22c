package io.emqx.mcp.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault knobs of a running fake EMQX. Each setter takes effect on the next request, and holds until
 * changed or {@link #clear()}ed.
 */
public final class Faults {
  private volatile Duration latency = Duration.ZERO;
  private volatile Fault fault = Fault.NONE;

  /** A fixed delay added to every API answer. */
  public Faults latency(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + delay);
    }
    this.latency = delay;
    return this;
  }

  /** Every API request fails this way until cleared; {@link Fault#NONE} answers normally. */
  public Faults failAll(Fault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
    return this;
  }

  /** No latency, no fault. */
  public Faults clear() {
    latency = Duration.ZERO;
    fault = Fault.NONE;
    return this;
  }

  Duration latency() {
    return latency;
  }

  Fault fault() {
    return fault;
  }
}
