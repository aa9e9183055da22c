package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.Says;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Subscription and topic tools through the MCP client against the fake's demo cluster. */
class SubscriptionToolsTest extends MockBacked {

  @Nested
  class ListClientSubscriptions {

    @Test
    void listClientSubscriptions_returnsAPageOfEmqxsWholeList() {
      Map<String, Object> page =
          ok("list_client_subscriptions", Map.of("clientid", "dashboard-web-7f3a"));
      assertEquals(List.of("alerts/#", "devices/+/status"), column(page, "topic"));
      assertEquals(Map.of("page", 1, "limit", 25, "hasnext", false, "count", 2), meta(page));
      Map<String, Object> second =
          ok(
              "list_client_subscriptions",
              Map.of("clientid", "dashboard-web-7f3a", "limit", 1, "page", 2));
      assertEquals(List.of("devices/+/status"), column(second, "topic"));
      assertEquals(false, meta(second).get("hasnext"));
    }

    @Test
    void listClientSubscriptions_encodedIdAndUnknownClient() {
      assertEquals(
          List.of("plant/line-1/setpoints/#"),
          column(ok("list_client_subscriptions", Map.of("clientid", "plant/line-1/plc")), "topic"));
      assertEquals(
          "CLIENT_NOT_FOUND",
          error("list_client_subscriptions", Map.of("clientid", "nobody")).get("code"));
    }
  }

  @Nested
  class SubscribeAndUnsubscribe {

