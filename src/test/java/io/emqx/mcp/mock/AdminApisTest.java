package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fake's answers for the admin surface beyond the core: statuses, bodies and state, as EMQX
 * v5.8.9 gives them.
 */
class AdminApisTest extends MockTestBase {

  static Api.Res put(String path, String json) {
    return Api.send(
        api.request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  @Nested
  class AccessControl {
    @Test
    void authenticators_listConfigWithId_andStatusPerId() {
      JsonNode list = api.get("/authentication").json();
      assertEquals("password_based:built_in_database", list.get(0).get("id").asText());
      assertEquals("******", list.get(2).get("secret").asText());
      JsonNode status = api.get("/authentication/password_based%3Ahttp/status").json();
      assertEquals("inconsistent", status.get("status").asText());
      assertEquals(88, status.get("metrics").get("total").asInt());
    }

    @Test
    void authenticatorStatus_unknown_is404WithEmqxSentence() {
      var r = api.get("/authentication/scram%3Ahttp/status");
      assertEquals(404, r.status());
      assertEquals("Authenticator 'scram:http' does not exist", r.json().get("message").asText());
    }

    @Test
    void authzSources_underSourcesKey_statusByType() {
      assertEquals(
          "file",
          api.get("/authorization/sources").json().get("sources").get(0).get("type").asText());
      assertEquals(
          40180,
          api.get("/authorization/sources/file/status").json().get("metrics").get("allow").asInt());
      var missing = api.get("/authorization/sources/http/status");
      assertEquals(404, missing.status());
      assertEquals("Not found: http", missing.json().get("message").asText());
      assertEquals(400, api.get("/authorization/sources/nosuch/status").status());
    }

    @Test
    void clientCache_readClear_andUnknownClient() {
      assertEquals(2, api.get("/clients/sensor-42/authorization/cache").json().size());
      assertEquals(204, api.delete("/clients/sensor-42/authorization/cache").status());
      assertEquals(0, api.get("/clients/sensor-42/authorization/cache").json().size());
      api.get("/clients/nobody/authorization/cache").assertError(404, "CLIENTID_NOT_FOUND");
      assertEquals(404, api.delete("/clients/nobody/authorization/cache").status());
    }

    @Test
    void clearAll_emptiesEveryCache() {
      assertEquals(204, api.delete("/authorization/cache").status());
      assertEquals(0, api.get("/clients/kiosk-lobby/authorization/cache").json().size());
    }

    @Test
    void kickoutBulk_kicksThoseFound_204Regardless() {
      assertEquals(204, api.post("/clients/kickout/bulk", "[\"sensor-17\",\"nobody\"]").status());
      assertEquals(404, api.get("/clients/sensor-17").status());
      assertEquals(400, api.post("/clients/kickout/bulk", "{\"clientid\":\"x\"}").status());
      assertEquals(405, api.get("/clients/kickout/bulk").status());
    }
  }

  @Nested
  class Traces {
    @Test
    void seededTrace_listedStopped_withLogSizePerNode() {
      JsonNode t = api.get("/trace").json().get(0);
      assertEquals("sensor42-debug", t.get("name").asText());
      assertEquals("sensor-42", t.get("clientid").asText());
      assertEquals("stopped", t.get("status").asText());
      assertTrue(t.get("log_size").get("emqx@10.0.0.11").asInt() > 10_000);
      assertEquals(0, t.get("log_size").get("emqx@10.0.0.12").asInt());
    }

    @Test
    void create_runs_answerRepeatsStartAsEnd_thenConflicts() {
      // Both traces name the same start second: EMQX's duplicate check compares start_at, and two
      // requests that each took "now" could fall into different seconds on a busy machine.
      long start = Instant.now().getEpochSecond();
      long end = start + 300;
      String window = ",\"start_at\":" + start + ",\"end_at\":" + end + "}";
      var r =
          api.post(
              "/trace", "{\"name\":\"t1\",\"type\":\"topic\",\"topic\":\"devices/#\"" + window);
      assertEquals(200, r.status());
      assertEquals("running", r.json().get("status").asText());
      assertEquals(r.json().get("start_at"), r.json().get("end_at"));
      assertEquals("devices/#", r.json().get("topic").asText());
      api.post("/trace", "{\"name\":\"t1\",\"type\":\"clientid\",\"clientid\":\"x\"}")
          .assertError(409, "ALREADY_EXISTS");
      var same =
          api.post(
              "/trace", "{\"name\":\"t2\",\"type\":\"topic\",\"topic\":\"devices/#\"" + window);
      assertEquals("DUPLICATE_CONDITION", same.code());
    }

    @Test
    void create_badInput_isEmqxsError() {
      assertEquals(
          "INVALID_PARAMS", api.post("/trace", "{\"name\":\"t1\",\"type\":\"clientid\"}").code());
      assertEquals(
          "required clientid field",
          api.post("/trace", "{\"name\":\"t1\",\"type\":\"clientid\"}")
              .json()
              .get("message")
              .asText());
      assertEquals(
          "end_at time has already passed",
          api.post(
                  "/trace",
                  "{\"name\":\"t1\",\"type\":\"clientid\",\"clientid\":\"c\",\"end_at\":1000}")
              .json()
              .get("message")
              .asText());
      assertEquals(
          400,
          api.post("/trace", "{\"name\":\"1bad\",\"type\":\"clientid\",\"clientid\":\"c\"}")
              .status());
      assertEquals(
          "ip address: einval",
          api.post(
                  "/trace",
                  "{\"name\":\"t1\",\"type\":\"ip_address\",\"ip_address\":\"300.1.1.1\"}")
              .json()
              .get("message")
              .asText());
    }

    @Test
    void create_beyondThirty_isRefused() {
      for (int i = 0; i < TraceApi.MAX_TRACES - 1; i++) {
        assertEquals(
            200,
            api.post(
                    "/trace",
                    "{\"name\":\"n" + i + "\",\"type\":\"clientid\",\"clientid\":\"c" + i + "\"}")
                .status());
      }
      var r = api.post("/trace", "{\"name\":\"last\",\"type\":\"clientid\",\"clientid\":\"z\"}");
      assertEquals(400, r.status());
      assertTrue(
          r.json()
              .get("message")
              .asText()
              .startsWith("The number of traces created has reached the maximum"));
    }

    @Test
    void stop_delete_and404s() {
      api.post("/trace", "{\"name\":\"t1\",\"type\":\"clientid\",\"clientid\":\"c\"}");
      var stopped = put("/trace/t1/stop", "");
      assertEquals(200, stopped.status());
      assertEquals("{\"enable\":false,\"name\":\"t1\"}", stopped.body());
      assertEquals("stopped", api.get("/trace").json().get(0).get("status").asText());
      assertEquals(204, api.delete("/trace/t1").status());
      var gone = api.delete("/trace/t1");
      assertEquals(404, gone.status());
      assertEquals("t1 NOT FOUND", gone.json().get("message").asText());
      assertEquals(404, put("/trace/t1/stop", "").status());
    }

    @Test
    void log_readsFromPosition_pastEndIsEmptyWithSize() {
      JsonNode detail = api.get("/trace/sensor42-debug/log_detail").json();
      long size = detail.get(0).get("size").asLong();
      JsonNode chunk =
          api.get("/trace/sensor42-debug/log?position=" + (size - 100) + "&bytes=1000").json();
      assertEquals(100, chunk.get("items").asText().length());
      assertEquals(size, chunk.get("meta").get("position").asLong());
      JsonNode past = api.get("/trace/sensor42-debug/log?position=" + (size + 5)).json();
      assertEquals("", past.get("items").asText());
      assertEquals(size, past.get("meta").get("position").asLong());
      assertEquals(
          "Node NOT FOUND",
          api.get("/trace/sensor42-debug/log?node=emqx%4010.0.0.13")
              .json()
              .get("message")
              .asText());
      assertEquals(404, api.get("/trace/none/log").status());
    }
  }

  @Nested
  class Performance {
    @Test
    void slowSubscriptions_dataOnly_andSettings() {
      JsonNode r = api.get("/slow_subscriptions").json();
      assertFalse(r.has("meta"));
      assertEquals("sensor-42", r.get("data").get(0).get("clientid").asText());
      assertEquals(
          "500ms", api.get("/slow_subscriptions/settings").json().get("threshold").asText());
    }

    @Test
    void topicMetrics_trackGetUntrack_withEmqxErrors() {
      var tracked = api.post("/mqtt/topic_metrics", "{\"topic\":\"a/b\"}");
      assertEquals(200, tracked.status());
      assertEquals(0, tracked.json().get("metrics").get("messages.in.count").asInt());
      assertEquals(
          "Topic already registered",
          api.post("/mqtt/topic_metrics", "{\"topic\":\"a/b\"}").json().get("message").asText());
      assertEquals("BAD_TOPIC", api.post("/mqtt/topic_metrics", "{\"topic\":\"a/#\"}").code());
      assertEquals(200, api.get("/mqtt/topic_metrics/a%2Fb").status());
      assertEquals(3, api.get("/mqtt/topic_metrics").json().size());
      assertEquals(204, api.delete("/mqtt/topic_metrics/a%2Fb").status());
      api.delete("/mqtt/topic_metrics/a%2Fb").assertError(404, "TOPIC_NOT_FOUND");
    }

    @Test
    void monitorCurrent_clusterAndNode() {
      assertEquals(52, api.get("/monitor_current").json().get("received_msg_rate").asInt());
      JsonNode node = api.get("/monitor_current/nodes/emqx%4010.0.0.12").json();
      assertTrue(node.has("node_uptime"));
      assertFalse(node.has("subscriptions_durable"));
      var stopped = api.get("/monitor_current/nodes/emqx%4010.0.0.13");
      assertEquals(404, stopped.status());
      assertEquals("Node not found: emqx@10.0.0.13", stopped.json().get("message").asText());
    }
  }

  @Nested
  class Queues {
    @Test
    void mqueue_pagesByPosition_untilEmpty() {
      JsonNode first = api.get("/clients/truck-0815/mqueue_messages?limit=10&payload=none").json();
      assertEquals(10, first.get("data").size());
      assertFalse(first.get("data").get(0).has("payload"));
      String pos = first.get("meta").get("position").asText();
      assertTrue(pos.endsWith("_0"), pos);
      JsonNode second =
          api.get("/clients/truck-0815/mqueue_messages?limit=10&position=" + pos).json();
      assertEquals(4, second.get("data").size());
      String end = second.get("meta").get("position").asText();
      JsonNode third =
          api.get("/clients/truck-0815/mqueue_messages?limit=10&position=" + end).json();
      assertEquals(0, third.get("data").size());
      assertEquals(end, third.get("meta").get("position").asText());
    }

    @Test
    void inflight_integerPosition_badPositionAndUnknownClient() {
      JsonNode r = api.get("/clients/sensor-42/inflight_messages?limit=5").json();
      assertEquals(5, r.get("data").size());
      assertTrue(r.get("meta").get("position").asText().matches("\\d+"));
      var bad = api.get("/clients/sensor-42/inflight_messages?position=abc");
      assertEquals(400, bad.status());
      assertEquals("position_limit_invalid", bad.json().get("message").asText());
      assertEquals("CLIENTID_NOT_FOUND", api.get("/clients/nobody/mqueue_messages").code());
    }

    @Test
    void delayed_listGetDelete() {
      JsonNode page = api.get("/mqtt/delayed/messages?limit=2").json();
      assertEquals(3, page.get("meta").get("count").asInt());
      assertTrue(page.get("meta").get("hasnext").asBoolean());
      JsonNode d = page.get("data").get(0);
      assertFalse(d.has("payload"));
      String path =
          "/mqtt/delayed/messages/"
              + d.get("node").asText().replace("@", "%40")
              + "/"
              + d.get("msgid").asText();
      assertTrue(api.get(path).json().has("payload"));
      assertEquals(204, api.delete(path).status());
      api.delete(path).assertError(404, "MESSAGE_ID_NOT_FOUND");
      assertEquals(
          "MESSAGE_ID_SCHEMA_ERROR", api.get("/mqtt/delayed/messages/emqx%4010.0.0.11/xyz").code());
      assertEquals("INVALID_NODE", api.get("/mqtt/delayed/messages/nobody/00").code());
    }
  }

  @Nested
  class Integration {
    @Test
    void lists_carryStatus_notMetrics() {
      JsonNode c = api.get("/connectors").json().get(0);
      assertEquals("disconnected", c.get("status").asText());
      JsonNode a = api.get("/actions").json().get(0);
      assertEquals("telemetry_archive", a.get("rules").get(0).asText());
      assertFalse(a.has("node_metrics"));
      assertEquals("cloud_commands", api.get("/sources").json().get(0).get("name").asText());
    }

    @Test
    void metrics_summed_unknownIsZeros_malformedIs404() {
      JsonNode m = api.get("/actions/http%3Atelemetry_store/metrics").json();
      assertEquals(120199 + 52011, m.get("metrics").get("matched").asLong());
      assertEquals(2, m.get("node_metrics").size());
      assertEquals(
          0, api.get("/actions/http%3Anone/metrics").json().get("metrics").get("matched").asInt());
      assertEquals(404, api.get("/actions/nocolon/metrics").status());
    }

    @Test
    void rulePut_mergesEnable_unknownIs400() {
      var r = put("/rules/telemetry_archive", "{\"enable\":false}");
      assertEquals(200, r.status());
      assertFalse(r.json().get("enable").asBoolean());
      assertFalse(api.get("/rules/telemetry_archive").json().get("enable").asBoolean());
      assertEquals(400, put("/rules/none", "{\"enable\":false}").status());
    }
  }
}
