package io.emqx.mcp.policy;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.EmqxTrace;
import io.emqx.mcp.tools.Access;
import io.emqx.mcp.tools.ErrorCode;
import io.emqx.mcp.tools.Schema;
import io.emqx.mcp.tools.ToolError;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;
import io.emqx.mcp.tools.ToolsetTools;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's rules, applied to every tool in one place (tools never check modes themselves).
 * Before the arguments: read-only mode and tool filtering. After they pass the schema, in this
 * order: topic policy, protected clients, the mutation rate limit (refused calls do not use up the
 * budget, previews do: each one costs EMQX a lookup), confirmation, and last the audit log's intent
 * line, written before anything is sent to EMQX (unwritable → {@code AUDIT_UNAVAILABLE}). After
 * every call of a broker-changing tool: its outcome line.
 */
public final class Policy implements ToolRunner.Guard {

  /** The argument destructive tools accept when {@code mcp.confirm-destructive} is on. */
  public static final String CONFIRM_TOKEN = "confirm_token";

  private static final Logger LOG = LoggerFactory.getLogger(Policy.class);

  private static final Map<String, Object> CONFIRM_FORM =
      Schema.object()
          .required(
              "confirm", Schema.bool("true to go ahead").describe("Go ahead with this change?"))
          .build();

  private final Settings.Mcp mcp;
  private final TopicRules topics;

  /** Each cluster's read-only flag, protected clients and topic policy, by name. */
  private final Map<String, ClusterRules> clusters;

  private final String defaultCluster;
  private final boolean manyClusters;
  private final RateLimiters limiters;
  private final Confirmations confirmations;
  private final AuditLog audit;
  private final SessionToolsets toolsets;

  /**
   * Told when a session's tool list changed (it turned a toolset on): the servers' list_changed.
   */
  private final List<Runnable> toolListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Intent call numbers of the calls under way, by call (identity: one {@code Call} per call). */
  private final Map<ToolSpec.Call, Long> intents =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  private volatile ToolSelection selection;

  /** The policy of these settings, with the audit log they name. */
  public Policy(Settings settings) {
    this(
        settings,
        AuditLog.open(settings.mcp().auditLog(), settings.emqx().apiUrl()),
        System::nanoTime);
  }

  public Policy(Settings settings, AuditLog audit, LongSupplier clock) {
    // Broker-changing tools are offered while any cluster takes changes; a call to a read-only
    // one is refused in admit(). With one cluster this is mcp.read-only, or its override.
    boolean everyClusterReadOnly = settings.clusters().stream().allMatch(settings::readOnly);
    this.mcp = settings.mcp().withReadOnly(everyClusterReadOnly);
    Map<String, ClusterRules> rules = new LinkedHashMap<>();
    for (Settings.Cluster c : settings.clusters()) {
      rules.put(c.name(), ClusterRules.of(settings, c));
    }
    this.clusters = java.util.Collections.unmodifiableMap(rules);
    this.defaultCluster = settings.defaultCluster();
    this.manyClusters = rules.size() > 1;
    this.topics = clusters.get(defaultCluster).topics();
    this.limiters = new RateLimiters(mcp.mutationsPerMinute(), clock);
    this.confirmations = new Confirmations(clock);
    this.audit = audit;
    // Several times the sessions HTTP keeps alive: whatever is forgotten belongs to ended sessions.
    this.toolsets =
        new SessionToolsets(
            mcp.toolsets().on(),
            Math.max(64, 4 * settings.transport().http().limits().maxSessions()));
  }

  /**
   * What the policy applies to calls to one cluster.
   *
   * @param configKey where its read-only flag comes from, for messages
   */
  private record ClusterRules(
      String name,
      String apiUrl,
      boolean readOnly,
      String configKey,
      List<String> protectedClients,
      List<Glob> globs,
      TopicRules topics) {

    static ClusterRules of(Settings settings, Settings.Cluster c) {
      List<String> clients = settings.protectedClients(c);
      return new ClusterRules(
          c.name(),
          c.emqx().apiUrl(),
          settings.readOnly(c),
          c.readOnly() != null
              ? "clusters." + c.name() + ".read-only"
              : "mcp.read-only / EMQX_MCP_READ_ONLY",
          clients,
          clients.stream().map(g -> Glob.of(g, false)).toList(),
          settings.topics(c));
    }
  }

