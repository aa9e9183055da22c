package io.emqx.mcp.tools;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
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
    Handler handler,
    List<TopicArg> topics) {

  public ToolSpec {
    topics = List.copyOf(topics);
  }

  /** A tool with no topic arguments. */
  public ToolSpec(String group, String name, String title, String description, Access access, boolean idempotent,
      Map<String, Object> inputSchema, Map<String, Object> outputSchema, Handler handler) {
    this(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler, List.of());
  }

  /** The same tool, declaring which arguments are topics and how they are used. */
  public ToolSpec withTopics(TopicArg... topicArgs) {
    return new ToolSpec(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler,
        List.of(topicArgs));
  }

  /**
   * An argument that names a topic, so that the policy can validate it and check the topic policy
   * before the handler runs. {@code PUBLISH} needs a topic name and the write permission;
   * {@code SUBSCRIBE} takes a filter and needs read on every topic it can match.
   */
  public record TopicArg(String argument, Use use) {
    public enum Use { PUBLISH, SUBSCRIBE }

    public static TopicArg publish(String argument) {
      return new TopicArg(argument, Use.PUBLISH);
    }

    public static TopicArg subscribe(String argument) {
      return new TopicArg(argument, Use.SUBSCRIBE);
    }
  }

  /** Runs a call; returns a record (or map) that becomes the structured result. */
  @FunctionalInterface
  public interface Handler {
    Object handle(Call call);
  }

  /**
   * One call of a tool. {@code exchange} is null when there is no MCP session (tests, the CLI), so
   * handlers that use it for progress or elicitation must cope with that. {@code progressToken} is the
   * request's {@code _meta.progressToken}, null when the client asked for no progress.
   */
  public record Call(ToolSpec spec, Args args, McpSyncServerExchange exchange, Object progressToken) {

    public Call(ToolSpec spec, Args args, McpSyncServerExchange exchange) {
      this(spec, args, exchange, null);
    }

    /** Sends a progress notification when the client gave a token; otherwise does nothing. */
    public void progress(double progress, Double total, String message) {
      if (exchange != null && progressToken != null) {
        exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
      }
    }
  }

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
