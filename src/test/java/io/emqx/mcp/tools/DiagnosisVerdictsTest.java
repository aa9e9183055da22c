package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.Ports;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * get_cluster_health's verdicts for clusters the demo does not show: healthy, degraded by one cause
 * at a time, and down. WireMock answers as EMQX 5.8 does.
 */
class DiagnosisVerdictsTest {

  static final String RUNNING =
      "{\"node\":\"emqx@a\",\"node_status\":\"running\",\"role\":\"core\","
          + "\"version\":\"5.8.9\",\"uptime\":3600000,\"memory_total\":\"16.00G\",\"memory_used\":\"6.40G\"}";
  static final String RUNNING_B = RUNNING.replace("emqx@a", "emqx@b");
  static final String STOPPED =
      "{\"node\":\"emqx@c\",\"node_status\":\"stopped\",\"role\":\"core\"}";
  static final String NO_ALARMS =
      "{\"data\":[],\"meta\":{\"page\":1,\"limit\":50,\"hasnext\":false,\"count\":0}}";
  static final String ALARM =
      "{\"data\":[{\"node\":\"emqx@a\",\"name\":\"high_cpu_usage\",\"message\":\"CPU usage is "
          + "higher than 80%\",\"details\":{\"high_watermark\":80},\"duration\":60000,\"activate_at\":"
          + "\"2025-06-02T06:41:17.302+00:00\"}],\"meta\":{\"page\":1,\"limit\":50,\"hasnext\":false,\"count\":1}}";
  static final String STATS =
      "{\"connections.count\":40,\"live_connections.count\":40,\"sessions.count\":40,"
          + "\"subscriptions.count\":80,\"topics.count\":20,\"retained.count\":3}";
  static final String METRICS =
      "{\"messages.received\":1000,\"messages.dropped.no_subscribers\":2,"
          + "\"delivery.dropped\":0,\"authentication.success\":40,\"authentication.failure\":0,\"authorization.deny\":0}";

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().withServer(Duration.ofSeconds(5));

  /** get_cluster_health's answer for a cluster of these nodes, with these alarms and metrics. */
  static Map<String, Object> health(String alarms, String metrics, String... nodes) {
    cluster("[" + String.join(",", nodes) + "]", alarms, STATS, metrics);
    return wm.server().ok("get_cluster_health", Map.of());
  }

  static void cluster(String nodes, String alarms, String stats, String metrics) {
    wm.stubFor(onAny(Route.LIST_NODES).willReturn(okJson(nodes)));
    wm.stubFor(onAny(Route.LIST_ALARMS).willReturn(okJson(alarms)));
    wm.stubFor(onAny(Route.STATS).willReturn(okJson(stats)));
    wm.stubFor(onAny(Route.METRICS).willReturn(okJson(metrics)));
  }

  static List<Map<String, Object>> findings(Map<String, Object> r) {
    return MockBacked.get(r, "findings");
  }

  static List<String> severities(Map<String, Object> r) {
    return findings(r).stream().map(f -> f.get("severity").toString()).toList();
  }

  @Test
  void healthy_allRunning_noAlarm_cleanCounters() {
    Map<String, Object> r = health(NO_ALARMS, METRICS, RUNNING, RUNNING_B);
    assertEquals("healthy", r.get("verdict"), r.toString());
    assertEquals("healthy: 2 node(s) running, no active alarm", r.get("summary"));
    assertEquals(List.of(), findings(r));
    assertEquals(40, ((Map<?, ?>) r.get("figures")).get("connections.count"));
  }

  @Test
  void degraded_byOneAlarmAlone() {
    Map<String, Object> r = health(ALARM, METRICS, RUNNING, RUNNING_B);
    assertEquals("degraded", r.get("verdict"));
    assertEquals(List.of("warning"), severities(r));
    assertTrue(
        findings(r).get(0).get("evidence").toString().contains("{\"high_watermark\":80}"),
        r.toString());
  }