  /** The rules of the call's cluster (a call not routed to one: the default cluster's). */
  private ClusterRules rules(ToolSpec.Call call) {
    ClusterRules r = call.cluster() == null ? null : clusters.get(call.cluster().name());
    return r != null ? r : clusters.get(defaultCluster);
  }

  /**
   * The key under which a transport puts the MCP session ID into the request's {@code
   * McpTransportContext} (the HTTP transports do), so that the {@code tools/list} filter, which
   * sees only that context, knows whose toolsets to apply. A context without it (stdio: one session
   * per server) uses the server-wide entry.
   */
  public static final String SESSION_CONTEXT_KEY = "emqx-mcp.session";

  /**
   * Checks the tool filters against the catalog (an entry that matches no tool is an error) and
   * returns the tools as they are to be registered: with {@code confirm_token} in the input schema
   * of destructive tools when confirmation is on.
   *
   * @throws IllegalArgumentException naming the config entry that is wrong
   */
  public List<ToolSpec> register(List<ToolSpec> tools) {
    List<ToolSpec> all = new java.util.ArrayList<>(tools);
    // list_toolsets and enable_toolset are always registered, withheld unless mcp.dynamic-toolsets:
    // a call of one then says why, and mcp.tools entries may name them either way.
    if (tools.stream().noneMatch(t -> t.group() == Toolset.TOOLSETS)) {
      all.addAll(new ToolsetTools(new Switch()).specs());
    }
    selection = new ToolSelection(mcp, all);
    if (!mcp.confirmDestructive()) {
      return List.copyOf(all);
    }
    return all.stream()
        .map(t -> t.access() != Access.DESTRUCTIVE ? t : t.withInputSchema(withToken(t)))
        .toList();
  }

  /**
   * Whether sessions may turn toolsets on ({@code mcp.dynamic-toolsets}): the tool list can change.
   */
  public boolean dynamicToolsets() {
    return mcp.toolsets().dynamic();
  }

  /** Runs {@code listener} whenever a session's tool list changes (a toolset turned on). */
  public void onToolListChanged(Runnable listener) {
    toolListeners.add(listener);
  }

  private static Map<String, Object> withToken(ToolSpec tool) {
    Map<String, Object> schema = new LinkedHashMap<>(tool.inputSchema());
    @SuppressWarnings("unchecked")
    Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
    props.put(
        CONFIRM_TOKEN,
        Schema.string(
                "Token from this tool's CONFIRMATION_REQUIRED answer, passed with the "
                    + "same arguments once the user has agreed.")
            .length(1, 64)
            .build());
    schema.put("properties", props);
    return schema;
  }

  /** Whether {@code tools/list} shows the tool. A hidden tool still answers, with the reason. */
  public boolean offers(ToolSpec spec) {
    return withheldBecause(spec) == null;
  }

  /** Why the tool is not offered (to a session that turned no toolset on), or null. */
  public String withheldBecause(ToolSpec spec) {
    return selection().withheldBecause(spec.name(), toolsets.configured());
  }

  /**
   * Whether {@code tools/list} shows the tool to the session of this request (its toolsets).
   *
   * @param context the request's transport context; see {@link #SESSION_CONTEXT_KEY}
   */
  public boolean offers(io.modelcontextprotocol.common.McpTransportContext context, String tool) {
    return selection().withheldBecause(tool, toolsets.of(session(context))) == null
        && selection().forbiddenFor(tool, Identity.of(context).role()) == null;
  }

  private ToolSelection selection() {
    ToolSelection s = selection;
    if (s == null) {
      throw new IllegalStateException("register(tools) first");
    }
    return s;
  }

  /**
   * The session a request belongs to, as the transport put it in its context; "" for none (stdio).
   */
  static String session(io.modelcontextprotocol.common.McpTransportContext context) {
    Object id = context == null ? null : context.get(SESSION_CONTEXT_KEY);
    return id == null ? "" : id.toString();
  }

  private static String session(ToolSpec.Call call) {
    return session(context(call));
  }

  private static io.modelcontextprotocol.common.McpTransportContext context(ToolSpec.Call call) {
    return call.exchange() == null ? null : call.exchange().transportContext();
  }

