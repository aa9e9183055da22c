package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PublishApiTest extends MockTestBase {
  @Test
  void publish_matchingSubscriber_is200WithHexId() {
    var r =
        api.post("/publish", "{\"topic\":\"devices/sensor-17/commands\",\"payload\":\"reboot\"}");
    assertEquals(200, r.status());
    assertTrue(r.json().get("id").asText().matches("[0-9A-F]{32}"), r.body());
    assertEquals(1, r.json().size());
  }

  @Test
  void publish_toSensor42Commands_hasNoSubscriber() {
    // The demo story: sensor-42 listens on .../cmd, the backend publishes to .../commands.
    var r =
        api.post("/publish", "{\"topic\":\"devices/sensor-42/commands\",\"payload\":\"reboot\"}");
    assertEquals(202, r.status());
    assertEquals("{\"reason_code\":16,\"message\":\"no_matching_subscribers\"}", r.body());
  }

  @Test
  void publish_wildcardAndSharedSubscriptions_match() {
    assertEquals(
        200,
        api.post("/publish", "{\"topic\":\"devices/x/telemetry\",\"payload\":\"1\"}").status());
    assertEquals(
        200, api.post("/publish", "{\"topic\":\"jobs/resize/42\",\"payload\":\"{}\"}").status());
    assertEquals(
        200,
        api.post("/publish", "{\"topic\":\"plant/line-1/setpoints\",\"payload\":\"7\"}").status());
    // The offline persistent session of truck-0815 still receives.
    assertEquals(
        200,
        api.post("/publish", "{\"topic\":\"fleet/truck-0815/dispatch\",\"payload\":\"go\"}")
            .status());
  }

  @Test
  void publish_afterSubscribe_matches() {
    api.post("/clients/sensor-42/subscribe", "{\"topic\":\"devices/sensor-42/commands\"}");
    assertEquals(
        200,
        api.post("/publish", "{\"topic\":\"devices/sensor-42/commands\",\"payload\":\"x\"}")
            .status());
  }

  @Test
  void publish_retained_landsInRetainer_evenWithoutSubscribers() {
    var r =
        api.post(
            "/publish",
            "{\"topic\":\"nobody/listens\",\"payload\":\"hello\",\"retain\":true,\"qos\":1}");
    assertEquals(202, r.status());
    JsonNode msg = api.getOk("/mqtt/retainer/message/nobody%2Flistens");
    assertEquals("aGVsbG8=", msg.get("payload").asText());
    assertEquals("http_api", msg.get("from_clientid").asText());
  }

  @Test
  void publish_badTopics_are144() {
    for (String topic : new String[] {"a/+", "bad/#/t", ""}) {
      var r = api.post("/publish", "{\"topic\":\"" + topic + "\",\"payload\":\"x\"}");
      assertEquals(400, r.status(), topic);
      assertEquals("{\"reason_code\":144,\"message\":\"topic_name_invalid\"}", r.body());
    }
  }

  @Test
  void publish_tooLarge_is151() {
    String big = "x".repeat(1024 * 1024 + 1);
    var r = api.post("/publish", "{\"topic\":\"t\",\"payload\":\"" + big + "\"}");
    assertEquals(400, r.status());
    assertEquals(151, r.json().get("reason_code").asInt());
  }

  @Test
  void publish_badBase64_is131() {
    var r =
        api.post(
            "/publish", "{\"topic\":\"t\",\"payload\":\"hello\",\"payload_encoding\":\"base64\"}");
    assertEquals(400, r.status());
    assertEquals(131, r.json().get("reason_code").asInt());
    assertTrue(r.json().get("message").asText().startsWith("{decode_base64_payload_failed,"));
  }

  @Test
  void publish_schemaErrors_areBadRequest() {
    var missing = api.post("/publish", "{\"topic\":\"t\"}");
    assertEquals(400, missing.status());
    assertEquals(
        "{\"kind\":\"validation_error\",\"path\":\"root.payload\",\"reason\":\"required_field\"}",
        missing.json().get("message").asText());
    var empty = api.post("/publish", "{}");
    assertTrue(empty.json().get("message").asText().startsWith("[{"), empty.body());
    assertTrue(
        api.post("/publish", "{\"topic\":\"t\",\"payload\":\"p\",\"qos\":3}")
            .json()
            .get("message")
            .asText()
            .contains("root.qos"));
    var unknown = api.post("/publish", "{\"topic\":\"t\",\"payload\":\"p\",\"foo\":1}");
    assertEquals("BAD_REQUEST", unknown.code());
    assertTrue(unknown.json().get("message").asText().contains("unknown_fields"));
    assertEquals(
        "BAD_REQUEST", api.post("/publish", "{\"topic\":\"t\",\"payload\":{\"a\":1}}").code());
    assertEquals(
        "BAD_REQUEST",
        api.post("/publish", "{\"topic\":\"t\",\"payload\":\"p\",\"retain\":\"yes\"}").code());
    assertEquals("BAD_REQUEST", api.post("/publish", "[]").code());
  }

  @Test
  void publish_lenientValues_areAccepted() {
    // "1" for qos, a number for payload, the deprecated clientid.
    var r =
        api.post(
            "/publish",
            "{\"topic\":\"alerts/x\",\"payload\":123,\"qos\":\"1\",\"clientid\":\"c\"}");
    assertEquals(200, r.status());
  }

  @Test
  void bulk_mixed_is202WithPerItemResults() {
    var r =
        api.post(
            "/publish/bulk",
            "[{\"topic\":\"alerts/a\",\"payload\":\"1\"},"
                + "{\"topic\":\"devices/sensor-42/commands\",\"payload\":\"2\"}]");
    assertEquals(202, r.status());
    assertTrue(r.json().get(0).has("id"));
    assertEquals(16, r.json().get(1).get("reason_code").asInt());
  }

  @Test
  void bulk_allDelivered_is200() {
    var r =
        api.post(
            "/publish/bulk",
            "[{\"topic\":\"alerts/a\",\"payload\":\"1\"},{\"topic\":\"jobs/b\",\"payload\":\"2\"}]");
    assertEquals(200, r.status());
    assertEquals(2, r.json().size());
  }

  @Test
  void bulk_oneInvalid_publishesNothing() {
    var r =
        api.post(
            "/publish/bulk",
            "[{\"topic\":\"kept/out\",\"payload\":\"1\",\"retain\":true},"
                + "{\"topic\":\"a/+\",\"payload\":\"2\"}]");
    assertEquals(400, r.status());
    assertEquals("{\"reason_code\":144,\"message\":\"topic_name_invalid\"}", r.body());
    assertEquals(404, api.get("/mqtt/retainer/message/kept%2Fout").status());
  }

  @Test
  void bulk_schemaErrorPath_isOneBased() {
    var r =
        api.post(
            "/publish/bulk",
            "[{\"topic\":\"t\",\"payload\":\"1\"},{\"topic\":\"t\",\"payload\":\"2\",\"qos\":5}]");
    assertEquals("BAD_REQUEST", r.code());
    assertTrue(r.json().get("message").asText().contains("root.2.qos"));
  }

  @Test
  void bulk_emptyOrObject() {
    api.post("/publish/bulk", "[]").assertError(500, "INTERNAL_ERROR");
    var obj = api.post("/publish/bulk", "{\"topic\":\"t\",\"payload\":\"p\"}");
    assertEquals("BAD_REQUEST", obj.code());
    assertTrue(obj.json().get("message").asText().contains("bad_array_index_keys"));
  }
}
