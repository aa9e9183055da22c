package io.emqx.mcp.support;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.transport.StdioTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The real server on {@link BytePipe}s (stdio as a process sees it), driven by {@link RawRpc}. */
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
    BytePipe in = new BytePipe();
    BytePipe out = new BytePipe();
    assembly = Assembly.of(settings, policy);
    StdioTransport transport =
        new StdioTransport(
            McpServerFactory.jsonMapper(),
            in.in,
            out.out,
            Duration.ofSeconds(10),
            closed::countDown,
            assembly.modern(clock));
    assembly.server(transport);
    rpc = new RawRpc(out.in, in.out);
  }

  @Override
  public void close() throws IOException {
    rpc.close();
    assembly.close();
  }
}