  /** Who makes the call, as its transport authenticated it (stdio and direct calls: local). */
  private static Identity identity(ToolSpec.Call call) {
    return Identity.of(context(call));
  }

  @Override
  public void admit(ToolSpec.Call call) {
    ToolSpec spec = call.spec();
    String reason = selection().withheldBecause(spec.name(), toolsets.of(session(call)));
    ClusterRules cluster = rules(call);
    if ((reason == null || mcp.readOnly()) && cluster.readOnly() && spec.access().changesBroker()) {
      // Offered because another cluster takes changes (or every cluster is read-only): name it.
      throw new ToolException(
          ErrorCode.READ_ONLY,
          spec.name()
              + " changes the broker, and cluster '"
              + cluster.name()
              + "' is read-only ("
              + cluster.configKey()
              + "). Nothing was sent to EMQX; choose another cluster, or ask the operator to change "
              + "that setting if the change is intended.");
    }
    if (reason != null && mcp.readOnly() && spec.access().changesBroker() && !manyClusters) {
      throw new ToolException(
          ErrorCode.READ_ONLY,
          spec.name()
              + " changes the broker, and this server is "
              + "read-only (mcp.read-only / EMQX_MCP_READ_ONLY). Nothing was sent to EMQX; ask the operator to "
              + "change that setting if the change is intended.");
    }
    Identity who = identity(call);
    String forbidden = selection().forbiddenFor(spec.name(), who.role());
    if (forbidden != null) {
      throw new ToolException(
          ErrorCode.FORBIDDEN_BY_ROLE,
          spec.name()
              + " may not be called by this caller: "
              + forbidden
              + ", and "
              + describe(who)
              + " has the role "
              + who.role().id()
              + ". Nothing was sent to EMQX; its tools/list shows what it may call. An operator of "
              + "this server can give it another role (mcp.http.tokens, mcp.http.oauth.role-mapping).",
          Map.of("role", who.role().id()));
    }
    if (reason != null) {
      throw new ToolException(
          ErrorCode.TOOL_DISABLED,
          spec.name()
              + " is not offered by this server: "
              + reason
              + ". Nothing was sent to EMQX.");
    }
  }

  @Override
  public void check(ToolSpec.Call call) {
    checkTopics(call);
    checkProtectedClients(call);
    if (call.spec().access().changesBroker()) {
      RateLimiter limiter = limiters.of(identity(call).key());
      long waitMs = limiter.tryAcquire();
      if (waitMs > 0) {
        long seconds = (waitMs + 999) / 1000;
        throw new ToolException(
            ErrorCode.RATE_LIMITED,
            "More than "
                + limiter.limit()
                + " broker-changing calls by this caller "
                + "(confirmation previews included) in the last minute (mcp.mutations-per-minute). Nothing was sent "
                + "to EMQX; retry in "
                + seconds
                + " s.",
            Map.of("retry_after_seconds", seconds));
      }
    }
    if (mcp.confirmDestructive() && call.spec().access() == Access.DESTRUCTIVE) {
      confirm(call);
    }
    if (call.spec().access().changesBroker() && audit.enabled()) {
      try {
        intents.put(
            call,
            audit.intent(call.spec().name(), call.args().values(), caller(call), where(call)));
      } catch (AuditLog.Unavailable e) {
        throw new ToolException(
            ErrorCode.AUDIT_UNAVAILABLE,
            call.spec().name()
                + " changes the broker, and its "
                + "audit line could not be written ("
                + e.getMessage()
                + "), so nothing was sent to EMQX. Read-only "
                + "tools still work; the operator can fix mcp.audit-log (or free disk space), and the next call "
                + "tries again.");
      }
    }
  }

  /**
   * Whom a confirmation token belongs to: the MCP session (a modern request has none: its caller's
   * address stands in) and the caller's identity, so that a token crosses neither.
   */
  private static Confirmations.Owner owner(ToolSpec.Call call) {
    McpSyncServerExchange exchange = call.exchange();
    ConfirmRound round = ConfirmRound.of(exchange);
    String who = identity(call).key();
    if (round != null) {
      return new Confirmations.Owner(round.owner(), who);
    }
    return new Confirmations.Owner(exchange == null ? null : exchange.sessionId(), who);
  }

