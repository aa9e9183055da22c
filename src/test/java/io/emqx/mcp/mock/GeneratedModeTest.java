package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratedModeTest {
  static final int N = 1_000_000;
  static MockEmqx emqx;
  static Api api;

  @BeforeAll
  static void start() {
    emqx = MockEmqx.start(new MockEmqx.Options(0, N));
    api = new Api(emqx);
  }

  @AfterAll
  static void stop() {
    emqx.close();
  }

  @BeforeEach
  void reset() {
    emqx.reset();
  }

  @Test
  void firstPage_isFastAndCountsAll() {
    JsonNode r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> api.get("/clients?limit=100").json());
    assertEquals(N, r.get("meta").get("count").asInt());
    assertTrue(r.get("meta").get("hasnext").asBoolean());
    assertEquals("client-0000001", r.get("data").get(0).get("clientid").asText());
    assertEquals(100, r.get("data").size());
  }

  @Test
  void deepPage_isComputedFromTheIndex() {
    JsonNode r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> api.get("/clients?page=10000&limit=100").json());
    assertEquals("client-0999901", r.get("data").get(0).get("clientid").asText());
    assertEquals("client-1000000", r.get("data").get(99).get("clientid").asText());
    assertFalse(r.get("meta").get("hasnext").asBoolean());
  }

  @Test
  void getClient_parsesTheIndex() {
    JsonNode c = api.get("/clients/client-0500000").json();
    assertEquals("client-0500000", c.get("clientid").asText());
    assertEquals("emqx@10.0.0.12", c.get("node").asText());
    assertFalse(c.get("connected").asBoolean());
    assertTrue(c.has("disconnected_at"));
    assertEquals(404, api.get("/clients/client-1000001").status());
    assertEquals(404, api.get("/clients/client-0").status());
    assertEquals(404, api.get("/clients/sensor-42").status());
  }

  @Test
  void kick_isRemembered_andShiftsPages() {
    assertEquals(204, api.delete("/clients/client-0000002").status());
    assertEquals(404, api.get("/clients/client-0000002").status());
    assertEquals(404, api.delete("/clients/client-0000002").status());
    JsonNode r = api.get("/clients?limit=2").json();
    assertEquals(N - 1, r.get("meta").get("count").asInt());
    assertEquals("client-0000001", r.get("data").get(0).get("clientid").asText());
    assertEquals("client-0000003", r.get("data").get(1).get("clientid").asText());
    JsonNode p2 = api.get("/clients?page=2&limit=2").json();
    assertEquals("client-0000004", p2.get("data").get(0).get("clientid").asText());
    emqx.reset();
    assertEquals(200, api.get("/clients/client-0000002").status());
  }

  @Test
  void filteredScan_staysBounded() {
    JsonNode r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> api.get("/clients?like_clientid=client-09999&limit=5").json());
    assertEquals("client-0999900", r.get("data").get(0).get("clientid").asText());
    assertNull(r.get("meta").get("count"));
    JsonNode byNode =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> api.get("/clients?node=emqx@10.0.0.11&conn_state=disconnected&limit=1").json());
    assertEquals(0, byNode.get("meta").get("count").asInt());
    JsonNode exact = api.get("/clients?clientid=client-0000007&clientid=client-0000008").json();
    assertEquals(2, exact.get("meta").get("count").asInt());
  }

  @Test
  void subscribeAndPublish_workOnGeneratedClients() {
    api.post("/clients/client-0000042/subscribe", "{\"topic\":\"fleet/42/#\"}");
    assertEquals(
        200, api.post("/publish", "{\"topic\":\"fleet/42/cmd\",\"payload\":\"x\"}").status());
    assertEquals(1, api.get("/clients/client-0000042").json().get("subscriptions_cnt").asInt());
  }
}