  @Test
  void degraded_byOneStoppedNodeAlone() {
    Map<String, Object> r = health(NO_ALARMS, METRICS, RUNNING, STOPPED);
    assertEquals("degraded", r.get("verdict"));
    assertEquals(List.of("critical"), severities(r));
    assertEquals("Node emqx@c is stopped", findings(r).get(0).get("title"));
  }

  @Test
  void degraded_byMemoryMixedVersionsAndFailingAuthentication() {
    String hot = RUNNING.replace("\"6.40G\"", "\"15.00G\"");
    String old = RUNNING_B.replace("5.8.9", "5.8.8");
    String metrics =
        METRICS.replace("\"authentication.failure\":0", "\"authentication.failure\":30");
    Map<String, Object> r = health(NO_ALARMS, metrics, hot, old);
    assertEquals("degraded", r.get("verdict"));
    List<String> titles = findings(r).stream().map(f -> f.get("title").toString()).toList();
    assertEquals(
        List.of(
            "Node emqx@a uses 93.8% of its memory",
            "Nodes run different EMQX versions", "42.9% of authentication attempts failed"),
        titles);
    assertEquals(List.of("critical", "warning", "warning"), severities(r));
  }

  @Test
  void down_everyNodeStopped() {
    Map<String, Object> r = health(NO_ALARMS, METRICS, STOPPED);
    assertEquals("down", r.get("verdict"));
    assertEquals("down: no node is running", r.get("summary"));
  }

  @Test
  void down_emqxAnswers5xx() {
    wm.stubFor(onAny(Route.LIST_NODES).willReturn(aResponse().withStatus(503)));
    Map<String, Object> r = wm.server().ok("get_cluster_health", Map.of());
    assertEquals("down", r.get("verdict"));
    assertEquals("EMQX's API does not answer", findings(r).get(0).get("title"));
  }

  @Test
  void down_emqxUnreachable_isAVerdictNotAnError() throws Exception {
    try (TestServer nowhere = TestServer.against(Ports.refusingApiUrl())) {
      Map<String, Object> r = nowhere.ok("get_cluster_health", Map.of());
      assertEquals("down", r.get("verdict"));
      assertTrue(
          findings(r).get(0).get("evidence").toString().contains("connection refused"),
          r.toString());
    }
  }

  @Test
  void aFailingSideCall_isAFinding_notAFailure() {
    cluster("[" + RUNNING + "]", NO_ALARMS, STATS, METRICS);
    wm.stubFor(onAny(Route.LIST_ALARMS).willReturn(aResponse().withStatus(500)));
    Map<String, Object> r = wm.server().ok("get_cluster_health", Map.of());
    assertEquals("degraded", r.get("verdict"));
    assertEquals("Alarms could not be read", findings(r).get(0).get("title"));
  }

  @Test
  void theFourCalls_runAtTheSameTime() {
    cluster("[" + RUNNING + "]", NO_ALARMS, STATS, METRICS);
    for (String path : List.of("nodes", "alarms", "stats", "metrics")) {
      MappingBuilder slow = get(urlPathEqualTo("/api/v5/" + path));
      String body =
          switch (path) {
            case "nodes" -> "[" + RUNNING + "]";
            case "alarms" -> NO_ALARMS;
            case "stats" -> STATS;
            default -> METRICS;
          };
      wm.stubFor(slow.willReturn(okJson(body).withFixedDelay(1500)));
    }
    assertEquals("healthy", wm.server().ok("get_cluster_health", Map.of()).get("verdict"));
    // Each answer takes 1.5 s: one after the other, the four requests would arrive 1.5 s apart.
    List<Long> arrivals =
        wm.getAllServeEvents().stream()
            .map(ServeEvent::getRequest)
            .map(req -> req.getLoggedDate().getTime())
            .sorted()
            .toList();
    assertEquals(4, arrivals.size());
    assertTrue(
        arrivals.get(3) - arrivals.get(0) < 1000,
        "requests arrived over " + (arrivals.get(3) - arrivals.get(0)) + " ms");
  }
}
