package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionsApiTest extends MockTestBase {
  private static List<String> topics(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("data").forEach(s -> out.add(s.get("topic").asText()));
    return out;
  }

  @Test
  void listSubscriptions_isDataAndMeta() {
    var r = api.get("/subscriptions").json();
    assertEquals(11, r.get("meta").get("count").asInt());
    JsonNode first = r.get("data").get(0);
    for (String f : List.of("clientid", "node", "topic", "qos", "nl", "rap", "rh", "durable")) {
      assertTrue(first.has(f), f);
    }
  }

  @Test
  void listSubscriptions_filters() {
    assertEquals(
        List.of("devices/sensor-42/cmd"),
        topics(api.get("/subscriptions?clientid=sensor-42").json()));
    assertEquals(
        2, api.get("/subscriptions?share_group=workers").json().get("meta").get("count").asInt());
    // A shared subscription is keyed #share{group, topic}: the string never matches (v5.8.9).
    assertEquals(
        0,
        api.get("/subscriptions?topic=%24share%2Fworkers%2Fjobs%2F%23").json().get("data").size());
    assertEquals(1, api.get("/subscriptions?qos=2").json().get("data").size());
    assertEquals("NODE_DOWN", api.get("/subscriptions?node=emqx@nowhere").code());
    assertEquals("BAD_REQUEST", api.get("/subscriptions?qos=3").code());
  }

  @Test
  void listSubscriptions_topicAndShareGroup_matchAsEmqxKeysThem() {
    // emqx_mgmt_api_subscriptions.erl update_ms/3 at v5.8.9: share_group is applied first (sorted
    // keys), then topic replaces the group by a wildcard, so both together match every group.
    api.post("/clients/sensor-17/subscribe", "{\"topic\":\"$share/audit/jobs/#\"}");
    api.post("/clients/kiosk-lobby/subscribe", "{\"topic\":\"$queue/jobs/#\"}");
    api.post("/clients/gateway-eu-1/subscribe", "{\"topic\":\"jobs/#\"}");
    assertEquals(
        List.of("$share/workers/jobs/#", "$share/workers/jobs/#"),
        topics(api.get("/subscriptions?share_group=workers").json()));
    assertEquals(
        List.of(
            "$share/workers/jobs/#",
            "$share/workers/jobs/#",
            "$share/audit/jobs/#",
            "$queue/jobs/#"),
        topics(api.get("/subscriptions?share_group=workers&topic=jobs%2F%23").json()));
    assertEquals(List.of("jobs/#"), topics(api.get("/subscriptions?topic=jobs%2F%23").json()));
    assertEquals(
        List.of("$queue/jobs/#"), topics(api.get("/subscriptions?share_group=%24queue").json()));
    assertEquals(
        0, api.get("/subscriptions?topic=%24queue%2Fjobs%2F%23").json().get("data").size());
  }

  @Test
  void listSubscriptions_matchTopic_isFuzzyWithoutCount() {
    var r = api.get("/subscriptions?match_topic=devices%2F%23").json();
    assertNull(r.get("meta").get("count"));
    assertTrue(
        topics(r)
            .containsAll(
                List.of("devices/sensor-42/cmd", "devices/+/telemetry", "devices/+/status")));
    api.assertGet(
        "/subscriptions?match_topic=%24share%2Fg%2Ft",
        400, "{\"code\":\"INVALID_PARAMETER\",\"message\":\"match_topic_invalid\"}");
  }

  @Test
  void topics_areDistinctRoutes() {
    var r = api.get("/topics").json();
    List<String> t = topics(r);
    // worker-1 (.11) and worker-2 (.12) share the filter: one route per node.
    assertEquals(2, t.stream().filter("$share/workers/jobs/#"::equals).count());
    assertEquals(r.get("data").size(), r.get("meta").get("count").asInt());
    var one = api.get("/topics?topic=alerts%2F%23").json();
    assertEquals("emqx@10.0.0.11", one.get("data").get(0).get("node").asText());
    assertEquals(
        0, api.get("/topics?node=emqx@10.0.0.12&topic=alerts%2F%23").json().get("data").size());
  }

  @Test
  void topics_sharedRoutes_haveAGroupDestination() {
    // A shared subscription routes its real filter to {Group, Node} (emqx_shared_sub.erl); the
    // /topics match pattern (emqx_mgmt_api_topics.erl qs2ms/1 at v5.8.9) puts node= in the
    // destination, so node= leaves shared routes out, while a plain topic alone matches them.
    List<String> onNode = topics(api.get("/topics?node=emqx@10.0.0.11").json());
    assertFalse(onNode.isEmpty());
    assertTrue(onNode.stream().noneMatch(t -> t.startsWith("$share/")), onNode.toString());
    assertEquals(
        List.of("$share/workers/jobs/#", "$share/workers/jobs/#"),
        topics(api.get("/topics?topic=jobs%2F%23").json()));
    assertEquals(
        0, api.get("/topics?topic=jobs%2F%23&node=emqx@10.0.0.11").json().get("data").size());
    assertEquals(
        2, api.get("/topics?topic=%24share%2Fworkers%2Fjobs%2F%23").json().get("data").size());
    var one =
        api.get("/topics?topic=%24share%2Fworkers%2Fjobs%2F%23&node=emqx@10.0.0.12")
            .json()
            .get("data");
    assertEquals(1, one.size());
    assertEquals("emqx@10.0.0.12", one.get(0).get("node").asText());
    assertEquals(
        0, api.get("/topics?topic=%24share%2Fother%2Fjobs%2F%23").json().get("data").size());
    // GET /topics/{topic}: emqx_router:lookup_routes/1 by the real filter, shared routes included.
    assertEquals(2, api.get("/topics/jobs%2F%23").json().size());
    assertEquals(404, api.get("/topics/%24share%2Fworkers%2Fjobs%2F%23").status());
  }

  @Test
  void topics_incompleteShare_isTypoedInvalidParamter() {
    api.assertGet(
        "/topics?topic=%24share%2Fgroup",
        400, "{\"code\":\"INVALID_PARAMTER\",\"message\":\"topic_filter_invalid\"}");
  }

  @Test
  void topicByName_isArrayOrNotFound() {
    JsonNode r = api.getOk("/topics/devices%2F%2B%2Ftelemetry");
    assertEquals("emqx@10.0.0.12", r.get(0).get("node").asText());
    assertEquals(
        "{\"code\":\"TOPIC_NOT_FOUND\",\"message\":\"Topic not found\"}",
        api.get("/topics/no%2Fsuch").body());
  }

  @Test
  void subscribeAndKick_changeSubscriptionsAndTopics() {
    api.post(
        "/clients/sensor-42/subscribe", "{\"topic\":\"devices/sensor-42/commands\",\"qos\":1}");
    assertEquals(
        2, api.get("/subscriptions?clientid=sensor-42").json().get("meta").get("count").asInt());
    assertEquals(200, api.get("/topics/devices%2Fsensor-42%2Fcommands").status());
    assertEquals(204, api.delete("/clients/sensor-42").status());
    assertEquals(
        0, api.get("/subscriptions?clientid=sensor-42").json().get("meta").get("count").asInt());
    assertEquals(404, api.get("/topics/devices%2Fsensor-42%2Fcommands").status());
    assertFalse(topics(api.get("/topics").json()).contains("devices/sensor-42/cmd"));
  }
}
