package io.emqx.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Prepares, on a second thread at start-up, the protocol's JSON readers and writers for the
 * messages of {@code initialize} and {@code tools/list}, and the session's random id, while the
 * main thread reads the settings and builds the server. Jackson introspects each record type the
 * first time it meets it, which costs tens of milliseconds in a fresh JVM; done in parallel, the
 * first answers find it done. It uses the protocol mapper itself (its caches are what the session
 * reuses), touches nothing else, and writes nothing.
 */
public final class WarmUp {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},"
          + "\"elicitation\":{}},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"0\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String LIST_TOOLS =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}";

  private WarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  public static void start() {
    Thread t = new Thread(WarmUp::run, "warm-up");
    t.setDaemon(true);
    t.start();
  }

  static void run() {
    // The session's id is a random UUID: the first one opens the entropy source and loads the
    // security providers.
    UUID.randomUUID();
    McpJsonMapper mapper = McpServerFactory.jsonMapper();
    try {
      var init = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(mapper, INITIALIZE);
      mapper.convertValue(init.params(), new TypeRef<McpSchema.InitializeRequest>() {});
      McpSchema.deserializeJsonRpcMessage(mapper, INITIALIZED);
      McpSchema.deserializeJsonRpcMessage(mapper, LIST_TOOLS);
      McpSchema.InitializeResult initialized =
          new McpSchema.InitializeResult(
              "2025-06-18",
              McpSchema.ServerCapabilities.builder().tools(false).logging().build(),
              McpSchema.Implementation.builder("warm-up", "0").title("warm-up").build(),
              "warm-up");
      mapper.writeValueAsBytes(new McpSchema.JSONRPCResponse("2.0", 0, initialized, null));
      Map<String, Object> property = Map.of("type", "integer", "enum", List.of(1));
      McpSchema.Tool tool =
          McpSchema.Tool.builder()
              .name("warm_up")
              .title("Warm-up")
              .description("warm-up")
              .inputSchema(
                  Map.of(
                      "type",
                      "object",
                      "properties",
                      Map.of("n", property),
                      "required",
                      List.of("n"),
                      "additionalProperties",
                      false))
              .outputSchema(Map.of("type", "object"))
              .annotations(
                  McpSchema.ToolAnnotations.builder()
                      .title("Warm-up")
                      .readOnlyHint(true)
                      .destructiveHint(false)
                      .idempotentHint(true)
                      .openWorldHint(false)
                      .build())
              .build();
      mapper.writeValueAsBytes(
          new McpSchema.JSONRPCResponse(
              "2.0", 1, new McpSchema.ListToolsResult(List.of(tool), null), null));
    } catch (IOException | RuntimeException e) {
      // Only time is at stake: the session does the same work when the first request arrives.
      LoggerFactory.getLogger(WarmUp.class).debug("warm-up skipped: {}", e.toString());
    }
  }
}
