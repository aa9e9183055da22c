package io.emqx.mcp.tools;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * One tool, declared as data next to its handler: name, description, schemas, what it does to the
 * broker, and the code that runs it. Annotations are derived from {@link Access}, never typed by
 * hand.
 */
public record ToolSpec(
    String group,
    String name,
    String title,
    String description,
    Access access,
    boolean idempotent,
    Map<String, Object> inputSchema,
    Map<String, Object> outputSchema,
    Handler handler) {

  /** Runs a call; returns a record (or map) that becomes the structured result. */
  @FunctionalInterface
  public interface Handler {
    Object handle(Call call);
  }

  /**
   * One call of a tool. {@code exchange} is null when there is no MCP session (tests, the CLI), so
   * handlers that use it for progress or elicitation must cope with that.
   */
  public record Call(ToolSpec spec, Args args, McpSyncServerExchange exchange) {}

  /** The MCP definition shown in {@code tools/list}. */
  public McpSchema.Tool toMcp() {
    return McpSchema.Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(inputSchema)
        .outputSchema(outputSchema)
        .annotations(McpSchema.ToolAnnotations.builder()
            .title(title)
            .readOnlyHint(access == Access.READ)
            .destructiveHint(access == Access.DESTRUCTIVE)
            .idempotentHint(idempotent)
            // An EMQX cluster is a closed world: the tools touch nothing else.
            .openWorldHint(false)
            .build())
        .build();
  }
}