  /** The call's cluster for the audit line: always named, so lines stay alike as clusters come. */
  private AuditLog.Where where(ToolSpec.Call call) {
    if (call.cluster() == null) {
      return new AuditLog.Where(null, null); // refused before routing: an unknown cluster
    }
    ClusterRules r = rules(call);
    return new AuditLog.Where(r.name(), r.apiUrl());
  }

  private static AuditLog.Caller caller(ToolSpec.Call call) {
    McpSyncServerExchange exchange = call.exchange();
    McpSchema.Implementation client = exchange == null ? null : exchange.getClientInfo();
    return new AuditLog.Caller(
        client == null ? null : client.name(),
        client == null ? null : client.version(),
        exchange == null ? null : exchange.sessionId(),
        identity(call),
        Identity.remote(context(call)));
  }

  /** The caller as a refusal names it: never a secret, only the token's name or the subject. */
  private static String describe(Identity who) {
    return switch (who.kind()) {
      case TOKEN -> "the token '" + who.name() + "'";
      case OAUTH -> "the subject '" + who.name() + "' of " + who.issuer();
      case ANONYMOUS -> "an unauthenticated caller";
      case LOCAL -> "the local user";
    };
  }

  /**
   * Checks every topic argument the tool declares against the topic policy (refused → {@code
   * TOPIC_NOT_PERMITTED}); the runner has already refused invalid topics. A topic inside an array
   * of objects ({@code messages[].topic}) is checked in every element before anything runs, so a
   * batch is refused whole rather than sent in part.
   */
  private void checkTopics(ToolSpec.Call call) {
    for (ToolSpec.TopicValue topic : call.spec().topicValues(call.args())) {
      checkTopic(call, topic);
    }
  }

  /**
   * Refuses a call that acts on a protected client. A regex target (a {@code clientid_re} ban) is
   * refused whenever clients are protected: whether a regex can reach some ID a glob protects is
   * not something a sample can settle ({@code ^plc-7$} misses every filled-in {@code plc-*} but
   * one), so the policy errs towards refusal and says how to ban instead.
   */
  private void checkProtectedClients(ToolSpec.Call call) {
    ClusterRules cluster = rules(call);
    List<Glob> protectedClients = cluster.globs();
    for (ToolSpec.ClientTarget target : call.spec().clients().of(call.args())) {
      if (target.regex() && !protectedClients.isEmpty()) {
        throw new ToolException(
            ErrorCode.PROTECTED_CLIENT,
            "The client-ID pattern '"
                + target.value()
                + "' could "
                + "match a protected client (mcp.protected-clients: "
                + cluster.protectedClients()
                + "), so "
                + call.spec().name()
                + " refuses patterns while clients are protected. Ban exact client IDs instead. "
                + "Nothing was sent to EMQX.");
      }
      for (Glob glob : protectedClients) {
        if (!target.regex() && glob.matches(target.value())) {
          throw new ToolException(
              ErrorCode.PROTECTED_CLIENT,
              "Client '"
                  + target.value()
                  + "' is protected by "
                  + "mcp.protected-clients entry '"
                  + glob.text()
                  + "': "
                  + call.spec().name()
                  + " may not act on it. "
                  + "Nothing was sent to EMQX.");
        }
      }
    }
  }

  private void checkTopic(ToolSpec.Call call, ToolSpec.TopicValue topic) {
    ToolSpec.TopicArg arg = topic.arg();
    String label = topic.label();
    String value = topic.value();
    boolean write = arg.use() == ToolSpec.TopicArg.Use.PUBLISH;
    TopicRules rules = rules(call).topics();
    TopicRules.Decision decision = write ? rules.checkPublish(value) : rules.checkSubscribe(value);
    if (!decision.allowed()) {
      String verb =
          switch (arg.use()) {
            case PUBLISH -> "writing to";
            case SUBSCRIBE -> "subscribing to";
            case READ -> "reading";
          };
      throw new ToolException(
          ErrorCode.TOPIC_NOT_PERMITTED,
          "The topic policy does not allow "
              + verb
              + " '"
              + value
              + "' ("
              + call.spec().name()
              + " "
              + label
              + "): "
              + decision.reason()
              + ". Nothing was sent to EMQX; the resource emqx://topics/policy"
              + (manyClusters ? "?cluster=" + rules(call).name() : "")
              + " lists what is allowed.");
    }
  }

