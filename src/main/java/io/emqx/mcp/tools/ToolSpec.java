package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.emqx.Requirement;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tool, declared as data next to its handler: name, description, schemas, what it does to the
 * broker, and the code that runs it. Annotations are derived from {@link Access}, never typed by
 * hand. {@code group} is the {@link Toolset} the tool belongs to, which decides whether it is
 * offered ({@code mcp.toolsets}). Declare one with {@link #builder(Toolset, String)}, which names
 * every part:
 *
 * <pre>{@code
 * ToolSpec.builder(GROUP, "kick_mqtt_client")
 *     .title("Disconnect an MQTT client")
 *     .description("Disconnect an MQTT client and discard its session ...")
 *     .access(Access.DESTRUCTIVE).idempotent(true)
 *     .input(Schema.object().required("clientid", ...).closed())
 *     .output(Kicked.class)
 *     .clients(args -> List.of(ClientTarget.id(args.segment("clientid"))))
 *     .preview(call -> "Disconnect client ...")
 *     .handler(call -> ...)
 *     .build();
 * }</pre>
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
    Preview preview,
    Requirement requires) {

  public ToolSpec {
    topics = List.copyOf(topics);
    requires = requires == null ? Requirement.ANY : requires;
  }

  /** Starts the declaration of tool {@code name} in toolset {@code group}. */
  public static Builder builder(Toolset group, String name) {
    return new Builder(group, name);
  }

  /** A builder holding this tool's parts, to declare a variant of it. */
  public Builder toBuilder() {
    Builder b = new Builder(group, name);
    b.title = title;
    b.description = description;
    b.access = access;
    b.idempotent = idempotent;
    b.inputSchema = inputSchema;
    b.outputSchema = outputSchema;
    b.handler = handler;
    b.topics = topics;
    b.clients = clients;
    b.preview = preview;
    b.requires = requires;
    return b;
  }

  /** The same tool with another input schema (the policy adds {@code confirm_token}). */
  public ToolSpec withInputSchema(Map<String, Object> schema) {
    return toBuilder().input(schema).build();
  }

  /**
   * The parts of a tool, each set by name. {@link #build()} checks that the required ones are there
   * (title, description, access, input schema, handler) and that a tool that changes the broker
   * says whether it is idempotent: a read is, by definition.
   */
  public static final class Builder {
    private final Toolset group;
    private final String name;
    private String title;
    private String description;
    private Access access;
    private Boolean idempotent;
    private Map<String, Object> inputSchema;
    private Map<String, Object> outputSchema;
    private Handler handler;
    private List<TopicArg> topics = List.of();
    private ClientTargets clients = args -> List.of();
    private Preview preview;
    private Requirement requires = Requirement.ANY;

    private Builder(Toolset group, String name) {
      this.group = Objects.requireNonNull(group, "group");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** A short human title (the MCP {@code title}). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** What the tool does, when to use it and its limits: what the model reads. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** What a call does to the broker; drives the annotations, the read-only gate and the audit. */
    public Builder access(Access access) {
      this.access = access;
      return this;
    }

    /**
     * Whether repeating a call with the same arguments changes nothing more (MCP's {@code
     * idempotentHint}). Required for a tool that changes the broker; a read is idempotent.
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /** The input schema; input schemas are closed ({@link Schema#closed()}). */
    public Builder input(Schema schema) {
      return input(schema.build());
    }

    public Builder input(Map<String, Object> schema) {
      this.inputSchema = schema;
      return this;
    }

    /**
     * The output schema, written out: for results that are no record of ours (EMQX maps, pages).
     */
    public Builder output(Schema schema) {
      return output(schema.build());
    }

    /**
     * The output schema, derived from the result record the handler returns ({@link Schema#of}):
     * {@code shown} names the components listed (JSON names), none for all of them.
     */
    public Builder output(Class<? extends Record> result, String... shown) {
      return output(Schema.of(result, shown));
    }

    public Builder output(Map<String, Object> schema) {
      this.outputSchema = schema;
      return this;
    }

    /** The arguments that name topics, and how each is used, so the policy checks them first. */
    public Builder topics(TopicArg... topicArgs) {
      this.topics = List.of(topicArgs);
      return this;
    }

    /** The client IDs a call acts on (for {@code mcp.protected-clients}). */
    public Builder clients(ClientTargets targets) {
      this.clients = Objects.requireNonNull(targets, "clients");
      return this;
    }

    /**
     * A call's concrete effect, for the user to confirm; without it, the name and arguments are
     * shown.
     */
    public Builder preview(Preview describe) {
      this.preview = describe;
      return this;
    }

    /**
     * The oldest EMQX version with every route the tool calls (when each route appeared, from the
     * EMQX source: docs/versions.md). A call to an older cluster is refused with {@code
     * UNSUPPORTED_BY_CLUSTER} before anything is sent. Default: any EMQX 5.
     */
    public Builder requires(String since) {
      this.requires = Requirement.of(since, requires.edition());
      return this;
    }

    /** The edition the tool needs: Enterprise-only APIs (every 5.9+ build is Enterprise). */
    public Builder edition(ClusterFacts.Edition edition) {
      this.requires = new Requirement(requires.since(), edition);
      return this;
    }

    /** The code that runs a call. */
    public Builder handler(Handler handler) {
      this.handler = handler;
      return this;
    }

    public ToolSpec build() {
      String what = "tool " + name + ": ";
      if (title == null
          || description == null
          || access == null
          || inputSchema == null
          || handler == null) {
        throw new IllegalStateException(
            what + "title, description, access, input and handler are required");
      }
      if (access == Access.READ && Boolean.FALSE.equals(idempotent)) {
        throw new IllegalStateException(what + "a read is idempotent");
      }
      if (access != Access.READ && idempotent == null) {
        throw new IllegalStateException(
            what + "a tool that changes the broker must say whether it is idempotent");
      }
      return new ToolSpec(
          group,
          name,
          title,
          description,
          access,
          access == Access.READ || idempotent,
          inputSchema,
          outputSchema,
          handler,
          topics,
          clients,
          preview,
          requires);
    }
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
   * One sentence on what a call will do, from EMQX's current state where that helps the user decide
   * ("disconnect client X, connected from 10.0.0.5 since …"). It may ask EMQX.
   */
  @FunctionalInterface
  public interface Preview {
    String describe(Call call);
  }

  /**
   * An argument that names a topic, so that the policy can validate it and check the topic policy
   * before the handler runs. {@code PUBLISH} needs a topic name and the write permission; {@code
   * SUBSCRIBE} takes a filter and needs read on every topic it can match; {@code READ} takes a
   * topic name and needs read on it.
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
       * Reading what is stored under one topic name (a retained message). Not {@code SUBSCRIBE}:
       * the value must be a name, as EMQX would otherwise answer with whichever message first
       * matches a filter; yet it needs read, not write, because nothing changes.
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

  /**
   * A topic a call names: the declared argument, where it is ({@code messages[2].topic}), its
   * value.
   */
  public record TopicValue(TopicArg arg, String label, String value) {}

  /**
   * The topics these arguments name, in declaration order and, for an array argument, element by
   * element; absent optional topics are left out.
   */
  public List<TopicValue> topicValues(Args args) {
    List<TopicValue> out = new ArrayList<>();
    for (TopicArg arg : topics) {
      if (arg.array() == null) {
        String value = args.optString(arg.argument());
        if (value != null) {
          out.add(new TopicValue(arg, arg.argument(), value));
        }
        continue;
      }
      List<Args> elements = args.objects(arg.array());
      for (int i = 0; i < elements.size(); i++) {
        String value = elements.get(i).optString(arg.property());
        if (value != null) {
          out.add(new TopicValue(arg, arg.array() + "[" + i + "]." + arg.property(), value));
        }
      }
    }
    return out;
  }

  /**
   * Refuses a call whose declared topic arguments are not valid MQTT ({@code INVALID_ARGUMENT}): a
   * filter for {@code SUBSCRIBE}, a topic name otherwise. Part of running a tool, not of the
   * operator's policy, so a runner without a guard refuses an invalid topic too.
   */
  void validateTopics(Args args) {
    for (TopicValue t : topicValues(args)) {
      Args.validTopic(t.label(), t.value(), t.arg().use() == TopicArg.Use.SUBSCRIBE);
    }
  }

  /** Runs a call; returns a record (or map) that becomes the structured result. */
  @FunctionalInterface
  public interface Handler {
    Object handle(Call call);
  }

  /**
   * One call of a tool. {@code exchange} is null when there is no MCP session (tests, the CLI), so
   * handlers that use it for progress or elicitation must cope with that. {@code progressToken} is
   * the request's {@code _meta.progressToken}, null when the client asked for no progress.
   */
  public record Call(
      ToolSpec spec,
      Args args,
      McpSyncServerExchange exchange,
      Object progressToken,
      Cluster cluster) {

    public Call(ToolSpec spec, Args args, McpSyncServerExchange exchange) {
      this(spec, args, exchange, null, null);
    }

    /** The REST client of the call's cluster. */
    public io.emqx.mcp.emqx.EmqxClient emqx() {
      return routed().emqx();
    }

    /** The MQTT connection of the call's cluster. */
    public io.emqx.mcp.mqtt.MqttConnection mqtt() {
      return routed().mqtt();
    }

    private Cluster routed() {
      if (cluster == null) {
        throw new IllegalStateException(spec.name() + ": the call was not routed to a cluster");
      }
      return cluster;
    }

    /** Sends a progress notification when the client gave a token; otherwise does nothing. */
    public void progress(double progress, Double total, String message) {
      if (exchange != null && progressToken != null) {
        exchange.progressNotification(
            new McpSchema.ProgressNotification(progressToken, progress, total, message));
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
        // The title is given once, above: repeating it in the annotations costs every tools/list
        // ~800 bytes.
        // destructiveHint and idempotentHint only mean something when readOnlyHint is false (MCP
        // spec), so
        // read tools leave them out.
        .annotations(
            McpSchema.ToolAnnotations.builder()
                .readOnlyHint(access == Access.READ)
                .destructiveHint(access == Access.READ ? null : access == Access.DESTRUCTIVE)
                .idempotentHint(access == Access.READ ? null : idempotent)
                // An EMQX cluster is a closed world: the tools touch nothing else.
                .openWorldHint(false)
                .build())
        .build();
  }
}
