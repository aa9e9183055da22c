package io.emqx.mcp.support;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.transport.StdioTransport;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * The real server (its {@link Assembly} behind a {@code StdioTransport}) on two {@link BytePipe}s,
 * as a process's stdin and stdout: what {@link TestServer} connects the SDK client to and {@link
 * InProcessStdio} its raw JSON-RPC. The test writes to {@link #toServer} and reads {@link
 * #fromServer}.
 *
 * @param modern the 2026-07-28 request manager made from the assembly, or null for a server that
 *     speaks only the 2025-11-25 era
 */
record PipedServer(Assembly assembly, InputStream fromServer, OutputStream toServer) {

  static PipedServer start(
      Settings settings,
      Policy policy,
      Duration drainTimeout,
      Runnable onClosed,
      Function<Assembly, McpRequestManager> modern) {
    BytePipe in = new BytePipe();
    BytePipe out = new BytePipe();
    Assembly assembly = Assembly.of(settings, policy);
    assembly.server(
        new StdioTransport(
            McpServerFactory.jsonMapper(),
            in.in,
            out.out,
            drainTimeout,
            onClosed,
            modern.apply(assembly)));
    return new PipedServer(assembly, out.in, in.out);
  }
}
