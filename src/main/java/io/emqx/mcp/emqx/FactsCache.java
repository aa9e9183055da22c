package io.emqx.mcp.emqx;

import io.emqx.mcp.emqx.EmqxApiException.Kind;
import io.emqx.mcp.work.WorkQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cluster's {@link ClusterFacts}, read once per connection: on first use, and again after the
 * connection to EMQX was lost and came back (an upgrade restarts EMQX, and the version may have
 * changed). "Lost and came back" is {@link HttpExchange#connectionEpoch()}: it moves on when a call
 * got an HTTP answer after an earlier call could not connect or lost its connection unanswered.
 *
 * <p>One detection runs at a time, on the shared {@link Parallel} pool rather than a caller's
 * thread, so that a caller cancelled while it waits (its thread interrupted) stops waiting without
 * breaking the detection the others wait for. A failed detection is not kept: the next call tries
 * again.
 */
final class FactsCache {

  private final Supplier<ClusterFacts> read;
  private final LongSupplier epoch;
  private ClusterFacts facts; // guarded by this
  private long factsEpoch = -1; // guarded by this
  private CompletableFuture<ClusterFacts> running; // guarded by this

  FactsCache(Supplier<ClusterFacts> read, LongSupplier epoch) {
    this.read = read;
    this.epoch = epoch;
  }

  /**
   * The facts of the current connection, reading them if needed; waits at most {@code maxWait} for
   * a detection in flight.
   *
   * @throws EmqxApiException when the detection failed or did not finish in time
   */
  ClusterFacts get(Duration maxWait) {
    CompletableFuture<ClusterFacts> detection;
    synchronized (this) {
      if (facts != null && factsEpoch == epoch.getAsLong()) {
        return facts;
      }
      detection = running;
      if (detection == null) {
        CompletableFuture<ClusterFacts> started = Parallel.start(this::detect);
        running = started;
        detection = started;
        // Cleared when done, success or not, so that a failure is tried again by the next call. A
        // detection that is over already clears it right here (whenComplete runs at once, and the
        // lock is ours): hence the local, not the field, is what this caller waits on.
        started.whenComplete((f, e) -> finished(started));
      }
    }
    return await(detection, maxWait);
  }

  /** The facts last read, whatever the connection since; null before the first detection. */
  synchronized ClusterFacts known() {
    return facts;
  }

  private ClusterFacts detect() {
    ClusterFacts f = read.get();
    // Read after the answer: the answer itself may have been the call that came back.
    long at = epoch.getAsLong();
    synchronized (this) {
      facts = f;
      factsEpoch = at;
    }
    return f;
  }

  private synchronized void finished(CompletableFuture<ClusterFacts> done) {
    if (running == done) {
      running = null;
    }
  }

  private static ClusterFacts await(CompletableFuture<ClusterFacts> detection, Duration maxWait) {
    return WorkQueue.waiting(
        () -> {
          try {
            return detection.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Kind.TIMEOUT, "the call was cancelled while the version was read", e);
          } catch (TimeoutException e) {
            throw failure(
                Kind.TIMEOUT,
                "reading the EMQX version (GET /nodes) took longer than "
                    + maxWait.toMillis()
                    + " ms",
                e);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof EmqxApiException api) {
              throw api;
            }
            throw failure(
                Kind.BAD_RESPONSE,
                "EMQX's answer to GET /nodes states no version: " + e.getCause().getMessage(),
                e.getCause());
          }
        });
  }

  private static EmqxApiException failure(Kind kind, String message, Throwable cause) {
    return new EmqxApiException(kind, Route.LIST_NODES, 0, null, null, message, cause);
  }
}
