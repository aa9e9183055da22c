package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientsApiTest extends MockTestBase {
  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("data").forEach(c -> out.add(c.get("clientid").asText()));
    return out;
  }

  @Test
  void listClients_defaults_returnsAllWithMeta() {
    var r = api.get("/clients");
    assertEquals(200, r.status());
    assertEquals("application/json", r.header("content-type"));
    JsonNode meta = r.json().get("meta");
    assertEquals(12, meta.get("count").asInt());
    assertEquals(1, meta.get("page").asInt());
    assertEquals(100, meta.get("limit").asInt());
    assertFalse(meta.get("hasnext").asBoolean());
    assertEquals(12, r.json().get("data").size());
  }

  @Test
  void listClients_pagePastTheEnd_isEmptyWithCount() {
    var r = api.get("/clients?page=5&limit=5").json();
    assertEquals(0, r.get("data").size());
    assertEquals(12, r.get("meta").get("count").asInt());
    assertFalse(r.get("meta").get("hasnext").asBoolean());
  }

  @Test
  void listClients_secondPage_hasNextUntilTheEnd() {
    var first = api.get("/clients?page=1&limit=5").json();
    assertTrue(first.get("meta").get("hasnext").asBoolean());
    var third = api.get("/clients?page=3&limit=5").json();
    assertEquals(2, third.get("data").size());
    assertFalse(third.get("meta").get("hasnext").asBoolean());
  }

  @Test
  void listClients_limitOutOfRange_isBadRequest() {
    for (String q : List.of("limit=0", "limit=10001", "limit=abc", "page=0")) {
      var r = api.get("/clients?" + q);
      assertEquals(400, r.status(), q);
      assertEquals("BAD_REQUEST", r.code(), q);
      JsonNode msg = Api.JSON.valueToTree(r.json().get("message").asText());
      assertTrue(msg.asText().contains("validation_error"), q);
    }
    var r = api.get("/clients?limit=0").json();
    assertEquals(
        "{\"kind\":\"validation_error\",\"path\":\"limit\",\"reason\":{\"expected\":\"1..10000\"},\"value\":0}",
        r.get("message").asText());
  }

  @Test
  void listClients_unknownNode_isNodeDown() {
    api.get("/clients?node=emqx@nowhere").assertError(500, "NODE_DOWN");
    assertEquals(500, api.get("/clients?node=emqx@10.0.0.13").status());
  }

  @Test
  void listClients_nodeFilter_keepsThatNode() {
    var r = api.get("/clients?node=emqx@10.0.0.12").json();
    r.get("data").forEach(c -> assertEquals("emqx@10.0.0.12", c.get("node").asText()));
    assertEquals(r.get("data").size(), r.get("meta").get("count").asInt());
  }

  @Test
  void listClients_repeatedClientid_isOr() {
    var r = api.get("/clients?clientid=sensor-42&clientid=worker-1&clientid=nope").json();
    assertEquals(List.of("sensor-42", "worker-1"), ids(r));
    assertEquals(2, r.get("meta").get("count").asInt());
  }

  @Test
  void listClients_usernameAndConnState_areAnded() {
    var r = api.get("/clients?username=fleet&username=sensors&conn_state=disconnected").json();
    assertEquals(List.of("truck-0815"), ids(r));
  }

  @Test
  void listClients_idleConnState_isAccepted() {
    // conn_state is the enum [connected, idle, disconnected] (emqx_mgmt_api_clients.erl at v5.8.9);
    // idle is a channel still before CONNECT, and no seeded client is.
    JsonNode r = api.getOk("/clients?conn_state=idle");
    assertEquals(List.of(), ids(r));
    assertEquals(0, r.get("meta").get("count").asInt());
  }

  @Test
  void listClients_badIpAddress_isInvalidParameter() {
    var r = api.get("/clients?ip_address=127.0.0.1:8080");
    r.assertError(400, "INVALID_PARAMETER");
    assertEquals(
        "the ip_address parameter expected type is ip, but the value is 127.0.0.1:8080",
        r.json().get("message").asText());
    assertEquals(List.of("sensor-42"), ids(api.get("/clients?ip_address=10.20.4.42").json()));
  }

  @Test
  void listClients_cleanStartAndProtoVer_filter() {
    assertEquals(
        List.of("plant/line-1/plc", "kiosk-lobby"), ids(api.get("/clients?proto_ver=4").json()));
    var r = api.get("/clients?clean_start=false").json();
    assertTrue(ids(r).containsAll(List.of("sensor-42", "truck-0815", "legacy-meter-9")));
    assertEquals("BAD_REQUEST", api.get("/clients?clean_start=maybe").code());
    assertEquals("INVALID_PARAMETER", api.get("/clients?proto_ver=abc").code());
    assertEquals("BAD_REQUEST", api.get("/clients?conn_state=foo").code());
  }

  @Test
  void listClients_likeFilters_areSubstringsWithoutCount() {
    var r = api.get("/clients?like_clientid=sensor").json();
    assertEquals(List.of("sensor-42", "sensor-17"), ids(r));
    assertNull(r.get("meta").get("count"));
    assertFalse(r.get("meta").get("hasnext").asBoolean());
    var u = api.get("/clients?like_username=job").json();
    assertEquals(List.of("worker-1", "worker-2"), ids(u));
    var capped = api.get("/clients?like_clientid=e&limit=1").json();
    assertTrue(capped.get("meta").get("hasnext").asBoolean());
  }

  @Test
  void listClients_likeWithExactKey_isIgnored() {
    var r = api.get("/clients?clientid=worker-1&like_clientid=sensor").json();
    assertEquals(List.of("worker-1"), ids(r));
    assertEquals(1, r.get("meta").get("count").asInt());
  }

  @Test
  void listClients_fields_projectsItems() {
    var r = api.get("/clients?fields=clientid,node&limit=1").json();
    JsonNode item = r.get("data").get(0);
    assertEquals(2, item.size());
    assertTrue(item.has("clientid") && item.has("node"));
    assertEquals("BAD_REQUEST", api.get("/clients?fields=bad_field").code());
  }

  @Test
  void getClient_known_hasFullRecord() {
    JsonNode c = api.getOk("/clients/sensor-42");
    assertEquals("sensor-42", c.get("clientid").asText());
    assertTrue(c.get("connected_at").asText().endsWith("+00:00"));
    assertEquals(1, c.get("subscriptions_cnt").asInt());
    assertTrue(c.get("mqueue_dropped").asInt() > 0);
    for (String f :
        List.of(
            "awaiting_rel_cnt",
            "heap_size",
            "recv_msg.dropped.await_pubrel_timeout",
            "send_msg.dropped.queue_full",
            "subscriptions_max",
            "mountpoint",
            "expiry_interval")) {
      assertTrue(c.has(f), f);
    }
  }

  @Test
  void getClient_percentEncodedSlash_isDecoded() {
    JsonNode r = api.getOk("/clients/plant%2Fline-1%2Fplc");
    assertEquals("plant/line-1/plc", r.get("clientid").asText());
  }

  @Test
  void getClient_spaceAndUtf8_areDecoded() {
    JsonNode r = api.getOk("/clients/K%C3%BCche%20Thermostat");
    assertEquals("Küche Thermostat", r.get("clientid").asText());
    assertTrue(r.get("username").isNull());
  }

  @Test
  void getClient_hashAndPlus_areDecoded() {
    assertEquals(200, api.get("/clients/loadtest%2Brunner%233").status());
    // A raw + stays a + in a path.
    assertEquals(200, api.get("/clients/loadtest+runner%233").status());
  }

  @Test
  void getClient_rawSlash_isUnknownPath() {
    var r =
        Api.send(
            api.request("/clients/plant/line-1/plc").header("Accept", "application/json").GET());
    assertEquals(404, r.status());
    assertEquals("{\"code\": \"NOT_FOUND\", \"message\": \"Request Path Not Found\"}", r.body());
  }

  @Test
  void getClient_malformedEscape_isBareBadRequest() {
    // Jetty refuses the escape before WireMock sees it: same 400 as cowboy, but with Jetty's
    // small HTML body where cowboy sends none. Callers should only rely on the status.
    String r = api.raw("GET", "/api/v5/clients/a%zzb");
    assertTrue(r.startsWith("HTTP/1.1 400"), r);
  }

  @Test
  void getClient_unknown_isClientidNotFound() {
    api.assertGet(
        "/clients/nope",
        404,
        "{\"code\":\"CLIENTID_NOT_FOUND\",\"message\":\"Client ID not found\"}");
  }

  @Test
  void getClient_disconnected_hasDisconnectedAtAndExpiry() {
    JsonNode c = api.get("/clients/truck-0815").json();
    assertFalse(c.get("connected").asBoolean());
    assertTrue(c.get("disconnected_at").asText().endsWith("+00:00"));
    assertEquals(7200, c.get("expiry_interval").asInt());
  }

  @Test
  void kickClient_thenGone_everywhere() {
    var kick = api.delete("/clients/plant%2Fline-1%2Fplc");
    assertEquals(204, kick.status());
    assertEquals("", kick.body());
    assertEquals(404, api.get("/clients/plant%2Fline-1%2Fplc").status());
    assertEquals(404, api.delete("/clients/plant%2Fline-1%2Fplc").status());
    var list = api.get("/clients").json();
    assertEquals(11, list.get("meta").get("count").asInt());
    assertFalse(ids(list).contains("plant/line-1/plc"));
    assertEquals(404, api.get("/clients/plant%2Fline-1%2Fplc/subscriptions").status());
  }

  @Test
  void kickClient_unknown_isNotFound() {
    assertEquals("CLIENTID_NOT_FOUND", api.delete("/clients/nope").code());
  }

  @Test
  void clientSubscriptions_areAPlainArray() {
    JsonNode subs = api.getOk("/clients/sensor-42/subscriptions");
    assertTrue(subs.isArray());
    assertEquals("devices/sensor-42/cmd", subs.get(0).get("topic").asText());
    assertFalse(subs.get(0).get("durable").asBoolean());
    assertEquals("emqx@10.0.0.11", subs.get(0).get("node").asText());
    assertEquals("[]", api.get("/clients/legacy-meter-9/subscriptions").body());
    assertEquals(404, api.get("/clients/nope/subscriptions").status());
  }

  @Test
  void subscribe_echoesWithDefaults_andShowsInSubscriptions() {
    var r =
        api.post(
            "/clients/sensor-42/subscribe", "{\"topic\":\"devices/sensor-42/commands\",\"qos\":1}");
    assertEquals(200, r.status());
    assertEquals(
        "{\"clientid\":\"sensor-42\",\"node\":\"emqx@10.0.0.11\",\"topic\":\"devices/sensor-42/commands\","
            + "\"qos\":1,\"nl\":0,\"rap\":0,\"rh\":0}",
        r.body());
    assertEquals(2, api.get("/clients/sensor-42/subscriptions").json().size());
    assertEquals(2, api.get("/clients/sensor-42").json().get("subscriptions_cnt").asInt());
  }

  @Test
  void subscribe_errors() {
    assertEquals(404, api.post("/clients/nope/subscribe", "{\"topic\":\"t\"}").status());
    var nl = api.post("/clients/worker-1/subscribe", "{\"topic\":\"$share/g/t\",\"nl\":1}");
    assertEquals(400, nl.status());
    assertEquals(
        "Invalid Subscribe options: `no_local` not allowed for shared-sub. See [MQTT-3.8.3-4]",
        nl.json().get("message").asText());
    assertEquals(
        "BAD_REQUEST",
        api.post("/clients/worker-1/subscribe", "{\"topic\":\"t\",\"qos\":3}").code());
    assertEquals("BAD_REQUEST", api.post("/clients/worker-1/subscribe", "{\"qos\":1}").code());
    assertEquals(
        "BAD_REQUEST", api.post("/clients/worker-1/subscribe", "{\"topic\":\"t\",\"x\":1}").code());
    api.post("/clients/worker-1/subscribe", "{\"topic\":\"$share/g\"}")
        .assertError(500, "UNKNOWN_ERROR");
  }

  @Test
  void unsubscribe_removes_andIsIdempotent() {
    assertEquals(
        204,
        api.post("/clients/sensor-42/unsubscribe", "{\"topic\":\"devices/sensor-42/cmd\"}")
            .status());
    assertEquals("[]", api.get("/clients/sensor-42/subscriptions").body());
    assertEquals(
        204,
        api.post("/clients/sensor-42/unsubscribe", "{\"topic\":\"devices/sensor-42/cmd\"}")
            .status());
    assertEquals(404, api.post("/clients/nope/unsubscribe", "{\"topic\":\"t\"}").status());
    assertEquals(500, api.post("/clients/sensor-42/unsubscribe", "{}").status());
  }

  @Test
  void body_invalidJsonAndWrongContentType() {
    var bad = api.post("/clients/sensor-42/subscribe", "{nope");
    assertEquals(400, bad.status());
    assertEquals("Invalid json message received", bad.json().get("message").asText());
    var text =
        Api.send(
            api.request("/clients/sensor-42/subscribe")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\"}")));
    text.assertError(415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void trailingSlash_actsLikeWithout() {
    assertEquals(200, api.get("/clients/").status());
  }

  @Test
  void timeFilters_acceptEpochAndRfc3339() {
    var r = api.get("/clients?gte_created_at=2025-06-02T07:30:00%2B00:00").json();
    assertEquals(List.of("dashboard-web-7f3a", "loadtest+runner#3"), ids(r));
    assertEquals("BAD_REQUEST", api.get("/clients?lte_created_at=yesterday").code());
  }
}
