package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestServer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The transport's output survives a sender whose thread is interrupted (a cancelled tool call's
 * thread, or any Reactor thread disposed from elsewhere). The output here is deliberately the
 * interruptible kind: a {@code Channels} stream over an NIO pipe, which an interrupt of the writing
 * thread closes for good. Every send is handed to the transport's own writer thread, so the session
 * goes on.
 */
class StdioOutputTest {

  @RepeatedTest(3)
  void sendFromAnInterruptedThread_doesNotCloseTheOutput() throws Exception {
    Settings settings = TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(5), false);
    Pipe in = Pipe.open();
    Pipe out = Pipe.open();
    CountDownLatch closed = new CountDownLatch(1);
    EmqxClient emqx = new EmqxClient(settings.emqx(), false);
    MqttConnection mqtt = new MqttConnection(settings.mqtt(), settings.emqx().requestTimeout());
    StdioTransport transport =
        new StdioTransport(
            McpServerFactory.jsonMapper(),
            Channels.newInputStream(in.source()),
            Channels.newOutputStream(out.sink()),
            Duration.ofSeconds(5),
            closed::countDown);
    io.emqx.mcp.server.Assembly.of(settings, new Policy(settings)).server(transport);
    try (RawRpc rpc =
        new RawRpc(Channels.newInputStream(out.source()), Channels.newOutputStream(in.sink()))) {
      rpc.initialize();
      Thread sender =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                for (int i = 0; i < 20; i++) {
                  transport
                      .notifyClients(
                          "notifications/message", Map.of("level", "info", "data", "n" + i))
                      .subscribe();
                }
              },
              "interrupted-sender");
      sender.start();
      sender.join();
      Map<String, Object> pong = rpc.call("ping", Map.of(), Duration.ofSeconds(20));
      assertTrue(pong.containsKey("result"), pong.toString());
      assertEquals(1, closed.getCount(), "the session is still open");
      assertEquals(List.of(), rpc.badLines());
    } finally {
      emqx.close();
      mqtt.close();
    }
  }
}
