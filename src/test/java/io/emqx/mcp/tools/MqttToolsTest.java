package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.Says;
import io.emqx.mcp.support.TestBrokerPerClass;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * mqtt_subscribe and mqtt_query as an agent meets them: the real server, the SDK's client, and a
 * real MQTT 5 broker (embedded HiveMQ CE) with test clients publishing and answering next to it.
 */
class MqttToolsTest extends TestBrokerPerClass {

  static TestServer server() throws Exception {
    return TestServer.start(broker.serverSettings());
  }

  static void publish(String topic, byte[] payload, boolean retain) {
    device
        .publishWith()
        .topic(topic)
        .payload(payload)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(retain)
        .send();
  }

  static void publish(String topic, String payload, boolean retain) {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
  }

  /**
   * Runs mqtt_subscribe (at most 20 s) in the background and publishes live messages until it
   * answers.
   */
  static Map<String, Object> subscribeWhilePublishing(
      TestServer s, String topic, int maxMessages, Runnable publishOnce) throws Exception {
    Map<String, Object> args =
        Map.of("topic", topic, "max_messages", maxMessages, "timeout_seconds", 20);
    CompletableFuture<Map<String, Object>> result =
        CompletableFuture.supplyAsync(() -> s.ok("mqtt_subscribe", args));
    while (!result.isDone()) {
      publishOnce.run();
      Thread.sleep(50);
    }
    return result.get(1, TimeUnit.SECONDS);
  }

  /** mqtt_query's arguments; a null response topic or timeout is left out. */
  static Map<String, Object> query(
      String requestTopic, String payload, String responseTopic, Integer timeoutSeconds) {
    Map<String, Object> args = new java.util.LinkedHashMap<>();
    args.put("request_topic", requestTopic);
    args.put("payload", payload);
    if (responseTopic != null) {
      args.put("response_topic", responseTopic);
    }
    if (timeoutSeconds != null) {
      args.put("timeout_seconds", timeoutSeconds);
    }
    return args;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> messages(Map<String, Object> result) {
    return (List<Map<String, Object>>) result.get("messages");
  }

  @Nested
  class Subscribe {

    @Test
    void plusWildcard_collectsMatchingTopicsOnly_inArrivalOrder() throws Exception {
      int[] seq = {0};
      try (TestServer s = server()) {
        Map<String, Object> r =
            subscribeWhilePublishing(
                s,
                "factory/+/status",
                6,
                () -> {
                  int n = seq[0]++;
                  publish("factory/line-" + (n % 2 + 1) + "/status", "{\"seq\":" + n + "}", false);
                  publish("factory/line-1/temperature", "{\"seq\":" + n + "}", false);
                  publish("factory/line-1/status/detail", "deeper", false);
                });
        assertEquals("max_messages", r.get("stopped_by"));
        assertEquals(6, r.get("count"));
        assertEquals("5", r.get("protocol"));
        List<Integer> order = new ArrayList<>();
        Set<String> topics = new java.util.HashSet<>();
        for (Map<String, Object> m : messages(r)) {
          topics.add((String) m.get("topic"));
          assertEquals("plain", m.get("payload_encoding"));
          assertEquals(false, m.get("retain"));
          order.add(Integer.valueOf(((String) m.get("payload")).replaceAll("\\D", "")));
        }
        assertEquals(Set.of("factory/line-1/status", "factory/line-2/status"), topics);
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "arrival order");
      }
    }

    @Test
    void hashWildcard_matchesTheParentLevelAndEveryDepth() throws Exception {
      try (TestServer s = server()) {
        Map<String, Object> r =
            subscribeWhilePublishing(
                s,
                "plant/#",
                3,
                () -> {
                  publish("plant", "zero levels", false);
                  publish("plant/a/b/c", "three levels", false);
                  publish("plantation/x", "not a match", false);
                });
        Set<String> topics = new java.util.HashSet<>();
        messages(r).forEach(m -> topics.add((String) m.get("topic")));
        assertFalse(topics.contains("plantation/x"), topics.toString());
        assertTrue(topics.contains("plant") || topics.contains("plant/a/b/c"), topics.toString());
      }
    }

    @Test
    void noMessages_untilTheTimeout_isANormalEmptyResult() throws Exception {
      try (TestServer s = server()) {
        long started = System.nanoTime();
        Map<String, Object> r =
            s.ok("mqtt_subscribe", Map.of("topic", "quiet/+/nothing", "timeout_seconds", 1));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, r.get("count"));
        assertEquals(List.of(), r.get("messages"));
        assertEquals("timeout", r.get("stopped_by"));
        assertTrue(ms >= 1000 && ms < 8000, "took " + ms + " ms");
      }
    }