  /** The topic policy, for the resource that shows it. */
  public TopicRules topics() {
    return topics;
  }

  /** A cluster's topic policy (its own {@code topics}, else the global one), for its resource. */
  public TopicRules topics(String cluster) {
    ClusterRules r = clusters.get(cluster);
    return r != null ? r.topics() : topics;
  }

  /** Asks the user (elicitation) or answers with a preview and a single-use token. */
  private void confirm(ToolSpec.Call call) {
    String tool = call.spec().name();
    Map<String, Object> args = call.args().values();
    String token = call.args().optString(CONFIRM_TOKEN);
    if (token != null && confirmations.redeem(owner(call), token, tool, args)) {
      return;
    }
    McpSyncServerExchange exchange = call.exchange();
    ConfirmRound round = ConfirmRound.of(exchange);
    if (token == null && round != null && round.canElicit()) {
      confirmByRound(call, round);
      return;
    }
    String preview = preview(call);
    if (token == null
        && round == null
        && exchange != null
        && exchange.getClientCapabilities() != null
        && exchange.getClientCapabilities().elicitation() != null) {
      McpSchema.ElicitResult answer;
      try {
        answer =
            exchange.createElicitation(
                McpSchema.ElicitRequest.builder(preview + " Go ahead?", CONFIRM_FORM).build());
      } catch (RuntimeException e) {
        LOG.warn(
            "asking the user to confirm {} failed ({}); answering with a confirm_token instead",
            tool,
            e.toString());
        answer = null;
      }
      if (answer != null) {
        if (answer.action() == McpSchema.ElicitResult.Action.ACCEPT
            && answer.content() != null
            && Boolean.TRUE.equals(answer.content().get("confirm"))) {
          return;
        }
        throw new ToolException(
            ErrorCode.CONFIRMATION_REQUIRED,
            "The user did not confirm ("
                + answer.action().name().toLowerCase(java.util.Locale.ROOT)
                + "): "
                + preview
                + " Nothing was changed.",
            Map.of("preview", preview));
      }
    }
    String fresh = confirmations.issue(owner(call), tool, args);
    if (fresh == null) {
      throw new ToolException(
          ErrorCode.RATE_LIMITED,
          "Too many confirmations are pending for this caller or on this server; "
              + "nothing was sent to EMQX. Retry in a minute, when older ones have expired.",
          Map.of("retry_after_seconds", 60));
    }
    long ttl = Confirmations.TTL.toSeconds();
    throw new ToolException(
        ErrorCode.CONFIRMATION_REQUIRED,
        (token == null
                ? ""
                : "That confirm_token is unknown, used, expired or was issued for other arguments. ")
            + "This call needs the user's confirmation: "
            + preview
            + " Show this to the user; if they agree, call "
            + tool
            + " again with the same arguments plus confirm_token (valid once, in this session, for "
            + ttl
            + " s).",
        Map.of("preview", preview, "confirm_token", fresh, "expires_in_seconds", ttl));
  }

