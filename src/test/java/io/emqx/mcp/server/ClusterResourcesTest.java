package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.Json;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.Fault;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.ConfigFiles;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resources, the client template, prompts and completions with two clusters (each its own built-in
 * fake, configured through a real config file): the cluster is named as a tool call names it, an
 * unknown one is refused with the tools' error before anything is sent, and both eras serve the
 * same. With one cluster the lists are those of a single-cluster server.
 */
class ClusterResourcesTest {

  static MockEmqx prod;
  static MockEmqx staging;
  static TestServer server;
  static McpSyncClient client;
  static InProcessStdio modern;

  @TempDir static Path dir;

  static final String BAD_NAME_ERROR =
      "'cluster' must be one of the configured clusters: prod, staging";

  @BeforeAll
  static void start() throws Exception {
    prod = MockEmqx.start(MockEmqx.Options.defaults());
    staging = MockEmqx.start(MockEmqx.Options.defaults());
    // prod has a topic policy of its own, staging the global one.
    String hocon =
        ClustersTest.twoClustersOf(prod, staging, dir)
            + """
            clusters.prod.topics = [ { pattern = "plant/#", permissions = [read] } ]
            """;
    Settings settings = settings(hocon);
    server = TestServer.start(settings);
    client = server.client();
    modern = new InProcessStdio(settings);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    modern.close();
    prod.close();
    staging.close();
  }

  @BeforeEach
  void fresh() {
    prod.reset();
    staging.reset();
  }

  static Settings settings(String hocon) throws Exception {
    File file = ConfigFiles.write(dir, hocon);
    return Settings.load(Map.of(), Map.of(), file);
  }

