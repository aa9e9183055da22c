package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EMQX 6 namespaces through the real server: {@code list_namespaces} and the {@code namespace}
 * argument against the fake playing 6.3; against the fake playing 5.8 a call that names a namespace
 * (or list_namespaces) is UNSUPPORTED_BY_CLUSTER with only the version read sent, and a call
 * without one costs no version read at all.
 */
class NamespaceToolsTest {

  static MockEmqx six;
  static MockEmqx five;
  static TestServer onSix;
  static TestServer onFive;

  @BeforeAll
  static void start() throws Exception {
    six = MockEmqx.start(new MockEmqx.Options(0, 0, "6.3.0"));
    five = MockEmqx.start(MockEmqx.Options.defaults());
    onSix = TestServer.start(TestServer.settings(six, Duration.ofSeconds(10)));
    onFive = TestServer.start(TestServer.settings(five, Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    onSix.close();
    onFive.close();
    six.close();
    five.close();
  }

  @BeforeEach
  void reset() {
    six.reset();
    five.reset();
  }

  static List<Map<String, Object>> rows(Map<String, Object> page) {
    return io.emqx.mcp.support.Lists.rows(page);
  }

  static List<Object> column(Map<String, Object> page, String key) {
    return rows(page).stream().map(r -> r.get(key)).toList();
  }

  @Test
  void listNamespaces_pagesByName() {
    Map<String, Object> all = onSix.ok("list_namespaces", Map.of());
    assertEquals(List.of("tenant-a", "tenant-b"), column(all, "name"));
    assertEquals("2025-10-31T09:00:00Z", rows(all).get(0).get("created_at"));
    Map<String, Object> first = onSix.ok("list_namespaces", Map.of("limit", 1));
    assertEquals(List.of("tenant-a"), column(first, "name"));
    Map<?, ?> meta = (Map<?, ?>) first.get("meta");
    assertEquals(true, meta.get("hasnext"));
    assertEquals("tenant-a", meta.get("after"));
    Map<String, Object> next = onSix.ok("list_namespaces", Map.of("limit", 1, "after", "tenant-a"));
    assertEquals(List.of("tenant-b"), column(next, "name"));
    assertEquals(false, ((Map<?, ?>) next.get("meta")).get("hasnext"));
  }

  @Test
  void rulesOfANamespace_readAndSwitched() {
    assertEquals(4, rows(onSix.ok("list_rules", Map.of())).size(), "every namespace's");
    Map<String, Object> tenant = onSix.ok("list_rules", Map.of("namespace", "tenant-a"));
    assertEquals(List.of("tenant_a_alerts"), column(tenant, "id"));
    assertEquals(List.of("tenant-a"), column(tenant, "namespace"));
    Map<String, Object> rule =
        onSix.ok("get_rule", Map.of("id", "tenant_a_alerts", "namespace", "tenant-a"));
    assertEquals("tenant-a", rule.get("namespace"));
    assertTrue(((Number) ((Map<?, ?>) rule.get("metrics")).get("matched")).longValue() > 0);
    // Without a namespace, one rule is looked up in the global namespace.
    assertEquals("NOT_FOUND", onSix.error("get_rule", Map.of("id", "tenant_a_alerts")).get("code"));
    Map<String, Object> off =
        onSix.ok(
            "set_rule_enabled",
            Map.of("id", "tenant_a_alerts", "namespace", "tenant-a", "enable", false));
    assertEquals(false, off.get("enable"));
    assertEquals(
        List.of(false), column(onSix.ok("list_rules", Map.of("namespace", "tenant-a")), "enable"));
  }

  /** Without a namespace a list has every namespace's rows, each with metrics from its own. */
  @Test
  void actionsOfEveryNamespace_eachWithItsOwnMetrics() {
    List<Map<String, Object>> actions = rows(onSix.ok("list_actions", Map.of()));
    Map<String, Object> tenant =
        actions.stream()
            .filter(a -> "tenant-a".equals(a.get("namespace")))
            .findFirst()
            .orElseThrow();
    assertEquals("http:tenant_a_hook", tenant.get("id"));
    assertTrue(((Number) ((Map<?, ?>) tenant.get("metrics")).get("matched")).longValue() > 0);
    assertEquals(
        List.of("tenant_a_hook"),
        column(onSix.ok("list_connectors", Map.of("namespace", "tenant-a")), "name"));
  }

  @Test
  void aTraceStartedInANamespace_isListedWithIt() {
    Map<String, Object> started =
        onSix.ok(
            "start_trace",
            Map.of("name", "tenant_trace", "clientid", "sensor-42", "namespace", "tenant-a"));
    assertEquals("tenant_trace", started.get("name"));
    onSix.ok("start_trace", Map.of("name", "global_trace", "clientid", "worker-1"));
    Map<Object, Object> byName = new java.util.HashMap<>();
    rows(onSix.ok("list_traces", Map.of()))
        .forEach(r -> byName.put(r.get("name"), r.get("namespace")));
    assertEquals("tenant-a", byName.get("tenant_trace"));
    assertTrue(byName.containsKey("global_trace"));
    assertNull(byName.get("global_trace"));
  }

  @Test
  void anUnknownNamespace_isEmqxsBadRequest_naming() {
    Map<String, Object> e = onSix.error("list_rules", Map.of("namespace", "nope"));
    assertTrue(e.get("message").toString().contains("Managed namespace not found"), e.toString());
  }

  /** Every call that names a namespace (list_namespaces always does), with its arguments. */
  static Stream<Arguments> namespacedCalls() {
    Map<String, Object> ns = Map.of("namespace", "tenant-a");
    return Stream.of(
        arguments("list_namespaces", Map.of()),
        arguments("list_rules", ns),
        arguments("get_rule", Map.of("id", "r1", "namespace", "tenant-a")),
        arguments("set_rule_enabled", Map.of("id", "r1", "enable", true, "namespace", "tenant-a")),
        arguments("list_actions", ns),
        arguments("list_connectors", ns),
        arguments(
            "start_trace", Map.of("name", "t1", "clientid", "sensor-42", "namespace", "tenant-a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namespacedCalls")
  void onFiveEight_aNamespaceIsUnsupported_withOnlyTheVersionRead(
      String tool, Map<String, Object> args) {
    long before = five.requestCount();
    Map<String, Object> e = onFive.error(tool, args);
    assertEquals("UNSUPPORTED_BY_CLUSTER", e.get("code"), e.toString());
    assertTrue(e.get("message").toString().contains("6.1"), e.toString());
    assertTrue(five.requestCount() - before <= 1, "at most GET /nodes was sent");
  }

  @Test
  void onFiveEight_withoutANamespace_noVersionIsRead() {
    long before = five.requestCount();
    Map<String, Object> page = onFive.ok("list_rules", Map.of());
    assertEquals(1, five.requestCount() - before, "GET /rules only");
    assertEquals(3, rows(page).size());
    assertNull(rows(page).get(0).get("namespace"));
  }
}
