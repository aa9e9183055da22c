package io.emqx.mcp.emqx;

import io.emqx.mcp.work.WorkQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs independent EMQX calls side by side, so that a composite answer (a diagnosis, a rule with
 * its metrics) costs the slowest call rather than the sum. One small pool serves the whole process:
 * a pool per call would cost thread start-up on every call and let a burst of calls spawn threads
 * without bound. Its threads are daemons and time out when idle, and it is created on first use, so
 * a server that never diagnoses never starts it.
 */
public final class Parallel {

  /** Enough for a few diagnoses in flight at once; more calls queue rather than add threads. */
  private static final int THREADS = 8;

  private Parallel() {}

  private static final class Pool {
    static final ExecutorService EXECUTOR = create();

    private static ExecutorService create() {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory threads =
          r -> {
            Thread t = new Thread(r, "emqx-parallel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /** What one call gave: its value, or the EMQX failure that stopped it. */
  public record Outcome<T>(T value, EmqxApiException failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  /** Starts the call on the shared pool. */
  public static <T> CompletableFuture<T> start(Supplier<T> call) {
    // The call's EMQX version requirement goes with it (VersionGate).
    return CompletableFuture.supplyAsync(VersionGate.carried(call), Pool.EXECUTOR);
  }

  /**
   * Starts the call and keeps an EMQX failure as an {@link Outcome} instead of failing the future,
   * for composite answers that report a partial failure rather than give up.
   */
  public static <T> CompletableFuture<Outcome<T>> attempt(Supplier<T> call) {
    return start(
        () -> {
          try {
            return new Outcome<>(call.get(), null);
          } catch (EmqxApiException e) {
            return new Outcome<>(null, e);
          }
        });
  }

  /**
   * Waits for the call. Each EMQX call has its own time limit ({@code emqx.request-timeout}), so
   * this never waits longer than that. A failure is rethrown as it was thrown, not wrapped.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return WorkQueue.waiting(future::join);
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
