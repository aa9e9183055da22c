package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.mock.Fault;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Resources, the template, prompts and completions through the SDK's MCP client, against the fake.
 */
class ResourcesPromptsTest extends MockEmqxPerClass {

  static TestServer server;
  static McpSyncClient client;

  static final TopicRules RULES =
      TopicRules.of(
          List.of(
              new TopicRules.Rule(
                  "sensors/+/temperature",
                  Set.of(TopicRules.Permission.READ),
                  "Room temperatures in °C"),
              new TopicRules.Rule(
                  "actuators/#", Set.of(TopicRules.Permission.WRITE), "Actuator commands")));

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(emqx, Duration.ofSeconds(5)).withTopics(RULES));
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> read(String uri) {
    McpSchema.ReadResourceResult r = client.readResource(new McpSchema.ReadResourceRequest(uri));
    McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) r.contents().get(0);
    assertEquals("application/json", text.mimeType());
    assertEquals(uri, text.uri());
    return TestServer.parse(text.text());
  }

  @Nested
  class ResourcesAndTemplate {

    @Test
    void listed_withTheClientTemplate() {
      assertEquals(
          Set.of(Resources.OVERVIEW, Resources.POLICY),
          Set.copyOf(
              client.listResources().resources().stream().map(McpSchema.Resource::uri).toList()));
      assertEquals(
          List.of(Resources.CLIENT),
          client.listResourceTemplates().resourceTemplates().stream()
              .map(McpSchema.ResourceTemplate::uriTemplate)
              .toList());
    }

    @Test
    void overview_nodesVersionsCountsAndAlarms() {
      Map<String, Object> o = read(Resources.OVERVIEW);
      assertEquals(2, o.get("running_nodes"));
      assertEquals(List.of("5.8.9"), o.get("versions"));
      assertEquals(1, o.get("active_alarms"));
      assertEquals(12, ((Map<?, ?>) o.get("counts")).get("connections.count"));
      assertEquals(3, ((List<?>) o.get("nodes")).size());
    }

    @Test
    void topicPolicy_patternsPermissionsDescriptionsAndExamples() {
      Map<String, Object> p = read(Resources.POLICY);
      assertEquals(true, p.get("restricted"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) p.get("rules");
      assertEquals("sensors/+/temperature", rules.get(0).get("pattern"));
      assertEquals(List.of("read"), rules.get(0).get("permissions"));
      assertEquals("Room temperatures in °C", rules.get(0).get("description"));
      assertEquals(
          List.of("sensors/sensor-1/temperature", "sensors/sensor-2/temperature"),
          rules.get(0).get("examples"));
      assertEquals(List.of("write"), rules.get(1).get("permissions"));
      assertTrue(((List<?>) rules.get(1).get("examples")).size() >= 2, rules.toString());
    }

    @Test
    void clientTemplate_percentEncodedIds_andUnknownClientIsResourceNotFound() {
      assertEquals("plant/line-1/plc", read("emqx://clients/plant%2Fline-1%2Fplc").get("clientid"));
      assertEquals(
          "Küche Thermostat", read("emqx://clients/K%C3%BCche%20Thermostat").get("clientid"));
      assertEquals("loadtest+runner#3", read("emqx://clients/loadtest+runner%233").get("clientid"));
      McpError e = assertThrows(McpError.class, () -> read("emqx://clients/nobody"));
      assertEquals(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, e.getJsonRpcError().code());
      assertTrue(e.getMessage().contains("CLIENT_NOT_FOUND"), e.getMessage());
    }

    @Test
    void emqxDown_isAnErrorWithTheContractCode_andNoSecret() {
      emqx.faults().failAll(Fault.HTTP_503);
      McpError e = assertThrows(McpError.class, () -> read(Resources.OVERVIEW));
      assertTrue(e.getMessage().contains("EMQX_UNAVAILABLE"), e.getMessage());
      assertFalse(e.getMessage().contains(TestServer.SECRET));
    }
  }

  @Nested
  class PromptsAndCompletions {

    @Test
    void prompts_listedWithTheirArguments() {
      Map<String, McpSchema.Prompt> prompts = new java.util.HashMap<>();
      client.listPrompts().prompts().forEach(p -> prompts.put(p.name(), p));
      assertEquals(Set.of("diagnose_client", "cluster_health_check"), prompts.keySet());
      McpSchema.Prompt diagnose = prompts.get("diagnose_client");
      assertEquals(
          List.of("clientid", "topic"),
          diagnose.arguments().stream().map(McpSchema.PromptArgument::name).toList());
      assertEquals(
          List.of(true, false),
          diagnose.arguments().stream().map(McpSchema.PromptArgument::required).toList());
    }

    @Test
    void diagnosePrompt_namesTheToolCallWithTheArguments() {
      McpSchema.GetPromptResult r =
          client.getPrompt(
              new McpSchema.GetPromptRequest(
                  "diagnose_client",
                  Map.of("clientid", "sensor-42", "topic", "devices/sensor-42/commands")));
      String text = ((McpSchema.TextContent) r.messages().get(0).content()).text();
      assertEquals(McpSchema.Role.USER, r.messages().get(0).role());
      assertTrue(
          text.contains(
              "diagnose_client with clientid=\"sensor-42\" and topic=\"devices/sensor-42/commands\""),
          text);
      McpError missing =
          assertThrows(
              McpError.class,
              () -> client.getPrompt(new McpSchema.GetPromptRequest("diagnose_client", Map.of())));
      assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, missing.getJsonRpcError().code());
    }

    @Test
    void healthPrompt_pointsAtGetClusterHealth() {
      McpSchema.GetPromptResult r =
          client.getPrompt(new McpSchema.GetPromptRequest("cluster_health_check", Map.of()));
      assertTrue(
          ((McpSchema.TextContent) r.messages().get(0).content())
              .text()
              .contains("get_cluster_health"));
    }

    static McpSchema.CompleteResult complete(
        McpSchema.CompleteReference ref, String name, String value) {
      return client.completeCompletion(
          new McpSchema.CompleteRequest(
              ref, new McpSchema.CompleteRequest.CompleteArgument(name, value)));
    }

    @Test
    void clientid_completes_forThePromptAndTheTemplate_prefixMatchesFirst() {
      McpSchema.CompleteResult prompt =
          complete(new McpSchema.PromptReference("diagnose_client"), "clientid", "sensor");
      assertEquals(List.of("sensor-17", "sensor-42"), prompt.completion().values());
      McpSchema.CompleteResult template =
          complete(new McpSchema.ResourceReference(Resources.CLIENT), "clientid", "1");
      List<String> ids = template.completion().values();
      assertTrue(
          ids.containsAll(List.of("sensor-17", "plant/line-1/plc", "worker-1")), ids.toString());
      McpSchema.CompleteResult all =
          complete(new McpSchema.PromptReference("diagnose_client"), "clientid", "");
      assertEquals(12, all.completion().values().size());
      assertEquals(12, all.completion().total());
    }

    @Test
    void otherArguments_andEmqxFailures_completeToNothing() {
      assertEquals(
          List.of(),
          complete(new McpSchema.PromptReference("diagnose_client"), "topic", "dev")
              .completion()
              .values());
      emqx.faults().failAll(Fault.HTTP_503);
      assertEquals(
          List.of(),
          complete(new McpSchema.PromptReference("diagnose_client"), "clientid", "s")
              .completion()
              .values());
    }
  }
}
