package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an LLM receives stays within budget however big the cluster is: a page of clients against a
 * million of them is one EMQX request and at most 15 KB of text, and the whole tools/list answer is
 * at most 25 KB. Sizes, not times: these hold on any machine.
 */
class BoundedOutputTest {

  static final int CLIENTS = 1_000_000;
  static MockEmqx emqx;
  static TestServer server;
  static io.emqx.mcp.config.Settings settings;

  @BeforeAll
  static void start() throws Exception {
    emqx = MockEmqx.start(new MockEmqx.Options(0, CLIENTS));
    settings = TestServer.settings(emqx, Duration.ofSeconds(10));
    server = TestServer.start(settings);
  }

  @AfterAll
  static void stop() {
    server.close();
    emqx.close();
  }

  @ParameterizedTest(name = "page {0}")
  @ValueSource(ints = {1, 5_000, CLIENTS / 100})
  void listClients_ofAMillion_isOneEmqxRequest_andAtMost15KbOfText(int page) {
    long before = emqx.requestCount();
    McpSchema.CallToolResult r = server.call("list_clients", Map.of("limit", 100, "page", page));
    assertEquals(1, emqx.requestCount() - before, "EMQX requests for one page");
    String text = TestServer.text(r);
    assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 15_000, text.length() + " bytes");
    Map<String, Object> shown = TestServer.parse(text);
    assertEquals(100, ((List<?>) shown.get("data")).size());
    assertEquals(CLIENTS, ((Map<?, ?>) shown.get("meta")).get("count"));
  }

  /**
   * A list keeps the contract's shape in the structured content ({@code {data: [objects], meta}}),
   * and the text (what a model reads) holds the same rows as columns and values; the whole answer
   * on the wire stays bounded.
   */
  @Test
  void listClients_100_objectsInStructuredContent_rowsInText_andItsBytesOnTheWireAreBounded()
      throws Exception {
    McpSchema.CallToolResult r = server.call("list_clients", Map.of("limit", 100));
    Map<String, Object> structured =
        TestServer.parse(McpServerFactory.jsonMapper().writeValueAsString(r.structuredContent()));
    List<?> objects = (List<?>) structured.get("data");
    assertEquals(100, objects.size());
    assertTrue(
        objects.stream().allMatch(o -> o instanceof Map<?, ?> m && m.containsKey("clientid")),
        "structured content rows are objects with their keys");
    Map<String, Object> text = TestServer.parse(TestServer.text(r));
    assertTrue(text.containsKey("columns"), "the text is columns and rows");
    assertEquals(
        objects.stream().map(o -> ((Map<?, ?>) o).get("clientid")).toList(),
        io.emqx.mcp.support.Lists.rows(text).stream().map(row -> row.get("clientid")).toList());
    assertEquals(structured.get("meta"), text.get("meta"));
    int wire = wireBytes(r);
    assertTrue(wire <= WIRE_100_CLIENTS, wire + " bytes on the wire for 100 clients");
  }

  /** The JSON-RPC answer carrying {@code result}, as the transport writes it. */
  static int wireBytes(Object result) throws Exception {
    return McpServerFactory.jsonMapper()
        .writeValueAsBytes(
            new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 2, result, null))
        .length;
  }

  /**
   * A page of 100 (generated) clients: about 34 KB, objects in the structured content (the public
   * contract's shape) and rows in the text.
   */
  static final int WIRE_100_CLIENTS = 36_000;

  /** The default toolsets' tools/list, as a client receives it. */
  static final int DEFAULT_TOOLS_LIST = 25_000;

  /** Every toolset on, list_toolsets and enable_toolset included. */
  static final int ALL_TOOLS_LIST = 45_000;

  /** One tool's definition in tools/list. */
  static final int ONE_TOOL = 1_800;

  @Test
  void defaultToolsList_isAtMost25Kb_withEveryToolDescribed() throws Exception {
    try (TestServer defaults =
        TestServer.start(
            settings.withMcp(
                settings
                    .mcp()
                    .withToolsets(
                        io.emqx.mcp.config.Settings.Toolsets.parse(List.of("default"), false))))) {
      McpSchema.ListToolsResult tools = defaults.client().listTools();
      int bytes = wireBytes(tools);
      assertTrue(
          bytes <= DEFAULT_TOOLS_LIST, bytes + " bytes for " + tools.tools().size() + " tools");
      tools.tools().forEach(t -> assertTrue(t.description().length() >= 80, t.name()));
    }
  }

  /** Computed from the catalog, so that it holds whatever tools are added. */
  @Test
  void allToolsets_areAtMost45Kb_andEachToolAtMostItsBudget() throws Exception {
    List<McpSchema.Tool> all = ToolCatalogTest.TOOLS.stream().map(ToolSpec::toMcp).toList();
    int bytes = wireBytes(McpSchema.ListToolsResult.builder(all).build());
    assertTrue(bytes <= ALL_TOOLS_LIST, bytes + " bytes for " + all.size() + " tools");
    List<String> over = new java.util.ArrayList<>();
    for (McpSchema.Tool t : all) {
      int one = McpServerFactory.jsonMapper().writeValueAsBytes(t).length;
      if (one > ONE_TOOL) {
        over.add(t.name() + " " + one);
      }
    }
    assertEquals(List.of(), over, "tools over " + ONE_TOOL + " bytes");
  }
}