  /**
   * Confirmation for a 2026-07-28 client that can show a form (MRTR): a first call leaves the
   * question and a fresh round state in the round and is refused, which the server answers as
   * {@code input_required}; the client's second call runs once when it brings back that state,
   * unopened by anyone else, unexpired, unspent and issued for these very arguments, and the user's
   * accepting answer. Anything else is {@code CONFIRMATION_REQUIRED}, and nothing is sent to EMQX.
   */
  private void confirmByRound(ToolSpec.Call call, ConfirmRound round) {
    String tool = call.spec().name();
    Map<String, Object> args = call.args().values();
    if (!round.isRetry()) {
      String preview = preview(call);
      round.require(
          new ConfirmRound.Required(
              preview + " Go ahead?", CONFIRM_FORM, confirmations.roundState(tool, args)));
      throw new ToolException(
          ErrorCode.CONFIRMATION_REQUIRED,
          "This call needs the user's confirmation: " + preview + " Nothing was changed.",
          Map.of("preview", preview));
    }
    Confirmations.RoundRefusal refusal = confirmations.redeemRound(round.state(), tool, args);
    if (refusal == Confirmations.RoundRefusal.FULL) {
      throw new ToolException(
          ErrorCode.RATE_LIMITED,
          "Too many confirmations are in flight on this server; "
              + "nothing was sent to EMQX. Retry in a minute.",
          Map.of("retry_after_seconds", 60));
    }
    if (refusal != null) {
      String why =
          switch (refusal) {
            case SPENT -> "That requestState was used already: each confirmation runs a call once.";
            case OTHER_CALL ->
                "That requestState was issued for other arguments (or another tool).";
            default ->
                "That requestState is missing, altered or expired (confirmations are valid for "
                    + Confirmations.TTL.toSeconds()
                    + " s).";
          };
      throw new ToolException(
          ErrorCode.CONFIRMATION_REQUIRED,
          why
              + " Nothing was changed; call "
              + tool
              + " again without requestState and inputResponses to ask the user anew.");
    }
    Map<?, ?> answer = round.answer();
    Object action = answer == null ? null : answer.get("action");
    if ("accept".equals(action)
        && answer.get("content") instanceof Map<?, ?> content
        && Boolean.TRUE.equals(content.get("confirm"))) {
      return;
    }
    String preview = preview(call);
    // Only the protocol's words are quoted back: the action is the client's text.
    String what =
        "decline".equals(action) || "cancel".equals(action)
            ? (String) action
            : "no accepting answer";
    throw new ToolException(
        ErrorCode.CONFIRMATION_REQUIRED,
        "The user did not confirm (" + what + "): " + preview + " Nothing was changed.",
        Map.of("preview", preview));
  }

  private static String preview(ToolSpec.Call call) {
    if (call.spec().preview() != null) {
      return call.spec().preview().describe(call);
    }
    Map<String, Object> args = new LinkedHashMap<>(call.args().values());
    args.remove(CONFIRM_TOKEN);
    return "run " + call.spec().name() + " with " + AuditLog.redact(args) + ".";
  }

  /**
   * The outcome line. A call whose thread was interrupted was cancelled by its client: it is
   * audited as {@code cancelled} with whatever EMQX had answered by then (a DELETE may well have
   * reached EMQX), whatever error the interruption produced.
   */
  @Override
  public void after(ToolSpec.Call call, ToolError error, long startedNanos) {
    Long intent = intents.remove(call);
    if (!call.spec().access().changesBroker() || !audit.enabled()) {
      return;
    }
    ErrorCode code = error == null ? null : error.code();
    if (intent == null && code == ErrorCode.AUDIT_UNAVAILABLE) {
      return; // the intent line just failed: this one would fail the same way, and nothing was sent
    }
    boolean cancelled =
        code == ErrorCode.CANCELLED || Thread.currentThread().isInterrupted() && intent != null;
    String outcome =
        cancelled ? "cancelled" : code == null ? "executed" : code.refusal() ? "refused" : "failed";
    if (code == ErrorCode.CANCELLED) {
      code = null; // the outcome says it; error_code is for the contract's codes
    }
    double ms = Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    audit.record(
        new AuditLog.Entry(
            Instant.now(),
            intent == null ? 0 : intent,
            call.spec().name(),
            call.args().values(),
            outcome,
            code,
            EmqxTrace.lastStatus(),
            ms,
            caller(call),
            where(call)));
  }

  /** The toolsets of the calling session, for list_toolsets and enable_toolset. */
  private final class Switch implements ToolsetTools.Switch {
    @Override
    public Set<Toolset> on(ToolSpec.Call call) {
      return toolsets.of(session(call));
    }

    @Override
    public boolean enable(ToolSpec.Call call, Toolset toolset) {
      boolean changed = toolsets.enable(session(call), toolset);
      if (changed) {
        for (Runnable listener : toolListeners) {
          try {
            listener.run();
          } catch (RuntimeException e) {
            // The toolset is on either way; a client that missed the notice sees it at its next
            // tools/list.
            LOG.warn("announcing a changed tool list failed: {}", e.toString());
          }
        }
      }
      return changed;
    }

    @Override
    public Map<String, String> tools(Toolset toolset) {
      Map<String, String> tools = new LinkedHashMap<>();
      selection().toolsIn(toolset).forEach(t -> tools.put(t, selection().withheldByRules(t)));
      return tools;
    }
  }

  /** Closes the audit log at shutdown. */
  public void close() {
    audit.close();
  }
}
