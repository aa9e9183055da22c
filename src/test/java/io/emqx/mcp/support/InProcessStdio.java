package io.emqx.mcp.support;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The real server on {@link BytePipe}s ({@link PipedServer}) (stdio as a process sees it), driven
 * by {@link RawRpc}.
 */
public final class InProcessStdio implements AutoCloseable {

  public final RawRpc rpc;
  public final CountDownLatch closed = new CountDownLatch(1);
  private final Assembly assembly;

  public InProcessStdio(Settings settings) throws IOException {
    this(settings, new Policy(settings));
  }

  /** With a policy of the test's making (an audit log with hooks, a fake clock). */
  public InProcessStdio(Settings settings, Policy policy) throws IOException {
    this(settings, policy, java.time.Clock.systemUTC());
  }

  /**
   * With the clock that dates 2026-07-28 confirmation states (a test moves it to make one stale).
   */
  public InProcessStdio(Settings settings, Policy policy, java.time.Clock clock)
      throws IOException {
    PipedServer piped =
        PipedServer.start(
            settings, policy, Duration.ofSeconds(10), closed::countDown, a -> a.modern(clock));
    assembly = piped.assembly();
    rpc = new RawRpc(piped.fromServer(), piped.toServer());
  }

  @Override
  public void close() throws IOException {
    rpc.close();
    assembly.close();
  }
}