  static Map<String, Object> read(String uri) {
    McpSchema.ReadResourceResult r = client.readResource(new McpSchema.ReadResourceRequest(uri));
    McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) r.contents().get(0);
    assertEquals(uri, text.uri());
    return TestServer.parse(text.text());
  }

  /** The tool error object a failed read carries as its JSON-RPC error's data. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> errorOf(McpError e) {
    Map<String, Object> data = (Map<String, Object>) e.getJsonRpcError().data();
    assertNotNull(data, e::toString);
    return (Map<String, Object>) data.get("error");
  }

  @Nested
  class Legacy {

    @Test
    void resourcesList_oneOverviewAndOnePolicyPerCluster_andTheTemplateTakesCluster() {
      List<McpSchema.Resource> listed = client.listResources().resources();
      assertEquals(
          java.util.Set.of(
              "emqx://cluster/overview?cluster=prod",
              "emqx://cluster/overview?cluster=staging",
              "emqx://topics/policy?cluster=prod",
              "emqx://topics/policy?cluster=staging"),
          java.util.Set.copyOf(listed.stream().map(McpSchema.Resource::uri).toList()));
      McpSchema.Resource stagingOverview =
          listed.stream()
              .filter(r -> r.uri().endsWith("overview?cluster=staging"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          stagingOverview.description().contains("(the default)"), stagingOverview::toString);
      List<McpSchema.ResourceTemplate> templates =
          client.listResourceTemplates().resourceTemplates();
      assertEquals(
          List.of("emqx://clients/{clientid}{?cluster}"),
          templates.stream().map(McpSchema.ResourceTemplate::uriTemplate).toList());
      assertTrue(templates.get(0).description().contains("prod, staging"), templates::toString);
    }

    @Test
    void clientTemplate_readsTheClusterItNames_andTheDefaultWithoutOne() {
      long p = prod.requestCount();
      long st = staging.requestCount();
      assertEquals("sensor-42", read("emqx://clients/sensor-42?cluster=prod").get("clientid"));
      assertTrue(prod.requestCount() > p);
      assertEquals(st, staging.requestCount(), "nothing went to staging");
      // Each fake has its own state: kicked on staging, the client is still on prod.
      server.ok("kick_mqtt_client", Map.of("clientid", "sensor-42", "cluster", "staging"));
      McpError gone =
          assertThrows(McpError.class, () -> read("emqx://clients/sensor-42?cluster=staging"));
      assertEquals(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, gone.getJsonRpcError().code());
      assertEquals("CLIENT_NOT_FOUND", errorOf(gone).get("code"));
      assertEquals("staging", errorOf(gone).get("cluster"), "the error names its cluster");
      assertTrue(gone.getMessage().contains("On cluster 'staging'"), gone.getMessage());
      assertThrows(McpError.class, () -> read("emqx://clients/sensor-42"), "the default: staging");
      assertEquals("sensor-42", read("emqx://clients/sensor-42?cluster=prod").get("clientid"));
      // '?' ends the ID: one that holds it is percent-encoded, as every reserved character.
      assertEquals(
          "plant/line-1/plc",
          read("emqx://clients/plant%2Fline-1%2Fplc?cluster=prod").get("clientid"));
    }

    @Test
    void overviewAndPolicy_perCluster_andThePlainUrisReadTheDefault() {
      // The staging reads come first: the overview's requests run in parallel, and those of a read
      // that failed can still reach prod after its error has been answered.
      long p = prod.requestCount();
      assertTrue(read("emqx://cluster/overview?cluster=staging").containsKey("nodes"));
      assertTrue(read("emqx://cluster/overview").containsKey("nodes"), "staging, the default");
      assertEquals(p, prod.requestCount(), "neither read went to prod");
      prod.faults().failAll(Fault.HTTP_503);
      McpError down =
          assertThrows(McpError.class, () -> read("emqx://cluster/overview?cluster=prod"));
      assertEquals("EMQX_UNAVAILABLE", errorOf(down).get("code"));
      assertEquals("prod", errorOf(down).get("cluster"));

      Map<String, Object> prodPolicy = read("emqx://topics/policy?cluster=prod");
      assertEquals(true, prodPolicy.get("restricted"));
      assertTrue(prodPolicy.get("rules").toString().contains("plant/#"), prodPolicy::toString);
      assertEquals(false, read("emqx://topics/policy?cluster=staging").get("restricted"));
      assertEquals(false, read("emqx://topics/policy").get("restricted"));
    }

    @Test
    void aTopicRefusal_pointsAtItsClustersPolicy() {
      Map<String, Object> error =
          server.error("get_retained_message", Map.of("topic", "devices/x", "cluster", "prod"));
      assertEquals("TOPIC_NOT_PERMITTED", error.get("code"));
      assertTrue(
          ((String) error.get("message")).contains("emqx://topics/policy?cluster=prod lists"),
          error::toString);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "emqx://clients/sensor-42?cluster=qa",
          "emqx://clients/sensor-42?cluster=PROD",
          "emqx://clients/sensor-42?cluster=",
          "emqx://cluster/overview?cluster=qa",
          "emqx://topics/policy?cluster=qa",
        })
    void anUnknownCluster_isRefusedWithTheToolsError_withoutARequest(String uri) {
      long p = prod.requestCount();
      long st = staging.requestCount();
      McpError e = assertThrows(McpError.class, () -> read(uri));
      assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, e.getJsonRpcError().code());
      Map<String, Object> error = errorOf(e);
      assertEquals("INVALID_ARGUMENT", error.get("code"));
      String tools =
          (String)
              server
                  .error("get_client", Map.of("clientid", "sensor-42", "cluster", "qa"))
                  .get("message");
      assertTrue(tools.startsWith(BAD_NAME_ERROR), tools);
      assertTrue(((String) error.get("message")).startsWith(BAD_NAME_ERROR), error::toString);
      assertEquals(p, prod.requestCount());
      assertEquals(st, staging.requestCount());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "emqx://clients/sensor-42?cluster=prod&cluster=staging",
          "emqx://clients/sensor-42?node=emqx@n1",
          "emqx://clients/what?is-this",
          "emqx://cluster/overview?cluster=prod&x=1",
        })
    void anyOtherQuery_isInvalid_andSaysHowToEncodeAQuestionMark(String uri) {
      long p = prod.requestCount() + staging.requestCount();
      McpError e = assertThrows(McpError.class, () -> read(uri));
      assertEquals("INVALID_ARGUMENT", errorOf(e).get("code"));
      assertTrue(((String) errorOf(e).get("message")).contains("%3F"), e::getMessage);
      assertEquals(p, prod.requestCount() + staging.requestCount());
    }

    @Test
    void prompts_takeAnOptionalCluster_listingTheNames() {
      for (McpSchema.Prompt prompt : client.listPrompts().prompts()) {
        McpSchema.PromptArgument cluster =
            prompt.arguments().stream()
                .filter(a -> a.name().equals("cluster"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(prompt.name() + " has no cluster"));
        assertFalse(cluster.required());
        assertTrue(cluster.description().contains("prod, staging"), cluster::description);
        assertTrue(cluster.description().contains("default staging"), cluster::description);
      }
      String text =
          promptText("diagnose_client", Map.of("clientid", "sensor-42", "cluster", "prod"));
      assertTrue(
          text.contains("diagnose_client with clientid=\"sensor-42\" and cluster=\"prod\""), text);
      assertTrue(text.contains("Pass cluster=\"prod\" to every EMQX tool"), text);
      String health = promptText("cluster_health_check", Map.of());
      assertTrue(health.contains("cluster 'staging'"), "the default, named: " + health);
      // An optional field a client leaves empty is the default.
      assertTrue(
          promptText("cluster_health_check", Map.of("cluster", "")).contains("cluster 'staging'"));
    }

    @Test
    void aPromptNamingAnUnknownCluster_isRefusedWithTheToolsError() {
      for (String prompt : List.of("diagnose_client", "cluster_health_check")) {
        McpError e =
            assertThrows(
                McpError.class,
                () ->
                    client.getPrompt(
                        new McpSchema.GetPromptRequest(
                            prompt, Map.of("clientid", "sensor-42", "cluster", "qa"))));
        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, e.getJsonRpcError().code());
        assertEquals("INVALID_ARGUMENT", errorOf(e).get("code"));
        assertTrue(((String) errorOf(e).get("message")).startsWith(BAD_NAME_ERROR), e::getMessage);
      }
    }

    @Test
    void completion_offersTheClusterNames_forTheTemplateAndBothPrompts() {
      for (McpSchema.CompleteReference ref :
          List.<McpSchema.CompleteReference>of(
              new McpSchema.ResourceReference(Resources.CLIENT_ON_CLUSTER),
              new McpSchema.PromptReference("diagnose_client"),
              new McpSchema.PromptReference("cluster_health_check"))) {
        assertEquals(
            List.of("prod", "staging"), complete(ref, "cluster", "", null).completion().values());
        assertEquals(
            List.of("staging"), complete(ref, "cluster", "st", null).completion().values());
      }
    }

    @Test
    void clientIdCompletion_readsTheClusterTheContextNames() {
      server.ok("kick_mqtt_client", Map.of("clientid", "sensor-42", "cluster", "staging"));
      McpSchema.CompleteReference template =
          new McpSchema.ResourceReference(Resources.CLIENT_ON_CLUSTER);
      assertTrue(
          complete(template, "clientid", "sensor", Map.of("cluster", "prod"))
              .completion()
              .values()
              .contains("sensor-42"));
      assertFalse(
          complete(template, "clientid", "sensor", null)
              .completion()
              .values()
              .contains("sensor-42"),
          "the default, staging, where it was kicked");
      long requests = prod.requestCount() + staging.requestCount();
      assertEquals(
          List.of(),
          complete(template, "clientid", "sensor", Map.of("cluster", "qa")).completion().values());
      assertEquals(requests, prod.requestCount() + staging.requestCount());
    }
  }

  static String promptText(String name, Map<String, Object> arguments) {
    McpSchema.GetPromptResult r = client.getPrompt(new McpSchema.GetPromptRequest(name, arguments));
    return ((McpSchema.TextContent) r.messages().get(0).content()).text();
  }

  static McpSchema.CompleteResult complete(
      McpSchema.CompleteReference ref, String name, String value, Map<String, String> context) {
    return client.completeCompletion(
        new McpSchema.CompleteRequest(
            ref,
            new McpSchema.CompleteRequest.CompleteArgument(name, value),
            context == null ? null : new McpSchema.CompleteRequest.CompleteContext(context)));
  }

  /** The same surface for a 2026-07-28 client (stdio: the catalog is the transport's). */
  @Nested
  class ModernEra {

    Map<String, Object> ask(String method, Map<String, Object> params) throws Exception {
      return ModernWire.stdio(modern.rpc).request(method, Modern.params(params));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> result(Map<String, Object> response) {
      assertNotNull(response.get("result"), response::toString);
      return (Map<String, Object>) response.get("result");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsAndReads_nameTheCluster() throws Exception {
      Map<String, Object> list = result(ask("resources/list", Map.of()));
      assertEquals(
          List.of(
              "emqx://cluster/overview?cluster=prod",
              "emqx://cluster/overview?cluster=staging",
              "emqx://topics/policy?cluster=prod",
              "emqx://topics/policy?cluster=staging"),
          ModernCatalogTest.names(list, "resources", "uri"));
      assertEquals(
          List.of(Resources.CLIENT_ON_CLUSTER),
          ModernCatalogTest.names(
              result(ask("resources/templates/list", Map.of())),
              "resourceTemplates",
              "uriTemplate"));
      long st = staging.requestCount();
      Map<String, Object> read =
          result(ask("resources/read", Map.of("uri", "emqx://clients/sensor-42?cluster=prod")));
      assertTrue(read.get("contents").toString().contains("sensor-42"), read::toString);
      assertEquals(st, staging.requestCount());
      Map<String, Object> policy =
          result(ask("resources/read", Map.of("uri", "emqx://topics/policy?cluster=prod")));
      assertTrue(((Number) policy.get("ttlMs")).longValue() > 0, "fixed per process");
      assertTrue(policy.get("contents").toString().contains("plant/#"), policy::toString);
      assertTrue(
          result(ask("resources/read", Map.of("uri", "emqx://cluster/overview")))
              .get("contents")
              .toString()
              .contains("nodes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void unknownCluster_isInvalidParams_withTheToolsError() throws Exception {
      for (Map<String, Object> request :
          List.of(
              Map.<String, Object>of("uri", "emqx://clients/sensor-42?cluster=qa"),
              Map.<String, Object>of("uri", "emqx://cluster/overview?cluster=qa"))) {
        Map<String, Object> error =
            (Map<String, Object>) ask("resources/read", request).get("error");
        assertNotNull(error, request::toString);
        assertEquals(-32602, error.get("code"));
        Map<String, Object> tool =
            (Map<String, Object>) ((Map<String, Object>) error.get("data")).get("error");
        assertEquals("INVALID_ARGUMENT", tool.get("code"));
        assertTrue(((String) tool.get("message")).startsWith(BAD_NAME_ERROR), tool::toString);
      }
      Map<String, Object> prompt =
          (Map<String, Object>)
              ask(
                      "prompts/get",
                      Map.of("name", "cluster_health_check", "arguments", Map.of("cluster", "qa")))
                  .get("error");
      assertEquals(-32602, prompt.get("code"), String.valueOf(prompt));
    }

    @Test
    @SuppressWarnings("unchecked")
    void promptsAndCompletion_withTheCluster() throws Exception {
      Map<String, Object> got =
          result(
              ask(
                  "prompts/get",
                  Map.of(
                      "name",
                      "diagnose_client",
                      "arguments",
                      Map.of("clientid", "sensor-42", "cluster", "prod"))));
      assertTrue(got.get("messages").toString().contains("cluster=\"prod\""), got::toString);
      for (Map<String, Object> ref :
          List.<Map<String, Object>>of(
              Map.of("type", "ref/resource", "uri", Resources.CLIENT_ON_CLUSTER),
              Map.of("type", "ref/prompt", "name", "cluster_health_check"))) {
        Map<String, Object> completed =
            result(
                ask(
                    "completion/complete",
                    Map.of("ref", ref, "argument", Map.of("name", "cluster", "value", "p"))));
        assertEquals(
            List.of("prod"),
            ((Map<String, Object>) completed.get("completion")).get("values"),
            completed::toString);
      }
    }
  }

  /** With one cluster block, the lists are exactly those of the single-cluster settings. */
  @Test
  void oneCluster_listsResourcesTemplatesAndPromptsAsASingleClusterServer() throws Exception {
    String one = ClustersTest.asClustersBlock(staging);
    String single = ClustersTest.asEmqxBlock(staging);
    List<String> a;
    List<String> b;
    try (TestServer s = TestServer.start(settings(one))) {
      a = lists(s.client());
    }
    try (TestServer s = TestServer.start(settings(single))) {
      b = lists(s.client());
    }
    assertEquals(b, a);
    assertTrue(a.get(1).contains("\"emqx://clients/{clientid}\""), a.get(1));
    assertFalse(String.join("", a).contains("cluster="), a::toString);
    assertFalse(a.get(2).contains("\"name\":\"cluster\""), a.get(2));
  }

  private static List<String> lists(McpSyncClient c) throws Exception {
    List<McpSchema.Resource> resources =
        c.listResources().resources().stream()
            .sorted(java.util.Comparator.comparing(McpSchema.Resource::uri))
            .toList();
    return List.of(
        Json.MAPPER.writeValueAsString(resources),
        Json.MAPPER.writeValueAsString(c.listResourceTemplates().resourceTemplates()),
        Json.MAPPER.writeValueAsString(c.listPrompts().prompts()));
  }
}
