package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** publish_messages and the retained-message tools through the MCP client against the fake. */
class RetainedAndBulkTest extends MockBacked {

  static Map<String, Object> message(String topic, String payload) {
    return Map.of("topic", topic, "payload", payload);
  }

  @Nested
  class PublishMessages {

    @Test
    void publishMessages_mixedDelivery_resultsInOrderWithCounts() {
      Map<String, Object> r =
          ok(
              "publish_messages",
              Map.of(
                  "messages",
                  List.of(
                      message("devices/sensor-42/cmd", "a"),
                      message("devices/sensor-42/commands", "b"),
                      Map.of(
                          "topic",
                          "lobby/display/text",
                          "payload",
                          "aGk=",
                          "payload_encoding",
                          "base64",
                          "qos",
                          1))));
      List<Map<String, Object>> results = get(r, "results");
      assertEquals(
          List.of("devices/sensor-42/cmd", "devices/sensor-42/commands", "lobby/display/text"),
          results.stream().map(x -> x.get("topic")).toList());
      assertEquals(
          List.of(true, false, true), results.stream().map(x -> x.get("delivered")).toList());
      assertEquals("no_matching_subscribers", results.get(1).get("reason"));
      assertTrue(results.get(0).get("id").toString().matches("[0-9A-F]{32}"));
      assertEquals(2, r.get("delivered"));
      assertEquals(1, r.get("not_delivered"));
    }

    @Test
    void publishMessages_oneInvalidTopic_nothingIsSent() {
      Map<String, Object> e =
          error(
              "publish_messages",
              Map.of(
                  "messages",
                  List.of(
                      Map.of("topic", "kept/back", "payload", "x", "retain", true),
                      message("a/+/b", "y"))));
      assertEquals("INVALID_ARGUMENT", e.get("code"));
      assertTrue(e.get("message").toString().contains("messages[1].topic"), e.toString());
      assertEquals(
          List.of(),
          data(ok("list_retained_messages", Map.of("topic", "kept/back"))),
          "the valid retained message was not published either");
    }

    @Test
    void publishMessages_badBase64_orTooMany_orNone_areInvalid() {
      assertEquals(
          "INVALID_ARGUMENT",
          error(
                  "publish_messages",
                  Map.of(
                      "messages",
                      List.of(
                          Map.of("topic", "t", "payload", "%%%", "payload_encoding", "base64"))))
              .get("code"));
      assertEquals(
          "INVALID_ARGUMENT", error("publish_messages", Map.of("messages", List.of())).get("code"));
      List<Map<String, Object>> many =
          java.util.stream.IntStream.range(0, 101).mapToObj(i -> message("t", "x")).toList();
      assertEquals(
          "INVALID_ARGUMENT", error("publish_messages", Map.of("messages", many)).get("code"));
      assertEquals(
          "INVALID_ARGUMENT",
          error(
                  "publish_messages",
                  Map.of(
                      "messages", List.of(Map.of("topic", "t", "payload", "x", "colour", "red"))))
              .get("code"),
          "item schemas are closed");
    }
  }

  @Nested
  class Retained {

    @Test
    void listRetained_hasNoPayloads_andTopicFilterDropsCount() {
      Map<String, Object> all = ok("list_retained_messages", Map.of());
      assertEquals(3, meta(all).get("count"));
      assertTrue(data(all).stream().noneMatch(m -> m.containsKey("payload")));
      Map<String, Object> filtered =
          ok("list_retained_messages", Map.of("topic", "devices/+/config"));
      assertEquals(List.of("devices/sensor-42/config"), column(filtered, "topic"));
      assertFalse(meta(filtered).containsKey("count"));
    }

    @Test
    void getRetained_textPayload_isDecoded() {
      Map<String, Object> m =
          ok("get_retained_message", Map.of("topic", "devices/sensor-42/config"));
      assertEquals("{\"interval_s\":10,\"unit\":\"celsius\"}", m.get("payload"));
      assertEquals("plain", m.get("payload_encoding"));
      assertEquals(34, m.get("payload_bytes"));
      assertEquals(false, m.get("truncated"));
    }

    @Test
    void getRetained_binaryPayload_staysBase64() {
      Map<String, Object> m = ok("get_retained_message", Map.of("topic", "lobby/display/logo"));
      assertEquals("base64", m.get("payload_encoding"));
      byte[] png = Base64.getDecoder().decode(m.get("payload").toString());
      assertEquals((byte) 0x89, png[0]);
      assertEquals("PNG", new String(png, 1, 3));
    }

    @Test
    void getRetained_largePayload_isCutAndSaysSo() {
      String big = "ä".repeat(RetainerTools.MAX_PAYLOAD_BYTES); // two bytes each: twice the cap
      ok("publish_message", Map.of("topic", "big/one", "payload", big, "retain", true));
      Map<String, Object> m = ok("get_retained_message", Map.of("topic", "big/one"));
      assertEquals(true, m.get("truncated"));
      assertEquals(2 * RetainerTools.MAX_PAYLOAD_BYTES, m.get("payload_bytes"));
      assertEquals(
          RetainerTools.MAX_PAYLOAD_BYTES / 2,
          m.get("payload").toString().length(),
          "cut on a character boundary");
    }

    @Test
    void getRetained_wildcardTopic_isInvalid_andMissingIsNotFound() {
      assertEquals(
          "INVALID_ARGUMENT",
          error("get_retained_message", Map.of("topic", "devices/#")).get("code"));
      Map<String, Object> e = error("get_retained_message", Map.of("topic", "no/such/topic"));
      assertEquals("NOT_FOUND", e.get("code"));
      assertEquals(404, e.get("http_status"));
    }

    @Test
    void deleteRetained_thenGone() {
      assertEquals(
          true,
          ok("delete_retained_message", Map.of("topic", "plant/line-1/status")).get("deleted"));
      assertEquals(
          "NOT_FOUND",
          error("get_retained_message", Map.of("topic", "plant/line-1/status")).get("code"));
      assertEquals(
          "NOT_FOUND",
          error("delete_retained_message", Map.of("topic", "plant/line-1/status")).get("code"));
      assertEquals(2, meta(ok("list_retained_messages", Map.of())).get("count"));
    }

    @Test
    void deleteRetained_wildcard_isRefusedBeforeSending() {
      // EMQX deletes every message a filter matches (emqx_retainer_mnesia.erl at v5.8.9), and the
      // fake
      // does too: the tool takes one topic name only, so a '#' cannot wipe the retainer.
      long before = emqx.requestCount();
      for (String filter : List.of("plant/#", "#", "+/line-1/status")) {
        assertEquals(
            "INVALID_ARGUMENT",
            error("delete_retained_message", Map.of("topic", filter)).get("code"),
            filter);
      }
      assertEquals(before, emqx.requestCount());
      assertEquals(3, meta(ok("list_retained_messages", Map.of())).get("count"));
    }

    @Test
    void retainedPayloadEncodings_roundTripThroughPublish() {
      ok(
          "publish_message",
          Map.of(
              "topic",
              "bin/x",
              "payload",
              "AAEC/w==",
              "payload_encoding",
              "base64",
              "retain",
              true));
      Map<String, Object> m = ok("get_retained_message", Map.of("topic", "bin/x"));
      assertEquals("AAEC/w==", m.get("payload"));
      assertEquals("base64", m.get("payload_encoding"));
      assertEquals(false, m.get("truncated"));
    }
  }
}
