package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RetainerApiTest extends MockTestBase {
  @Test
  void list_hasNoPayload_andCount() {
    var r = api.get("/mqtt/retainer/messages").json();
    assertEquals(3, r.get("meta").get("count").asInt());
    r.get("data")
        .forEach(
            m -> {
              assertFalse(m.has("payload"));
              assertTrue(m.get("msgid").asText().matches("[0-9A-F]{32}"));
              assertTrue(m.get("publish_at").asText().endsWith("+00:00"));
            });
  }

  @Test
  void list_topicFilter_suppressesCount() {
    var r = api.get("/mqtt/retainer/messages?topic=plant%2F%23").json();
    assertNull(r.get("meta").get("count"));
    assertEquals("plant/line-1/status", r.get("data").get(0).get("topic").asText());
  }

  @Test
  void get_encodedTopic_hasBase64Payload() {
    JsonNode r = api.getOk("/mqtt/retainer/message/plant%2Fline-1%2Fstatus");
    assertEquals("RUNNING", new String(Base64.getDecoder().decode(r.get("payload").asText())));
    byte[] png =
        Base64.getDecoder()
            .decode(
                api.get("/mqtt/retainer/message/lobby%2Fdisplay%2Flogo")
                    .json()
                    .get("payload")
                    .asText());
    assertEquals((byte) 0x89, png[0]);
  }

  @Test
  void get_filterPath_returnsFirstMatch() {
    assertEquals(200, api.get("/mqtt/retainer/message/devices%2F%23").status());
  }

  @Test
  void get_missing_isNotFound() {
    api.assertGet(
        "/mqtt/retainer/message/no%2Fsuch",
        404, "{\"code\":\"NOT_FOUND\",\"message\":\"Viewed message doesn't exist\"}");
  }

  @Test
  void delete_removes_thenNotFound() {
    assertEquals(204, api.delete("/mqtt/retainer/message/plant%2Fline-1%2Fstatus").status());
    assertEquals(404, api.get("/mqtt/retainer/message/plant%2Fline-1%2Fstatus").status());
    assertEquals(404, api.delete("/mqtt/retainer/message/plant%2Fline-1%2Fstatus").status());
    assertEquals(204, api.delete("/mqtt/retainer/messages").status());
    assertEquals(0, api.get("/mqtt/retainer/messages").json().get("meta").get("count").asInt());
  }

  @Test
  void retainedPublish_withEmptyPayload_clearsTopic() {
    api.post("/publish", "{\"topic\":\"plant/line-1/status\",\"payload\":\"\",\"retain\":true}");
    assertEquals(404, api.get("/mqtt/retainer/message/plant%2Fline-1%2Fstatus").status());
  }

  @Test
  void delete_filterPath_removesEveryMatch() {
    // emqx_retainer_mnesia.erl delete_message/2 at v5.8.9: a filter with wildcards deletes every
    // match.
    api.post(
        "/publish", "{\"topic\":\"plant/line-2/status\",\"payload\":\"STOPPED\",\"retain\":true}");
    api.post("/publish", "{\"topic\":\"plant/line-2/alarm\",\"payload\":\"1\",\"retain\":true}");
    assertEquals(5, api.get("/mqtt/retainer/messages").json().get("meta").get("count").asInt());
    assertEquals(204, api.delete("/mqtt/retainer/message/plant%2F%2B%2Fstatus").status());
    assertEquals(404, api.get("/mqtt/retainer/message/plant%2Fline-1%2Fstatus").status());
    assertEquals(404, api.get("/mqtt/retainer/message/plant%2Fline-2%2Fstatus").status());
    assertEquals(
        200,
        api.get("/mqtt/retainer/message/plant%2Fline-2%2Falarm").status(),
        "outside the filter");
    assertEquals(204, api.delete("/mqtt/retainer/message/%23").status());
    assertEquals(0, api.get("/mqtt/retainer/messages").json().get("meta").get("count").asInt());
    assertEquals(404, api.delete("/mqtt/retainer/message/%23").status(), "nothing left to match");
  }
}
