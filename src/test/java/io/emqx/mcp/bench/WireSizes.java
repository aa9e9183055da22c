package io.emqx.mcp.bench;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The bytes an agent's context pays for, printed as Markdown rows: tools/list with the default
 * toolsets and with all of them, the largest single tool, and a page of 100 clients on the wire.
 * Sizes, not times: they do not depend on the machine. Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -o -q test-compile -Dcds.skip=true
 * java -cp "target/test-classes:target/classes:$(./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.emqx.mcp.bench.WireSizes
 * </pre>
 */
public final class WireSizes {

  public static void main(String[] args) throws Exception {
    try (MockEmqx emqx = MockEmqx.start(new MockEmqx.Options(0, 10_000))) {
      Settings base = TestServer.settings(emqx, Duration.ofSeconds(30));
      System.out.println("| figure | target | measured |");
      System.out.println("|---|---|---|");
      try (TestServer defaults = withToolsets(base, "default", false)) {
        toolsListRow(defaults, "default toolsets", "≤ 25 KB");
      }
      try (TestServer all = withToolsets(base, "all", true)) {
        McpSchema.ListToolsResult tools =
            toolsListRow(all, "all toolsets and dynamic toolsets", "≤ 45 KB");
        McpSchema.Tool largest = null;
        int max = 0;
        for (McpSchema.Tool t : tools.tools()) {
          int one = McpServerFactory.jsonMapper().writeValueAsBytes(t).length;
          if (one > max) {
            max = one;
            largest = t;
          }
        }
        System.out.printf(
            "| largest tool definition (`%s`) | ≤ 1.2 KB (test: 1.8 KB) | %,d bytes |%n",
            largest.name(), max);
        McpSchema.CallToolResult page = all.call("list_clients", Map.of("limit", 100));
        row(
            "`list_clients` `limit=100` on the wire (text and structuredContent, one shape)",
            "≤ 20 KB",
            wire(page));
        row(
            "… of which the text an LLM reads",
            "≤ 15 KB",
            TestServer.text(page).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      }
    }
    System.exit(0);
  }

  private static TestServer withToolsets(Settings base, String toolsets, boolean dynamic)
      throws java.io.IOException {
    return TestServer.start(
        base.withMcp(base.mcp().withToolsets(Settings.Toolsets.parse(List.of(toolsets), dynamic))));
  }

  /** Prints the row of {@code s}'s tools/list on the wire, and returns the list. */
  private static McpSchema.ListToolsResult toolsListRow(TestServer s, String which, String target)
      throws Exception {
    McpSchema.ListToolsResult tools = s.client().listTools();
    row("`tools/list`, " + which + " (" + tools.tools().size() + " tools)", target, wire(tools));
    return tools;
  }

  private static void row(String figure, String target, int bytes) {
    System.out.printf("| %s | %s | %,d bytes |%n", figure, target, bytes);
  }

  private static int wire(Object result) throws Exception {
    return McpServerFactory.jsonMapper()
        .writeValueAsBytes(
            new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 2, result, null))
        .length;
  }
}
