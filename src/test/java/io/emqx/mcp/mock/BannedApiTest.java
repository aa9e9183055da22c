package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BannedApiTest extends MockTestBase {
  @Test
  void list_unfiltered_hasNoHasnext() {
    var r = api.get("/banned").json();
    assertEquals(2, r.get("meta").get("count").asInt());
    assertFalse(r.get("meta").has("hasnext"));
    var expiring = r.get("data").get(1);
    assertTrue(
        Instant.parse(expiring.get("until").asText().replace("+00:00", "Z"))
            .isAfter(Instant.now()));
    assertEquals("infinity", r.get("data").get(0).get("until").asText());
  }

  @Test
  void list_filters() {
    var exact = api.get("/banned?clientid=rogue-device-13").json();
    assertEquals(1, exact.get("meta").get("count").asInt());
    assertTrue(exact.get("meta").has("hasnext"));
    var like = api.get("/banned?like_peerhost=%5E203%5C.").json();
    assertEquals(1, like.get("data").size());
    assertNull(like.get("meta").get("count"));
    var two = api.get("/banned?clientid=a&username=b");
    assertEquals("{\"code\":\"BAD_REQUEST\",\"message\":\"too_many_filters\"}", two.body());
    assertEquals("BAD_REQUEST", api.get("/banned?like_clientid=%28").code());
  }

  @Test
  void create_isBareObject_andListed() {
    var r = api.post("/banned", "{\"as\":\"clientid\",\"who\":\"sensor-42\"}");
    assertEquals(200, r.status());
    assertEquals("infinity", r.json().get("until").asText());
    assertEquals("mgmt_api", r.json().get("by").asText());
    assertEquals("", r.json().get("reason").asText());
    assertTrue(
        r.json().get("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));
    assertEquals(3, api.get("/banned").json().get("meta").get("count").asInt());
  }

  @Test
  void create_clientidBan_kicksTheSession_otherKindsDoNot() {
    assertEquals(200, api.get("/clients/sensor-42").status());
    assertEquals(200, api.post("/banned", "{\"as\":\"username\",\"who\":\"sensors\"}").status());
    assertEquals(
        200,
        api.get("/clients/sensor-42").status(),
        "a username ban refuses the next connect only");
    assertEquals(200, api.post("/banned", "{\"as\":\"clientid\",\"who\":\"sensor-42\"}").status());
    assertEquals(
        404, api.get("/clients/sensor-42").status(), "emqx_banned:on_banned kicks the session");
    assertEquals(0, api.get("/subscriptions?clientid=sensor-42").json().get("data").size());
  }

  @Test
  void create_duplicate_isAlreadyExistsWithJsonText() {
    var r = api.post("/banned", "{\"as\":\"clientid\",\"who\":\"rogue-device-13\"}");
    r.assertError(400, "ALREADY_EXISTS");
    var existing = r.json().get("message").asText();
    assertTrue(existing.startsWith("{\"as\":\"clientid\",\"at\":"), existing);
  }

  @Test
  void create_errors() {
    long past = Instant.now().getEpochSecond() - 60;
    api.post("/banned", "{\"as\":\"clientid\",\"who\":\"x\",\"until\":" + past + "}")
        .assertError(400, "BAD_REQUEST");
    assertEquals(
        "\"bad peerhost\"",
        api.post("/banned", "{\"as\":\"peerhost\",\"who\":\"nope\"}")
            .json()
            .get("message")
            .asText());
    assertTrue(
        api.post("/banned", "{\"as\":\"ip\",\"who\":\"x\"}")
            .json()
            .get("message")
            .asText()
            .contains("root.as"));
    assertEquals("BAD_REQUEST", api.post("/banned", "{\"as\":\"clientid\"}").code());
    assertEquals(
        "BAD_REQUEST", api.post("/banned", "{\"as\":\"clientid\",\"who\":\"x\",\"foo\":1}").code());
  }

  @Test
  void create_withFutureUntil_keepsIt() {
    var r =
        api.post(
            "/banned",
            "{\"as\":\"username\",\"who\":\"bob\",\"until\":\"2099-01-01T00:00:00+00:00\"}");
    assertEquals("2099-01-01T00:00:00+00:00", r.json().get("until").asText());
  }

  @Test
  void delete_removes_thenNotFound() {
    assertEquals(204, api.delete("/banned/peerhost/203.0.113.77").status());
    var again = api.delete("/banned/peerhost/203.0.113.77");
    assertEquals(404, again.status());
    assertEquals("peerhost: 203.0.113.77 not found", again.json().get("message").asText());
    assertEquals(1, api.get("/banned").json().get("meta").get("count").asInt());
    assertEquals("BAD_REQUEST", api.delete("/banned/ip/x").code());
  }

  @Test
  void delete_encodedWho_isDecoded() {
    api.post("/banned", "{\"as\":\"peerhost_net\",\"who\":\"10.0.0.0/8\"}");
    assertEquals(204, api.delete("/banned/peerhost_net/10.0.0.0%2F8").status());
  }

  @Test
  void delete_unparsableWho_crashesTheHandler() {
    // delete_banned/2 -> emqx_banned:look_up/1 -> parse_who/1 gives {error, _}, table/1 has no
    // clause
    // for it: minirest answers the crash (emqx_mgmt_api_banned.erl, emqx_banned.erl at v5.8.9).
    for (String path :
        new String[] {
          "peerhost/not-an-ip",
          "peerhost_net/10.0.0.0%2F33",
          "peerhost_net/ten%2F8",
          "clientid_re/sensor-%28",
          "username_re/%5Ba-"
        }) {
      var r = api.delete("/banned/" + path);
      assertEquals(500, r.status(), path);
      assertEquals("INTERNAL_ERROR", r.code(), path);
      assertTrue(
          r.json()
              .get("message")
              .asText()
              .startsWith("error, function_clause, [{emqx_banned,table,"),
          r.body());
    }
    assertEquals(
        2, api.get("/banned").json().get("meta").get("count").asInt(), "nothing was removed");
  }

  @Test
  void delete_parsableWho_isLookedUpByItsParsedValue() {
    assertEquals(404, api.delete("/banned/peerhost_net/10.0.0.0%2F8").status());
    assertEquals(404, api.delete("/banned/clientid_re/%5Esensor-.*").status());
    assertEquals(200, api.post("/banned", "{\"as\":\"peerhost\",\"who\":\"::1\"}").status());
    assertEquals(
        204,
        api.delete("/banned/peerhost/0:0:0:0:0:0:0:1").status(),
        "the same address, written long");
    assertEquals(404, api.delete("/banned/peerhost/::1").status());
  }
}
