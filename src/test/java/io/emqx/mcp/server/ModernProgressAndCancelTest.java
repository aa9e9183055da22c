package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.TestBrokerPerClass;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mqtt_subscribe for a 2026-07-28 client: progress per message on the request's own response
 * stream, before its result; and cancellation, by notifications/cancelled on stdio and by hanging
 * up over HTTP, seen at the broker: the watch's subscription goes away long before its timeout.
 */
class ModernProgressAndCancelTest extends TestBrokerPerClass {

  /** The server's MQTT client IDs start with this (mqtt.client-id-prefix). */
  static final String SERVER_CLIENT = "emqx-mcp-";

  static Settings settings() {
    return broker.serverSettings();
  }

  static Map<String, Object> watch(
      String topic, int max, int timeoutSeconds, String progressToken) {
    Map<String, Object> meta = new java.util.LinkedHashMap<>(Modern.meta(Map.of()));
    if (progressToken != null) {
      meta.put("progressToken", progressToken);
    }
    return Modern.with(
        Map.of(
            "name",
            "mqtt_subscribe",
            "arguments",
            Map.of("topic", topic, "max_messages", max, "timeout_seconds", timeoutSeconds)),
        meta);
  }

  @SuppressWarnings("unchecked")
  static void assertProgress(ModernWire wire, String topic) throws Exception {
    for (int i = 1; i <= 3; i++) {
      device
          .publishWith()
          .topic(topic + "/item-" + i)
          .payload(("v" + i).getBytes(StandardCharsets.UTF_8))
          .qos(MqttQos.AT_LEAST_ONCE)
          .retain(true)
          .send();
    }
    Map<String, Object> response =
        wire.request("tools/call", watch(topic + "/+", 3, 20, "watch-7"));
    Map<String, Object> result = (Map<String, Object>) response.get("result");
    assertFalse(Boolean.TRUE.equals(result.get("isError")), response::toString);
    // Written before the response on the same stream: all there once the response is.
    List<Map<String, Object>> progress =
        wire.notifications().stream()
            .filter(n -> "notifications/progress".equals(n.get("method")))
            .toList();
    assertEquals(3, progress.size(), progress::toString);
    for (int i = 0; i < 3; i++) {
      Map<String, Object> p = (Map<String, Object>) progress.get(i).get("params");
      assertEquals("watch-7", p.get("progressToken"));
      assertEquals(i + 1.0, ((Number) p.get("progress")).doubleValue());
      assertEquals(3.0, ((Number) p.get("total")).doubleValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void progress_onTheResponseStream_beforeTheResult(String transport) throws Exception {
    if (transport.equals("stdio")) {
      try (InProcessStdio s = new InProcessStdio(settings())) {
        assertProgress(ModernWire.stdio(s.rpc), "mprogress-stdio");
      }
    } else {
      try (HttpTestServer s = HttpTestServer.start(settings(), HttpTestServer.httpSettings(null))) {
        assertProgress(ModernWire.http(s.base(), null), "mprogress-http");
      }
    }
  }

  /**
   * Waits (polling with a deadline) until the server's watch on {@code filter} is, or is no longer,
   * at the broker.
   */
  static void awaitSubscribed(String filter, boolean subscribed, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (broker.subscriptions(SERVER_CLIENT).contains(filter) != subscribed) {
      assertTrue(
          System.nanoTime() < deadline,
          () ->
              filter
                  + (subscribed ? " never subscribed" : " still subscribed")
                  + ": "
                  + broker.subscriptions(SERVER_CLIENT));
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Test
  void stdio_notificationsCancelled_stopsTheWatch_andNothingAnswersIt() throws Exception {
    try (InProcessStdio s = new InProcessStdio(settings())) {
      CompletableFuture<Map<String, Object>> running =
          s.rpc.request("tools/call", watch("mcancel/stdio", 5, 120, null));
      long id = s.rpc.lastRequestId();
      awaitSubscribed("mcancel/stdio", true, Duration.ofSeconds(30));
      s.rpc.notify("notifications/cancelled", Map.of("requestId", id, "reason", "test"));
      awaitSubscribed("mcancel/stdio", false, Duration.ofSeconds(60));
      // A later request is answered; the cancelled one never is.
      s.rpc.call("tools/list", Modern.params(Map.of()), Duration.ofSeconds(30));
      assertFalse(running.isDone(), () -> "a cancelled request was answered: " + running.join());
    }
  }

  @Test
  void http_closingTheResponseStream_stopsTheWatch() throws Exception {
    try (HttpTestServer s = HttpTestServer.start(settings(), HttpTestServer.httpSettings(null))) {
      Map<String, Object> params = watch("mcancel/http", 5, 120, null);
      byte[] body =
          Json.MAPPER.writeValueAsBytes(
              Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", params));
      try (Socket socket = RawHttp.connect(s.base(), "127.0.0.1")) {
        String head =
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                + s.base().getPort()
                + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + ModernWire.headers("tools/call", params)
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        awaitSubscribed("mcancel/http", true, Duration.ofSeconds(30));
      }
      awaitSubscribed("mcancel/http", false, Duration.ofSeconds(60));
      // The server goes on answering.
      Map<String, Object> list =
          ModernWire.http(s.base(), null).request("tools/list", Modern.params(Map.of()));
      assertTrue(list.containsKey("result"), list::toString);
    }
  }
}
