package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The four core tools through the SDK's MCP client against the built-in fake EMQX (seed data). */
class CoreToolsTest extends MockBacked {

  @Nested
  class ListClients {

    @Test
    void listClients_default_isCompactPageWithMeta() {
      Map<String, Object> page = server.ok("list_clients", Map.of());
      assertEquals(12, data(page).size());
      assertEquals(Map.of("page", 1, "limit", 25, "hasnext", false, "count", 12), meta(page));
      Map<String, Object> first = data(page).get(0);
      assertNotNull(first.get("clientid"));
      assertFalse(
          first.containsKey("heap_size"), "the list is projected; get_client has the full record");
      assertFalse(first.containsKey("recv_oct"));
    }

    @Test
    void listClients_likeClientid_hasNoCount() {
      Map<String, Object> page = server.ok("list_clients", Map.of("like_clientid", "sensor"));
      assertEquals(2, data(page).size());
      assertFalse(
          meta(page).containsKey("count"), "EMQX omits count under fuzzy filters; so do we");
    }

    @Test
    void listClients_pagesWithHasnext() {
      Map<String, Object> p1 = server.ok("list_clients", Map.of("limit", 5, "page", 1));
      Map<String, Object> p3 = server.ok("list_clients", Map.of("limit", 5, "page", 3));
      assertEquals(true, meta(p1).get("hasnext"));
      assertEquals(2, data(p3).size());
      assertEquals(false, meta(p3).get("hasnext"));
    }

    @Test
    void listClients_filtersByStateAndNode() {
      Map<String, Object> offline = server.ok("list_clients", Map.of("conn_state", "disconnected"));
      assertTrue(data(offline).stream().allMatch(c -> Boolean.FALSE.equals(c.get("connected"))));
      assertTrue(data(offline).stream().allMatch(c -> c.containsKey("disconnected_at")));
      Map<String, Object> node = server.ok("list_clients", Map.of("node", "emqx@10.0.0.12"));
      assertTrue(data(node).stream().allMatch(c -> "emqx@10.0.0.12".equals(c.get("node"))));
    }

    @Test
    void listClients_idleConnState_isAskedOfEmqx() {
      // EMQX's conn_state enum has idle too (emqx_mgmt_api_clients.erl at v5.8.9); no seeded client
      // is
      // mid-CONNECT, so the page is empty, but the call reaches EMQX instead of being refused.
      long before = emqx.requestCount();
      Map<String, Object> idle = server.ok("list_clients", Map.of("conn_state", "idle"));
      assertEquals(List.of(), data(idle));
      assertEquals(before + 1, emqx.requestCount());
      assertEquals(
          "INVALID_ARGUMENT",
          server.error("list_clients", Map.of("conn_state", "asleep")).get("code"));
      assertEquals(before + 1, emqx.requestCount(), "a bad state is refused before any request");
    }

    @Test
    void listClients_hundredClients_fitsAnLlmBudget() {
      // The seed has 12; the per-record size is what matters: 100 records must stay under 15 KB.
      String text = TestServer.text(server.call("list_clients", Map.of("limit", 100)));
      int perClient = text.length() / 12;
      assertTrue(perClient * 100 < 15_000, "about " + perClient + " bytes per client");
    }
  }

  @Nested
  class GetAndKick {

    @Test
    void getClient_awkwardIds_roundTrip() {
      for (String id : List.of("plant/line-1/plc", "Küche Thermostat", "loadtest+runner#3")) {
        Map<String, Object> c = server.ok("get_client", Map.of("clientid", id));
        assertEquals(id, c.get("clientid"));
        assertTrue(c.containsKey("mqueue_dropped"), "the full record");
      }
    }

    @Test
    void kick_thenTheClientIsGone() {
      assertEquals(
          true,
          server.ok("kick_mqtt_client", Map.of("clientid", "kiosk-lobby")).get("disconnected"));
      assertEquals(
          "CLIENT_NOT_FOUND",
          server.error("get_client", Map.of("clientid", "kiosk-lobby")).get("code"));
      assertEquals(
          "CLIENT_NOT_FOUND",
          server.error("kick_mqtt_client", Map.of("clientid", "kiosk-lobby")).get("code"));
      Map<String, Object> page = server.ok("list_clients", Map.of());
      assertTrue(data(page).stream().noneMatch(c -> "kiosk-lobby".equals(c.get("clientid"))));
      assertEquals(11, meta(page).get("count"));
    }
  }

  @Nested
  class Publish {

    @Test
    void publish_toASubscribedTopic_isDelivered() {
      Map<String, Object> r =
          server.ok(
              "publish_message", Map.of("topic", "devices/sensor-42/cmd", "payload", "reboot"));
      assertEquals(true, r.get("delivered"));
      assertTrue(r.get("id").toString().matches("[0-9A-F]{32}"), r.toString());
    }

    @Test
    void publish_toATopicNobodyWatches_isAcceptedNotDelivered() {
      Map<String, Object> r =
          server.ok(
              "publish_message", Map.of("topic", "devices/sensor-42/commands", "payload", "x"));
      assertEquals(
          Map.of(
              "topic",
              "devices/sensor-42/commands",
              "delivered",
              false,
              "reason",
              "no_matching_subscribers"),
          r);
    }

    @Test
    void publish_binaryBase64_isAccepted() {
      Map<String, Object> r =
          server.ok(
              "publish_message",
              Map.of(
                  "topic",
                  "devices/sensor-42/cmd",
                  "payload",
                  "AAEC/w==",
                  "payload_encoding",
                  "base64",
                  "qos",
                  2));
      assertEquals(true, r.get("delivered"));
    }
  }

  @Nested
  class Catalog {

    @Test
    void tools_haveDescriptionsAnnotationsAndClosedSchemas() {
      List<McpSchema.Tool> tools = server.client().listTools().tools();
      // Every tool, but list_toolsets and enable_toolset: mcp.dynamic-toolsets is off.
      assertEquals(
          ToolCatalogTest.TOOLS.stream().filter(t -> t.group() != Toolset.TOOLSETS).count(),
          tools.size(),
          "every tool is offered");
      for (McpSchema.Tool t : tools) {
        assertTrue(t.description().length() > 80, t.name());
        assertEquals(false, t.inputSchema().get("additionalProperties"), t.name());
        assertNotNull(t.outputSchema(), t.name());
        assertNotNull(t.annotations().readOnlyHint(), t.name());
      }
      Map<String, McpSchema.Tool> byName = new java.util.HashMap<>();
      tools.forEach(t -> byName.put(t.name(), t));
      assertEquals(true, byName.get("list_clients").annotations().readOnlyHint());
      assertEquals(true, byName.get("kick_mqtt_client").annotations().destructiveHint());
      assertEquals(false, byName.get("publish_message").annotations().readOnlyHint());
      assertEquals(false, byName.get("publish_message").annotations().destructiveHint());
      assertEquals(true, byName.get("mqtt_subscribe").annotations().readOnlyHint());
      assertEquals(false, byName.get("mqtt_query").annotations().readOnlyHint(), "it publishes");
      assertEquals(false, byName.get("mqtt_query").annotations().destructiveHint());
    }
  }
}
