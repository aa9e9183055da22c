package io.emqx.mcp.support;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.transport.StdioTransport;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The real server on NIO pipes, driven by {@link RawRpc}. */
public final class InProcessStdio implements AutoCloseable {

  public final RawRpc rpc;
  public final CountDownLatch closed = new CountDownLatch(1);
  private final EmqxClient emqx;
  private final MqttConnection mqtt;

  public InProcessStdio(Settings settings) throws IOException {
    Pipe in = Pipe.open();
    Pipe out = Pipe.open();
    emqx = new EmqxClient(settings.emqx(), settings.mcp().readOnly());
    mqtt = new MqttConnection(settings.mqtt(), settings.emqx().requestTimeout());
    StdioTransport transport = new StdioTransport(McpServerFactory.jsonMapper(), Channels.newInputStream(in.source()),
        Channels.newOutputStream(out.sink()), Duration.ofSeconds(10), closed::countDown);
    McpServerFactory.build(transport, ToolCatalog.all(emqx, mqtt), new Policy(settings), emqx);
    rpc = new RawRpc(Channels.newInputStream(out.source()), Channels.newOutputStream(in.sink()));
  }

  @Override
  public void close() throws IOException {
    rpc.close();
    emqx.close();
    mqtt.close();
  }
}
