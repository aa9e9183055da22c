package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Secret;
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
 * What an LLM receives stays within budget however big the cluster is: a page of clients against
 * a million of them is one EMQX request and at most 15 KB of text, and the whole tools/list answer
 * is at most 25 KB. Sizes, not times: these hold on any machine.
 */
class BoundedOutputTest {

  static final int CLIENTS = 1_000_000;
  static MockEmqx emqx;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    emqx = MockEmqx.start(new MockEmqx.Options(0, CLIENTS));
    server = TestServer.start(TestServer.settings(emqx, Duration.ofSeconds(10)));
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
    assertEquals(100, ((List<?>) shown.get("rows")).size());
    assertEquals(CLIENTS, ((Map<?, ?>) shown.get("meta")).get("count"));
  }

  @Test
  void toolsList_isAtMost25Kb_withEveryToolDescribed() throws Exception {
    McpSchema.ListToolsResult tools = server.client().listTools();
    byte[] answer = McpServerFactory.jsonMapper().writeValueAsBytes(
        new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 2, tools, null));
    assertTrue(answer.length <= 25_000, answer.length + " bytes for " + tools.tools().size() + " tools");
    tools.tools().forEach(t -> assertTrue(t.description().length() >= 80, t.name()));
  }
}
