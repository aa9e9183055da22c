package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.emqx.mcp.config.MqttSettings;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.Mqtt311OnlyBroker;
import io.emqx.mcp.support.TestBroker;
import io.emqx.mcp.support.TestCerts;
import io.emqx.mcp.support.TestServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT tools when the broker is down, restarts, wants credentials, denies, speaks only 3.1.1 or
 * TLS, and when the client cancels: each a clear contract code, never a hang.
 */
class MqttConnectionFailuresTest {

  static Settings settings(MqttSettings mqtt) {
    return TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(10), false).withMqtt(mqtt);
  }

  static MqttSettings mqtt(String url) {
    return MqttSettings.defaultsFor("http://127.0.0.1:1/api/v5").withUrl(url);
  }

  @Test
  void brokerDown_isUnavailableAtOnce_namingTheUrl_andTheNextCallTriesAgain() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // A long time limit, so that failing fast is told apart from waiting it out, even on a busy
    // machine.
    Settings patient =
        TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(15), false)
            .withMqtt(mqtt("tcp://127.0.0.1:" + port));
    try (TestServer s = TestServer.start(patient)) {
      for (int i = 0; i < 2; i++) {
        long started = System.nanoTime();
        Map<String, Object> error =
            s.error("mqtt_subscribe", Map.of("topic", "a/b", "timeout_seconds", 1));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(7).toNanos(), "no hang");
        assertEquals("EMQX_UNAVAILABLE", error.get("code"));
        assertTrue(
            error.get("message").toString().contains("tcp://127.0.0.1:" + port), error.toString());
        assertTrue(error.get("message").toString().contains("mqtt.url"), error.toString());
      }
    }
  }

  @Test
  void brokerRestart_anOpenWatchIsRestored_andLaterCallsReconnect() throws Exception {
    try (TestBroker broker = TestBroker.start();
        TestServer s = TestServer.start(settings(mqtt(broker.url())))) {
      Mqtt5BlockingClient before = broker.client("before");
      TestBroker.publishRetained(before, "live/hello", "retained");
      before.disconnect();
      CompletableFuture<Map<String, Object>> watch =
          CompletableFuture.supplyAsync(
              () ->
                  TestServer.parse(
                      TestServer.text(
                          s.callWithProgress(
                              "mqtt_subscribe",
                              Map.of("topic", "live/#", "max_messages", 2, "timeout_seconds", 25),
                              "live"))));
      // The retained message has arrived: the watch is subscribed.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (s.progress().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, s.progress().size());

      broker.stop();
      Map<String, Object> down =
          s.error("mqtt_subscribe", Map.of("topic", "other", "timeout_seconds", 1));
      assertEquals("EMQX_UNAVAILABLE", down.get("code"), down.toString());
      broker.restart();

      Mqtt5BlockingClient after = broker.client("after");
      while (!watch.isDone()) {
        after
            .publishWith()
            .topic("live/after-restart")
            .payload("back".getBytes(StandardCharsets.UTF_8))
            .send();
        Thread.sleep(200);
      }
      after.disconnect();
      Map<String, Object> r = watch.get(1, TimeUnit.SECONDS);
      assertEquals("max_messages", r.get("stopped_by"), r.toString());
      assertEquals(1, r.get("connection_lost"), r.toString());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> messages = (List<Map<String, Object>>) r.get("messages");
      assertEquals("live/hello", messages.get(0).get("topic"));
      assertEquals("live/after-restart", messages.get(1).get("topic"));
      assertEquals(
          0, s.ok("mqtt_subscribe", Map.of("topic", "other", "timeout_seconds", 1)).get("count"));
    }
  }

  @Test
  void credentials_wrongIsAuthFailedWithoutThePassword_rightConnects() throws Exception {
    try (TestBroker broker =
        TestBroker.start(TestBroker.Options.plain().withLogin("ops", "right-pw"))) {
      MqttSettings wrong =
          mqtt(broker.url()).withCredentials("ops", new Secret("Wr0ng-pw-never-shown"));
      try (TestServer s = TestServer.start(settings(wrong))) {
        Map<String, Object> error =
            s.error("mqtt_subscribe", Map.of("topic", "a", "timeout_seconds", 1));
        assertEquals("EMQX_AUTH_FAILED", error.get("code"), error.toString());
        assertFalse(error.toString().contains("Wr0ng-pw-never-shown"));
        assertTrue(error.get("message").toString().contains("mqtt.password"), error.toString());
      }
      MqttSettings right = mqtt(broker.url()).withCredentials("ops", new Secret("right-pw"));
      try (TestServer s = TestServer.start(settings(right))) {
        assertEquals(
            0, s.ok("mqtt_subscribe", Map.of("topic", "a", "timeout_seconds", 1)).get("count"));
      }
    }
  }

  /**
   * A broker whose packet limit is below the message: refused, saying which limit and what to do.
   */
  @Test
  void publishOverTheBrokersPacketSize_isRejected_namingTheLimit() throws Exception {
    try (TestBroker broker = TestBroker.start(TestBroker.Options.plain().withMaxPacketSize(1024));
        TestServer s = TestServer.start(settings(mqtt(broker.url())))) {
      Map<String, Object> error =
          s.error(
              "mqtt_query",
              Map.of(
                  "request_topic",
                  "big/request",
                  "payload",
                  "x".repeat(4000),
                  "timeout_seconds",
                  1));
      assertEquals("EMQX_REJECTED", error.get("code"), error.toString());
      String message = error.get("message").toString();
      assertTrue(message.contains("mqtt.max_packet_size") && message.contains("smaller"), message);
      assertFalse(message.contains("mqtt.url"), "not a connection problem: " + message);
    }
  }

  @Test
  void brokerAuthorizationDenial_isForbidden_withTheReasonCode() throws Exception {
    try (TestBroker broker = TestBroker.start(TestBroker.Options.plain().denying("secret/"));
        TestServer s = TestServer.start(settings(mqtt(broker.url())))) {
      Map<String, Object> error =
          s.error("mqtt_subscribe", Map.of("topic", "secret/+", "timeout_seconds", 1));
      assertEquals("EMQX_FORBIDDEN", error.get("code"), error.toString());
      assertEquals(0x87, error.get("reason_code"));
      assertEquals(
          0,
          s.ok("mqtt_subscribe", Map.of("topic", "public/+", "timeout_seconds", 1)).get("count"));
    }
  }

  @Test
  void mqtt311Broker_fallsBack_andQueryNeedsAResponseTopic() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Mqtt311OnlyBroker legacy = new Mqtt311OnlyBroker(broker.port());
        TestServer s = TestServer.start(settings(mqtt(legacy.url())))) {
      Mqtt5BlockingClient device = broker.client("legacy-device");
      TestBroker.publishRetained(device, "legacy/state", "on");
      Map<String, Object> watched =
          s.ok("mqtt_subscribe", Map.of("topic", "legacy/#", "max_messages", 1));
      assertEquals("3.1.1", watched.get("protocol"));
      assertEquals(1, watched.get("count"));

      Map<String, Object> noTopic =
          s.error("mqtt_query", Map.of("request_topic", "legacy/7/get", "payload", "v?"));
      assertEquals("INVALID_ARGUMENT", noTopic.get("code"));
      assertTrue(noTopic.get("message").toString().contains("3.1.1"), noTopic.toString());

      // A 3.1.1 responder answers on a topic it knows, with no correlation data to copy.
      Mqtt5AsyncClient responder = broker.client("legacy-responder").toAsync();
      responder
          .subscribeWith()
          .topicFilter("legacy/+/get")
          .callback(
              req ->
                  responder
                      .publishWith()
                      .topic("legacy/" + req.getTopic().getLevels().get(1) + "/reply")
                      .payload("v1.0".getBytes(StandardCharsets.UTF_8))
                      .send())
          .send()
          .join();
      Map<String, Object> r =
          s.ok(
              "mqtt_query",
              Map.of(
                  "request_topic",
                  "legacy/7/get",
                  "payload",
                  "v?",
                  "response_topic",
                  "legacy/7/reply"));
      assertEquals("3.1.1", r.get("protocol"));
      assertEquals(false, r.get("correlated"));
      assertEquals("v1.0", ((Map<?, ?>) r.get("reply")).get("payload"));
      responder.disconnect().join();
      device.disconnect();
    }
  }

  @Test
  void tls_trustsTheConfiguredCa_andChecksTheServerName(@TempDir Path dir) throws Exception {
    TestCerts certs = TestCerts.create(dir);
    try (TestBroker broker =
        TestBroker.start(TestBroker.Options.plain().withTls(certs.keyStore(), certs.password()))) {
      MqttSettings trusted = mqtt(broker.url()).withCaFile(certs.caPem().toFile());
      try (TestServer s = TestServer.start(settings(trusted))) {
        assertEquals(
            0, s.ok("mqtt_subscribe", Map.of("topic", "tls/+", "timeout_seconds", 1)).get("count"));
      }
      try (TestServer s = TestServer.start(settings(mqtt(broker.url())))) {
        Map<String, Object> untrusted =
            s.error("mqtt_subscribe", Map.of("topic", "tls/+", "timeout_seconds", 1));
        assertEquals("EMQX_UNAVAILABLE", untrusted.get("code"));
        assertTrue(untrusted.get("message").toString().contains("TLS"), untrusted.toString());
      }
      // The certificate names localhost only: by IP address the name check must refuse it.
      MqttSettings byIp =
          mqtt("ssl://127.0.0.1:" + broker.port()).withCaFile(certs.caPem().toFile());
      try (TestServer s = TestServer.start(settings(byIp))) {
        Map<String, Object> wrongName =
            s.error("mqtt_subscribe", Map.of("topic", "tls/+", "timeout_seconds", 1));
        assertEquals("EMQX_UNAVAILABLE", wrongName.get("code"), wrongName.toString());
        assertTrue(wrongName.get("message").toString().contains("TLS"), wrongName.toString());
      }
    }
  }

  @Test
  void cancellation_stopsTheWatch_unsubscribes_andSendsNoResponse() throws Exception {
    try (TestBroker broker = TestBroker.start();
        InProcessStdio server = new InProcessStdio(settings(mqtt(broker.url())))) {
      server.rpc.initialize();
      server.rpc.sendLine(
          "{\"jsonrpc\":\"2.0\",\"id\":\"watch-1\",\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"mqtt_subscribe\",\"arguments\":{\"topic\":\"cancel/me/#\",\"timeout_seconds\":60}}}");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!broker.subscriptions("emqx-mcp-").contains("cancel/me/#")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(broker.subscriptions("emqx-mcp-").contains("cancel/me/#"), "subscribed");

      server.rpc.sendLine(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
              + "{\"requestId\":\"watch-1\",\"reason\":\"user pressed stop\"}}");
      deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (broker.subscriptions("emqx-mcp-").contains("cancel/me/#")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(
          broker.subscriptions("emqx-mcp-").contains("cancel/me/#"),
          "unsubscribed well before 60 s");
      // The session goes on: another call answers; the cancelled one never does.
      Map<String, Object> next =
          server.rpc.call(
              "tools/call",
              Map.of(
                  "name",
                  "mqtt_subscribe",
                  "arguments",
                  Map.of("topic", "x", "timeout_seconds", 1)),
              Duration.ofSeconds(10));
      assertEquals(
          0, ((Map<?, ?>) ((Map<?, ?>) next.get("result")).get("structuredContent")).get("count"));
      assertTrue(
          server.rpc.unexpected().stream().noneMatch(m -> "watch-1".equals(m.get("id"))),
          server.rpc.unexpected().toString());
    }
  }
}