    @Test
    void retainedMessages_arriveFirst_flaggedRetain_andMaxMessagesCutsOff() throws Exception {
      for (int i = 1; i <= 5; i++) {
        publish("retained/sensor-" + i, "value " + i, true);
      }
      try (TestServer s = server()) {
        long started = System.nanoTime();
        Map<String, Object> r =
            s.ok(
                "mqtt_subscribe",
                Map.of("topic", "retained/+", "max_messages", 3, "timeout_seconds", 30));
        assertTrue(
            System.nanoTime() - started < Duration.ofSeconds(10).toNanos(),
            "stopped at max, not timeout");
        assertEquals("max_messages", r.get("stopped_by"));
        assertEquals(3, messages(r).size());
        messages(r).forEach(m -> assertEquals(true, m.get("retain"), m.toString()));
      }
    }

    @Test
    void binaryPayload_isBase64_textIsPlain_andBigPayloadsAreCut() throws Exception {
      byte[] binary = {0x00, 0x01, (byte) 0xff, (byte) 0xfe, 0x7f};
      publish("payloads/binary", binary, true);
      publish("payloads/text", "température 21 °C ✓", true);
      publish("payloads/big", "x".repeat(MqttTools.PAYLOAD_CAP + 100), true);
      // Valid UTF-8, but a NUL makes it binary data, not text.
      publish("payloads/nul", "a\u0000b", true);
      try (TestServer s = server()) {
        Map<String, Object> r =
            s.ok("mqtt_subscribe", Map.of("topic", "payloads/+", "max_messages", 4));
        Map<String, Map<String, Object>> byTopic = new java.util.HashMap<>();
        messages(r).forEach(m -> byTopic.put((String) m.get("topic"), m));
        assertEquals("base64", byTopic.get("payloads/binary").get("payload_encoding"));
        assertEquals(
            Base64.getEncoder().encodeToString(binary),
            byTopic.get("payloads/binary").get("payload"));
        assertEquals(5, byTopic.get("payloads/binary").get("payload_bytes"));
        assertEquals("plain", byTopic.get("payloads/text").get("payload_encoding"));
        assertEquals("température 21 °C ✓", byTopic.get("payloads/text").get("payload"));
        assertEquals("base64", byTopic.get("payloads/nul").get("payload_encoding"));
        Map<String, Object> big = byTopic.get("payloads/big");
        assertEquals(true, big.get("payload_truncated"));
        assertEquals(MqttTools.PAYLOAD_CAP + 100, big.get("payload_bytes"));
        assertEquals(MqttTools.PAYLOAD_CAP, ((String) big.get("payload")).length());
        assertNull(byTopic.get("payloads/text").get("payload_truncated"));
      }
    }

    @Test
    void bigResults_stopAtTheSizeCap_andSaySo() throws Exception {
      String payload = "p".repeat(MqttTools.PAYLOAD_CAP);
      int published = MqttTools.RESULT_CAP / MqttTools.PAYLOAD_CAP + 10;
      for (int i = 0; i < published; i++) {
        publish("bulk/item-" + i, payload, true);
      }
      try (TestServer s = server()) {
        Map<String, Object> r =
            s.ok(
                "mqtt_subscribe",
                Map.of("topic", "bulk/+", "max_messages", 1000, "timeout_seconds", 30));
        assertEquals("size_limit", r.get("stopped_by"), r.get("count").toString());
        assertEquals(true, r.get("truncated"));
        int count = (Integer) r.get("count");
        assertTrue(count > 10 && count < published, "count " + count);
        assertTrue(
            TestServer.parse(Results.write(r)).toString().length() < MqttTools.RESULT_CAP + 4096);
      }
    }

