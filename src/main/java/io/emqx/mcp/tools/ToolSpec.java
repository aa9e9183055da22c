package io.emqx.mcp.tools;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * One tool, declared as data next to its handler: name, description, schemas, what it does to the
 * broker, and the code that runs it. Annotations are derived from {@link Access}, never typed by
 * hand. {@code group} is the {@link Toolset} the tool belongs to, which decides whether it is
 * offered ({@code mcp.toolsets}).
 */
public record ToolSpec(
    Toolset group,
    String name,
    String title,
    String description,
    Access access,
    boolean idempotent,
    Map<String, Object> inputSchema,
    Map<String, Object> outputSchema,
    Handler handler,
    List<TopicArg> topics,
    ClientTargets clients,
    Preview preview) {

  public ToolSpec {
    topics = List.copyOf(topics);
  }

  /** A tool with no topic or client arguments, previewed by its name and arguments. */
  public ToolSpec(Toolset group, String name, String title, String description, Access access, boolean idempotent,
      Map<String, Object> inputSchema, Map<String, Object> outputSchema, Handler handler) {
    this(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler, List.of(),
        args -> List.of(), null);
  }

  /** The same tool, declaring which arguments are topics and how they are used. */
  public ToolSpec withTopics(TopicArg... topicArgs) {
    return new ToolSpec(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler,
        List.of(topicArgs), clients, preview);
  }

  /** The same tool, declaring which client IDs a call acts on (for {@code mcp.protected-clients}). */
  public ToolSpec withClients(ClientTargets targets) {
    return new ToolSpec(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler,
        topics, targets, preview);
  }

  /** The same tool, describing a call's concrete effect for the user to confirm. */
  public ToolSpec withPreview(Preview describe) {
    return new ToolSpec(group, name, title, description, access, idempotent, inputSchema, outputSchema, handler,
        topics, clients, describe);
  }

  /** The same tool with another input schema (the policy adds {@code confirm_token}). */
  public ToolSpec withInputSchema(Map<String, Object> schema) {
    return new ToolSpec(group, name, title, description, access, idempotent, schema, outputSchema, handler,
        topics, clients, preview);
  }

  /** The clients a call acts on; empty when none. */
  @FunctionalInterface
  public interface ClientTargets {
    List<ClientTarget> of(Args args);
  }

  /**
   * A client a call acts on: one exact client ID, or a regex over client IDs (a {@code clientid_re}
   * ban), which the policy must treat as reaching every ID it can match.
   */
  public record ClientTarget(String value, boolean regex) {
    public static ClientTarget id(String clientid) {
      return new ClientTarget(clientid, false);
    }

    public static ClientTarget pattern(String regex) {
      return new ClientTarget(regex, true);
    }
  }

  /**
   * One sentence on what a call will do, from EMQX's current state where that helps the user
   * decide ("disconnect client X, connected from 10.0.0.5 since …"). It may ask EMQX.
   */
  @FunctionalInterface
  public interface Preview {
    String describe(Call call);
  }

  /**
   * An argument that names a topic, so that the policy can validate it and check the topic policy
   * before the handler runs. {@code PUBLISH} needs a topic name and the write permission;
   * {@code SUBSCRIBE} takes a filter and needs read on every topic it can match; {@code READ} takes
   * a topic name and needs read on it.
   *
   * <p>{@code argument} is a property name, or {@code array[].property} for a topic inside each
   * object of an array argument (e.g. {@code messages[].topic}): every element is checked before
   * the handler runs, so one refused topic refuses the whole call.
   */
  public record TopicArg(String argument, Use use) {
    public enum Use {
      PUBLISH,
      SUBSCRIBE,
      /**
       * Reading what is stored under one topic name (a retained message). Not {@code SUBSCRIBE}: the
       * value must be a name, as EMQX would otherwise answer with whichever message first matches a
       * filter; yet it needs read, not write, because nothing changes.
       */
      READ
    }

    public static TopicArg publish(String argument) {
      return new TopicArg(argument, Use.PUBLISH);
    }

    public static TopicArg subscribe(String argument) {
      return new TopicArg(argument, Use.SUBSCRIBE);
    }

    public static TopicArg read(String argument) {
      return new TopicArg(argument, Use.READ);
    }

    /** The array argument holding the topics, or null for a plain argument. */
    public String array() {
      int i = argument.indexOf("[].");
      return i < 0 ? null : argument.substring(0, i);
    }

    /** The property that holds the topic: the argument itself, or the part after {@code [].}. */
    public String property() {
      int i = argument.indexOf("[].");
      return i < 0 ? argument : argument.substring(i + 3);
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
        // The title is given once, above: repeating it in the annotations costs every tools/list ~800 bytes.
        // destructiveHint and idempotentHint only mean something when readOnlyHint is false (MCP spec), so
        // read tools leave them out.
        .annotations(McpSchema.ToolAnnotations.builder()
            .readOnlyHint(access == Access.READ)
            .destructiveHint(access == Access.READ ? null : access == Access.DESTRUCTIVE)
            .idempotentHint(access == Access.READ ? null : idempotent)
            // An EMQX cluster is a closed world: the tools touch nothing else.
            .openWorldHint(false)
            .build())
        .build();
  }
}
