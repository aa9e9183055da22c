package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.ConfigFiles;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clusters, each its own built-in fake EMQX, configured through a real config file and driven
 * through the SDK's MCP client: the cluster argument, routing, the read-only cluster in both
 * layers, list_clusters and the audit's cluster field.
 */
class ClustersTest {

  static MockEmqx prod;
  static MockEmqx staging;

  @TempDir Path dir;

  @BeforeAll
  static void fakes() {
    prod = MockEmqx.start(MockEmqx.Options.defaults());
    staging = MockEmqx.start(MockEmqx.Options.defaults());
  }

  @AfterAll
  static void stop() {
    prod.close();
    staging.close();
  }

  @BeforeEach
  void fresh() {
    prod.reset();
    staging.reset();
  }

  /** prod read-only, staging the default; the audit in the test's directory. */
  static String twoClusters(Path dir) {
    return twoClustersOf(prod, staging, dir);
  }

  /** The same with these fakes. */
  static String twoClustersOf(MockEmqx prod, MockEmqx staging, Path dir) {
    return """
        clusters {
          prod {
            api-url = "%s"
            api-key = "%s"
            api-secret = "%s"
            read-only = true
          }
          staging {
            api-url = "%s"
            api-key = "%s"
            api-secret = "%s"
          }
        }
        default-cluster = staging
        mcp.audit-log = "%s"
        """
        .formatted(
            prod.apiUrl(),
            MockEmqx.API_KEY,
            MockEmqx.API_SECRET,
            staging.apiUrl(),
            MockEmqx.API_KEY,
            MockEmqx.API_SECRET,
            dir.resolve("audit.log"));
  }

  /** One fake EMQX as a {@code clusters} block of one: the same cluster as {@link #asEmqxBlock}. */
  static String asClustersBlock(MockEmqx emqx) {
    return """
        clusters.only { api-url = "%s", api-key = "%s", api-secret = "%s" }
        mcp.audit-log = off
        """
        .formatted(emqx.apiUrl(), MockEmqx.API_KEY, MockEmqx.API_SECRET);
  }

  /** One fake EMQX in the single-cluster settings ({@code emqx { … }}). */
  static String asEmqxBlock(MockEmqx emqx) {
    return """
        emqx { api-url = "%s", api-key = "%s", api-secret = "%s" }
        mcp.audit-log = off
        """
        .formatted(emqx.apiUrl(), MockEmqx.API_KEY, MockEmqx.API_SECRET);
  }

  Settings settings(String hocon) throws Exception {
    File file = ConfigFiles.write(dir, hocon);
    return Settings.load(Map.of(), Map.of(), file);
  }