    @Test
    void subscribe_thenListed_thenUnsubscribe_thenGone() {
      Map<String, Object> sub =
          ok(
              "subscribe_client",
              Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/commands", "qos", 1));
      assertEquals(
          Map.of(
              "clientid",
              "sensor-42",
              "node",
              "emqx@10.0.0.11",
              "topic",
              "devices/sensor-42/commands",
              "qos",
              1,
              "nl",
              0,
              "rap",
              0,
              "rh",
              0),
          sub);
      assertTrue(
          column(ok("list_client_subscriptions", Map.of("clientid", "sensor-42")), "topic")
              .contains("devices/sensor-42/commands"));
      Map<String, Object> gone =
          ok(
              "unsubscribe_client",
              Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/commands"));
      assertEquals(true, gone.get("unsubscribed"));
      assertEquals(
          List.of("devices/sensor-42/cmd"),
          column(ok("list_client_subscriptions", Map.of("clientid", "sensor-42")), "topic"));
    }

    @Test
    void unsubscribe_notSubscribed_sendsNothingAndListsTheFilters() {
      Map<String, Object> r =
          ok("unsubscribe_client", Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/x"));
      assertEquals(false, r.get("unsubscribed"));
      assertEquals(List.of("devices/sensor-42/cmd"), r.get("subscriptions"));
    }

    @Test
    void subscribe_sharedWithNoLocal_isRefusedBeforeSending() {
      Says.assertError(
          error(
              "subscribe_client",
              Map.of("clientid", "worker-1", "topic", "$share/g/jobs/#", "nl", 1)),
          "INVALID_ARGUMENT",
          "MQTT-3.8.3-4");
    }

    @Test
    void subscribe_invalidFilter_isInvalidArgument() {
      for (String bad : List.of("a/#/b", "a+/b", "$share/g", "")) {
        assertEquals(
            "INVALID_ARGUMENT",
            error("subscribe_client", Map.of("clientid", "sensor-42", "topic", bad)).get("code"),
            bad);
      }
    }

    @Test
    void subscribe_unknownClient_isClientNotFound() {
      assertEquals(
          "CLIENT_NOT_FOUND",
          error("subscribe_client", Map.of("clientid", "nobody", "topic", "t")).get("code"));
    }
  }

  @Nested
  class Search {

    @Test
    void listSubscriptions_byExactFilter_findsBothSharedMembers() {
      Map<String, Object> page = ok("list_subscriptions", Map.of("topic", "$share/workers/jobs/#"));
      assertEquals(List.of("worker-1", "worker-2"), column(page, "clientid"));
      assertEquals(2, meta(page).get("count"));
    }

    @Test
    void listSubscriptions_sharedFilter_isOneGroupOnly_notTheSameFilterInAnotherGroup() {
      // EMQX v5.8.9 answers share_group=workers&topic=jobs/# with every group's jobs/#; the tool
      // keeps
      // the group it was asked for.
      ok("subscribe_client", Map.of("clientid", "sensor-17", "topic", "$share/audit/jobs/#"));
      ok("subscribe_client", Map.of("clientid", "gateway-eu-1", "topic", "jobs/#"));
      Map<String, Object> workers =
          ok("list_subscriptions", Map.of("topic", "$share/workers/jobs/#"));
      assertEquals(List.of("worker-1", "worker-2"), column(workers, "clientid"));
      assertEquals(2, meta(workers).get("count"));
      Map<String, Object> audit =
          ok("list_subscriptions", Map.of("share_group", "audit", "topic", "jobs/#"));
      assertEquals(List.of("$share/audit/jobs/#"), column(audit, "topic"));
      assertEquals(
          List.of("gateway-eu-1"),
          column(ok("list_subscriptions", Map.of("topic", "jobs/#")), "clientid"),
          "an unshared filter does not find the shared ones");
      assertEquals(
          List.of("worker-1", "worker-2"),
          column(
              ok(
                  "list_subscriptions",
                  Map.of("topic", "$share/workers/jobs/#", "share_group", "workers")),
              "clientid"));
    }

    @Test
    void listSubscriptions_queueFilter_isTheQueueGroup() {
      ok("subscribe_client", Map.of("clientid", "sensor-17", "topic", "$queue/jobs/#"));
      assertEquals(
          List.of("sensor-17"),
          column(ok("list_subscriptions", Map.of("topic", "$queue/jobs/#")), "clientid"));
      assertEquals(
          List.of("$queue/jobs/#"),
          column(ok("list_subscriptions", Map.of("share_group", "$queue")), "topic"));
    }

    @Test
    void listSubscriptions_groupContradictingTheTopic_isRefusedBeforeSending() {
      long before = emqx.requestCount();
      Map<String, Object> e =
          error("list_subscriptions", Map.of("topic", "$share/workers/jobs/#", "share_group", "w"));
      assertEquals("INVALID_ARGUMENT", e.get("code"));
      assertTrue(e.get("message").toString().contains("'workers'"), e.toString());
      assertEquals(
          "INVALID_ARGUMENT",
          error("list_subscriptions", Map.of("topic", "$queue/jobs/#", "share_group", "workers"))
              .get("code"));
      assertEquals(before, emqx.requestCount());
    }

    @Test
    void listSubscriptions_anyExactFilter_findsExactlyItsSubscribers() {
      // Varied: random shared, queued and plain subscriptions over a few filters; topic=T must list
      // exactly the clients subscribed to the string T, whatever EMQX's keying does underneath.
      Random random = new Random(20261203L);
      List<String> clients =
          List.of("sensor-17", "gateway-eu-1", "kiosk-lobby", "truck-0815", "Küche Thermostat");
      List<String> prefixes = List.of("", "$share/g1/", "$share/g2/", "$queue/");
      List<String> filters = List.of("r/#", "r/+", "r/x");
      Map<String, java.util.Set<String>> expected = new java.util.TreeMap<>();
      for (int i = 0; i < 14; i++) {
        String client = clients.get(random.nextInt(clients.size()));
        String topic =
            prefixes.get(random.nextInt(prefixes.size()))
                + filters.get(random.nextInt(filters.size()));
        ok("subscribe_client", Map.of("clientid", client, "topic", topic));
        expected.computeIfAbsent(topic, k -> new java.util.TreeSet<>()).add(client);
      }
      for (String prefix : prefixes) {
        for (String filter : filters) {
          String topic = prefix + filter;
          Map<String, Object> page = ok("list_subscriptions", Map.of("topic", topic, "limit", 100));
          assertEquals(
              expected.getOrDefault(topic, java.util.Set.of()),
              new java.util.TreeSet<>(
                  column(page, "clientid").stream().map(Object::toString).toList()),
              topic);
          assertTrue(
              column(page, "topic").stream().allMatch(topic::equals),
              topic + ": " + column(page, "topic"));
        }
      }
    }

    @Test
    void listSubscriptions_matchTopic_findsFiltersInsideIt_withoutCount() {
      Map<String, Object> page = ok("list_subscriptions", Map.of("match_topic", "devices/#"));
      assertTrue(
          column(page, "topic").containsAll(List.of("devices/sensor-42/cmd", "devices/+/status")));
      assertFalse(meta(page).containsKey("count"), "EMQX omits count under match_topic");
      // EMQX matches subscribed filters as names: a concrete topic does not find devices/+/status.
      assertEquals(
          List.of(),
          column(
              ok("list_subscriptions", Map.of("match_topic", "devices/sensor-9/status")), "topic"));
    }

    @Test
    void listSubscriptions_sharedMatchTopic_isRefusedBeforeSending() {
      assertEquals(
          "INVALID_ARGUMENT",
          error("list_subscriptions", Map.of("match_topic", "$share/g/t")).get("code"));
      assertEquals(
          "INVALID_ARGUMENT", error("list_subscriptions", Map.of("topic", "a/#/b")).get("code"));
    }

    @Test
    void listSubscriptions_stoppedNode_isUnavailableWithEmqxsCode() {
      Map<String, Object> e = error("list_subscriptions", Map.of("node", "emqx@10.0.0.13"));
      assertEquals("EMQX_UNAVAILABLE", e.get("code"));
      assertEquals("NODE_DOWN", e.get("emqx_code"));
      assertTrue(
          e.get("message").toString().contains("not running or not in the cluster"), e.toString());
    }

    @Test
    void listTopics_onANode_leavesOutSharedRoutes_asEmqxDoes() {
      Map<String, Object> onNode =
          ok("list_topics", Map.of("node", "emqx@10.0.0.11", "limit", 100));
      assertFalse(data(onNode).isEmpty());
      assertTrue(
          column(onNode, "topic").stream().noneMatch(t -> t.toString().startsWith("$share/")),
          column(onNode, "topic").toString());
      Map<String, Object> shared =
          ok("list_topics", Map.of("topic", "$share/workers/jobs/#", "node", "emqx@10.0.0.11"));
      assertEquals(
          List.of(Map.of("topic", "$share/workers/jobs/#", "node", "emqx@10.0.0.11")),
          data(shared));
    }

    @Test
    void listTopics_routesOncePerNode_andFilters() {
      Map<String, Object> all = ok("list_topics", Map.of("limit", 100));
      assertEquals(meta(all).get("count"), data(all).size());
      // worker-1 (.11) and worker-2 (.12) share one filter: one route on each node.
      assertEquals(
          List.of("emqx@10.0.0.11", "emqx@10.0.0.12"),
          data(all).stream()
              .filter(r -> r.get("topic").equals("$share/workers/jobs/#"))
              .map(r -> r.get("node"))
              .sorted()
              .toList());
      Map<String, Object> one = ok("list_topics", Map.of("topic", "devices/+/telemetry"));
      assertEquals(
          List.of(Map.of("topic", "devices/+/telemetry", "node", "emqx@10.0.0.12")), data(one));
    }
  }
}
