package io.emqx.mcp.emqx;

import io.emqx.mcp.emqx.model.BrokerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks EMQX's {@code /status} now and then, so that a health check can say whether EMQX answered
 * without every health request reaching EMQX (the health endpoint needs no token, so it must not
 * let anyone drive traffic to the broker).
 */
public final class EmqxProbe implements AutoCloseable {

  /** The last probe: {@code answered} is true when EMQX sent any HTTP answer. */
  public record Result(
      boolean answered, String checkedAt, Integer httpStatus, String brokerStatus, String error) {

    static final Result NOT_YET = new Result(false, null, null, null, "no probe has finished yet");
  }

  private final EmqxClient emqx;
  private final ScheduledExecutorService timer;
  private volatile Result last = Result.NOT_YET;

  private EmqxProbe(EmqxClient emqx) {
    this.emqx = emqx;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "emqx-probe");
              t.setDaemon(true);
              return t;
            });
  }

  /** Probes at once, then every {@code interval}. */
  public static EmqxProbe start(EmqxClient emqx, Duration interval) {
    EmqxProbe probe = new EmqxProbe(emqx);
    probe.timer.scheduleWithFixedDelay(probe::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return probe;
  }

  public Result last() {
    return last;
  }

  void probe() {
    String now = Instant.now().toString();
    try {
      BrokerStatus status = emqx.status();
      last = new Result(true, now, 200, status.brokerStatus(), null);
    } catch (EmqxApiException e) {
      boolean answered =
          e.kind() == EmqxApiException.Kind.HTTP || e.kind() == EmqxApiException.Kind.BAD_RESPONSE;
      last =
          new Result(
              answered, now, e.httpStatus() == 0 ? null : e.httpStatus(), null, e.getMessage());
    } catch (RuntimeException e) {
      // Never let one bad probe stop the schedule.
      last = new Result(false, now, null, null, e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