  @Test
  void toolsList_offersTheClusterEnum_andListClusters() throws Exception {
    try (TestServer s = TestServer.start(settings(twoClusters(dir)))) {
      List<McpSchema.Tool> tools = s.client().listTools().tools();
      McpSchema.Tool getClient =
          tools.stream().filter(t -> t.name().equals("get_client")).findFirst().orElseThrow();
      Map<String, Object> cluster = props(getClient).get("cluster");
      assertEquals(List.of("prod", "staging"), cluster.get("enum"));
      assertFalse(
          String.valueOf(getClient.inputSchema().get("required")).contains("cluster"),
          "optional: a call without it goes to the default");
      McpSchema.Tool list =
          tools.stream().filter(t -> t.name().equals("list_clusters")).findFirst().orElseThrow();
      assertFalse(props(list).containsKey("cluster"));
      // Writes stay offered: staging takes changes.
      assertTrue(tools.stream().anyMatch(t -> t.name().equals("kick_mqtt_client")));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> props(McpSchema.Tool tool) {
    return (Map<String, Map<String, Object>>) tool.inputSchema().get("properties");
  }

  @Test
  void aCallWithoutCluster_goesToTheDefault_andWithCluster_toThatOne() throws Exception {
    try (TestServer s = TestServer.start(settings(twoClusters(dir)))) {
      long p = prod.requestCount();
      long st = staging.requestCount();
      McpSchema.CallToolResult r = s.call("get_client", Map.of("clientid", "sensor-42"));
      assertFalse(r.isError(), TestServer.text(r));
      assertEquals("staging", r.meta().get("cluster"));
      assertEquals(p, prod.requestCount(), "nothing went to prod");
      assertTrue(staging.requestCount() > st);

      st = staging.requestCount();
      r = s.call("get_client", Map.of("clientid", "sensor-42", "cluster", "prod"));
      assertFalse(r.isError(), TestServer.text(r));
      assertEquals("prod", r.meta().get("cluster"));
      assertTrue(prod.requestCount() > p);
      assertEquals(st, staging.requestCount(), "nothing went to staging");
    }
  }

  @Test
  void anUnknownCluster_isRefused_listingTheNames_withoutARequest() throws Exception {
    try (TestServer s = TestServer.start(settings(twoClusters(dir)))) {
      long p = prod.requestCount();
      long st = staging.requestCount();
      for (Object bad : List.of("qa", "PROD", 7, "x".repeat(5000))) {
        Map<String, Object> error =
            s.error("get_client", Map.of("clientid", "sensor-42", "cluster", bad));
        assertEquals("INVALID_ARGUMENT", error.get("code"));
        String message = (String) error.get("message");
        assertTrue(message.contains("prod, staging"), message);
        assertTrue(message.length() < 400, "a hostile name is not echoed whole: " + message);
      }
      assertEquals(p, prod.requestCount());
      assertEquals(st, staging.requestCount());
    }
  }

  @Test
  void theReadOnlyCluster_refusesAKick_whileTheOtherExecutesIt_andTheAuditNamesEach()
      throws Exception {
    try (TestServer s = TestServer.start(settings(twoClusters(dir)))) {
      long p = prod.requestCount();
      Map<String, Object> error =
          s.error("kick_mqtt_client", Map.of("clientid", "sensor-42", "cluster", "prod"));
      assertEquals("READ_ONLY", error.get("code"));
      assertTrue(((String) error.get("message")).contains("cluster 'prod'"), error.toString());
      assertEquals("prod", error.get("cluster"));
      assertEquals(p, prod.requestCount(), "the policy sent nothing");

      s.ok("kick_mqtt_client", Map.of("clientid", "sensor-42", "cluster", "staging"));
      // Each fake has its own state: the client is gone from staging only.
      assertEquals(
          "CLIENT_NOT_FOUND",
          s.error("get_client", Map.of("clientid", "sensor-42", "cluster", "staging")).get("code"));
      s.ok("get_client", Map.of("clientid", "sensor-42", "cluster", "prod"));
    }
    List<Map<String, Object>> lines =
        Files.readAllLines(dir.resolve("audit.log")).stream().map(TestServer::parse).toList();
    Map<String, Object> refused =
        lines.stream().filter(l -> "refused".equals(l.get("outcome"))).findFirst().orElseThrow();
    assertEquals("prod", refused.get("cluster"));
    assertEquals(prod.apiUrl(), refused.get("target"));
    Map<String, Object> executed =
        lines.stream().filter(l -> "executed".equals(l.get("outcome"))).findFirst().orElseThrow();
    assertEquals("staging", executed.get("cluster"));
    assertEquals(staging.apiUrl(), executed.get("target"));
    assertTrue(
        lines.stream()
            .filter(l -> "intent".equals(l.get("phase")))
            .allMatch(l -> l.containsKey("cluster")),
        lines.toString());
  }

  @Test
  void theReadOnlyCluster_isRefusedByTheClientLayerToo() throws Exception {
    try (Assembly a = Assembly.of(settings(twoClusters(dir)))) {
      long p = prod.requestCount();
      var client = a.clusters().resolve(Map.of("cluster", "prod")).emqx();
      EmqxApiException e =
          assertThrows(EmqxApiException.class, () -> client.kickClient("sensor-42"));
      assertEquals(EmqxApiException.Kind.READ_ONLY, e.kind());
      assertTrue(e.getMessage().contains("cluster 'prod'"), e.getMessage());
      assertEquals(p, prod.requestCount());
      a.clusters().resolve(Map.of("cluster", "staging")).emqx().kickClient("sensor-42");
    }
  }

  @Test
  void listClusters_reportsEachCluster_andAFailedOneOnItsRow() throws Exception {
    String hocon =
        twoClusters(dir)
            + """
            clusters.down { api-url = "http://127.0.0.1:9", api-key = k, api-secret = s, request-timeout = 2s }
            """;
    try (TestServer s = TestServer.start(settings(hocon))) {
      Map<String, Object> result = s.ok("list_clusters", Map.of());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) result.get("data");
      assertEquals(
          List.of("down", "prod", "staging"), rows.stream().map(r -> r.get("name")).toList());
      Map<String, Object> down = rows.get(0);
      assertEquals(false, down.get("reachable"));
      assertTrue(String.valueOf(down.get("error")).contains("EMQX"), down.toString());
      Map<String, Object> p = rows.get(1);
      assertEquals(true, p.get("reachable"));
      assertEquals(true, p.get("read_only"));
      assertEquals(false, p.get("is_default"));
      assertEquals(prod.apiUrl(), p.get("api_url"));
      assertTrue(((Number) p.get("node_count")).intValue() > 0);
      assertTrue(p.get("version") != null && p.get("edition") != null, p.toString());
      Map<String, Object> st = rows.get(2);
      assertEquals(false, st.get("read_only"));
      assertEquals(true, st.get("is_default"));
      assertNull(st.get("error"));
      assertFalse(String.valueOf(result).contains(MockEmqx.API_SECRET));
    }
  }

  @Test
  void oneClusterBlock_servesTheSameToolsListAsTheSingleClusterSettings() throws Exception {
    String one = asClustersBlock(staging);
    String single = asEmqxBlock(staging);
    List<McpSchema.Tool> a;
    List<McpSchema.Tool> b;
    try (TestServer s = TestServer.start(settings(one))) {
      a = s.client().listTools().tools();
      assertNull(s.call("get_client", Map.of("clientid", "sensor-42")).meta().get("cluster"));
      assertEquals(
          "INVALID_ARGUMENT",
          s.error("get_client", Map.of("clientid", "sensor-42", "cluster", "only")).get("code"));
    }
    try (TestServer s = TestServer.start(settings(single))) {
      b = s.client().listTools().tools();
    }
    assertEquals(b, a);
    assertTrue(a.stream().noneMatch(t -> t.name().equals("list_clusters")));
  }
}