    @Test
    void mqtt5Properties_areShown() throws Exception {
      device
          .publishWith()
          .topic("props/device-1")
          .payload("{\"on\":true}".getBytes(StandardCharsets.UTF_8))
          .retain(true)
          .contentType("application/json")
          .responseTopic("props/device-1/reply")
          .correlationData("req-42".getBytes(StandardCharsets.UTF_8))
          .payloadFormatIndicator(
              com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator.UTF_8)
          .userProperties()
          .add("site", "lyon")
          .add("site", "paris")
          .applyUserProperties()
          .send();
      try (TestServer s = server()) {
        Map<String, Object> m =
            messages(s.ok("mqtt_subscribe", Map.of("topic", "props/device-1", "max_messages", 1)))
                .get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) m.get("properties");
        assertEquals("application/json", p.get("content_type"));
        assertEquals("utf-8", p.get("payload_format"));
        assertEquals("props/device-1/reply", p.get("response_topic"));
        assertEquals("req-42", p.get("correlation_data"));
        assertEquals(
            List.of(
                Map.of("name", "site", "value", "lyon"), Map.of("name", "site", "value", "paris")),
            p.get("user_properties"),
            "repeated names are kept, in order");
      }
    }

    @Test
    void progress_isReportedPerMessage_whenTheClientAsks() throws Exception {
      for (int i = 1; i <= 3; i++) {
        publish("progress/item-" + i, "v" + i, true);
      }
      try (TestServer s = server()) {
        McpSchema.CallToolResult r =
            s.callWithProgress(
                "mqtt_subscribe", Map.of("topic", "progress/+", "max_messages", 3), "watch-1");
        assertFalse(Boolean.TRUE.equals(r.isError()), TestServer.text(r));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.progress().size() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        List<McpSchema.ProgressNotification> progress = s.progress();
        assertEquals(3, progress.size(), progress.toString());
        // The SDK's client hands notifications over on several threads, so their order here is not
        // theirs.
        assertEquals(
            Set.of(1.0, 2.0, 3.0), Set.copyOf(progress.stream().map(p -> p.progress()).toList()));
        progress.forEach(
            p -> {
              assertEquals("watch-1", p.progressToken());
              assertEquals(3.0, p.total());
            });
      }
    }

    @Test
    void twoWatchesOnOneFilter_shareIt_andTheFirstToEndLeavesTheOtherSubscribed() throws Exception {
      try (TestServer s = server()) {
        CompletableFuture<Map<String, Object>> shortWatch =
            CompletableFuture.supplyAsync(
                () ->
                    s.ok("mqtt_subscribe", Map.of("topic", "shared/filter", "timeout_seconds", 1)));
        CompletableFuture<Map<String, Object>> longWatch =
            CompletableFuture.supplyAsync(
                () ->
                    s.ok(
                        "mqtt_subscribe",
                        Map.of("topic", "shared/filter", "timeout_seconds", 8, "max_messages", 1)));
        shortWatch.get(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        while (!longWatch.isDone()) {
          publish("shared/filter", "after the first watch ended", false);
          Thread.sleep(100);
        }
        Map<String, Object> r = longWatch.get();
        assertEquals("max_messages", r.get("stopped_by"), "the second watch still receives: " + r);
      }
    }
  }

  @Nested
  class Query {

    /**
     * A device that answers firmware requests as MQTT 5 responders do: to the response topic, with
     * the correlation data.
     */
    Responder responder(String id, boolean echoCorrelation) {
      Mqtt5AsyncClient c = broker.client(id).toAsync();
      c.subscribeWith()
          .topicFilter("devices/+/firmware/get")
          .callback(
              req -> {
                String device = req.getTopic().getLevels().get(1);
                var reply =
                    Mqtt5Publish.builder()
                        .topic(req.getResponseTopic().orElseThrow())
                        .payload(
                            ("{\"device\":\""
                                    + device
                                    + "\",\"firmware\":\"2.4.1\",\"asked\":\""
                                    + StandardCharsets.UTF_8.decode(req.getPayload().orElseThrow())
                                    + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                if (echoCorrelation) {
                  req.getCorrelationData().ifPresent(reply::correlationData);
                }
                c.publish(reply.build());
              })
          .send()
          .join();
      return new Responder(c);
    }

    /** The responding device, disconnected when the test is over. */
    record Responder(Mqtt5AsyncClient client) implements AutoCloseable {
      @Override
      public void close() {
        client.disconnect().join();
      }
    }

    @Test
    void requestResponse_withCorrelation_onAGeneratedTopic() throws Exception {
      try (Responder device7 = responder("device-7", true);
          TestServer s = server()) {
        Map<String, Object> r =
            s.ok("mqtt_query", query("devices/7/firmware/get", "version?", null, null));
        assertEquals(true, r.get("correlated"));
        assertEquals("5", r.get("protocol"));
        assertTrue(
            ((String) r.get("response_topic")).startsWith("emqx-mcp/replies/emqx-mcp-"),
            r.toString());
        assertTrue(((Number) r.get("rtt_ms")).doubleValue() > 0, r.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) r.get("reply");
        assertTrue(
            ((String) reply.get("payload")).contains("\"firmware\":\"2.4.1\""), reply.toString());
        assertTrue(
            ((String) reply.get("payload")).contains("\"asked\":\"version?\""), reply.toString());
      }
    }

    @Test
    void givenResponseTopic_isWhereTheReplyIsAwaited() throws Exception {
      try (Responder device8 = responder("device-8", true);
          TestServer s = server()) {
        Map<String, Object> r =
            s.ok(
                "mqtt_query",
                query("devices/8/firmware/get", "v?", "devices/8/firmware/reply", 10));
        assertEquals("devices/8/firmware/reply", r.get("response_topic"));
        assertEquals(true, r.get("correlated"));
      }
    }

    @Test
    void responderThatDropsCorrelation_onAGivenTopic_timesOutAndSaysWhy() throws Exception {
      try (Responder sloppy = responder("device-9", false);
          TestServer s = server()) {
        Says.assertError(
            s.error(
                "mqtt_query", query("devices/9/firmware/get", "v?", "devices/9/firmware/reply", 1)),
            "EMQX_TIMEOUT",
            "without our correlation data");
      }
    }

    @Test
    void nobodySubscribed_isNotFoundAtOnce_qos0WaitsForTheTimeout() throws Exception {
      try (TestServer s = server()) {
        long started = System.nanoTime();
        Map<String, Object> error =
            s.error("mqtt_query", query("nobody/listens/here", "hello?", null, 30));
        assertTrue(
            System.nanoTime() - started < Duration.ofSeconds(15).toNanos(),
            "answered at once, not at 30 s");
        assertEquals("NOT_FOUND", error.get("code"), error.toString());
        assertEquals(0x10, error.get("reason_code"));

        Map<String, Object> qos0Args = query("nobody/listens/here", "hello?", null, 1);
        qos0Args.put("qos", 0);
        Map<String, Object> qos0 = s.error("mqtt_query", qos0Args);
        assertEquals("EMQX_TIMEOUT", qos0.get("code"), qos0.toString());
      }
    }

    @Test
    void badTopics_areInvalidBeforeAnythingIsSent() throws Exception {
      try (TestServer s = server()) {
        assertEquals(
            "INVALID_ARGUMENT",
            s.error("mqtt_query", query("devices/+/get", "x", null, null)).get("code"));
        assertEquals(
            "INVALID_ARGUMENT",
            s.error("mqtt_query", query("devices/1/get", "x", "devices/1/#", null)).get("code"));
        assertEquals(
            "INVALID_ARGUMENT",
            s.error("mqtt_query", query("devices/1/get", "x", "devices/1/get", null)).get("code"));
        assertEquals(
            "INVALID_ARGUMENT", s.error("mqtt_subscribe", Map.of("topic", "a/#/b")).get("code"));
        Map<String, Object> shared =
            s.error("mqtt_subscribe", Map.of("topic", "$share/g1/factory/+/status"));
        assertEquals("INVALID_ARGUMENT", shared.get("code"));
        assertTrue(
            shared.get("message").toString().contains("'factory/+/status'"), shared.toString());
      }
    }
  }

  @Nested
  class PolicyAndReadOnly {

    final TopicRules rules =
        TopicRules.of(
            List.of(
                new TopicRules.Rule(
                    "sensors/+/temperature", Set.of(TopicRules.Permission.READ), "Temperatures"),
                new TopicRules.Rule(
                    "devices/+/firmware/get",
                    Set.of(TopicRules.Permission.WRITE),
                    "Firmware requests"),
                new TopicRules.Rule(
                    "devices/+/firmware/reply",
                    Set.of(TopicRules.Permission.READ),
                    "Firmware replies")));

    @Test
    void subscribe_needsReadOnEveryTopicTheFilterCanMatch() throws Exception {
      try (TestServer s = TestServer.start(broker.serverSettings().withTopics(rules))) {
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("mqtt_subscribe", Map.of("topic", "sensors/#")).get("code"),
            "read on sensors/+/temperature does not cover sensors/#");
        assertEquals(
            "TOPIC_NOT_PERMITTED", s.error("mqtt_subscribe", Map.of("topic", "#")).get("code"));
        assertEquals(
            0,
            s.ok("mqtt_subscribe", Map.of("topic", "sensors/+/temperature", "timeout_seconds", 1))
                .get("count"));
      }
    }

    @Test
    void query_needsWriteOnTheRequestAndReadOnTheResponse_andSendsNothingWhenRefused()
        throws Exception {
      List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      Mqtt5AsyncClient spy = broker.client("spy").toAsync();
      spy.subscribeWith()
          .topicFilter("devices/#")
          .callback(p -> seen.add(p.getTopic().toString()))
          .send()
          .join();
      try (TestServer s = TestServer.start(broker.serverSettings().withTopics(rules))) {
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("mqtt_query", query("devices/1/reboot", "now", null, null)).get("code"));
        assertEquals(
            "TOPIC_NOT_PERMITTED",
            s.error("mqtt_query", query("devices/1/firmware/get", "v?", "devices/1/secrets", null))
                .get("code"));
        // Allowed both ways: published (the spy sees it), then no reply in time.
        assertEquals(
            "EMQX_TIMEOUT",
            s.error(
                    "mqtt_query",
                    query("devices/1/firmware/get", "v?", "devices/1/firmware/reply", 1))
                .get("code"));
        // The broker hands the spy one publisher's messages in order: had a refused call
        // published, its message would stand before the allowed one.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10); // polling with a deadline for the spy's first message
        }
        assertEquals(List.of("devices/1/firmware/get"), seen, "a refused call published nothing");
      } finally {
        spy.disconnect().join();
      }
    }

    @Test
    void readOnly_offersSubscribe_refusesQuery() throws Exception {
      Settings readOnly =
          TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(10), true)
              .withMqtt(broker.serverSettings().mqtt());
      try (TestServer s = TestServer.start(readOnly)) {
        List<String> names =
            s.client().listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.contains("mqtt_subscribe"), names.toString());
        assertFalse(names.contains("mqtt_query"), names.toString());
        assertEquals(
            "READ_ONLY",
            s.error("mqtt_query", query("devices/1/firmware/get", "v?", null, null)).get("code"));
        assertEquals(
            0, s.ok("mqtt_subscribe", Map.of("topic", "ro/+", "timeout_seconds", 1)).get("count"));
      }
    }
  }
}
