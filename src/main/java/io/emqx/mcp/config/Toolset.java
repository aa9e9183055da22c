package io.emqx.mcp.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The toolsets: every tool belongs to exactly one (its {@code ToolSpec.group()}), and the operator
 * chooses which are offered ({@code mcp.toolsets}). Every tool costs the agent's context on every
 * turn, so only the toolsets an operator reaches for first are on by default: the ones the README's
 * tasks ("who is connected from …", "kick …", "publish …", "why is … not receiving") and the
 * diagnosis prompts use. Their tools/list stays within 25 KB (BoundedOutputTest).
 */
public enum Toolset {
  CLIENTS(true, "Find, inspect and disconnect MQTT clients."),
  SUBSCRIPTIONS(
      true,
      "A client's subscriptions, cluster-wide subscription search, topics; subscribe or "
          + "unsubscribe a client."),
  MESSAGING(true, "Publish messages; list, read and delete retained messages."),
  BANS(true, "List, add and lift bans on client IDs, user names and addresses."),
  CLUSTER(true, "Nodes, stats, metrics, alarms and listeners."),
  RULES(true, "Rule-engine rules and their metrics."),
  DIAGNOSIS(true, "One-call verdicts: cluster health, why a client does not get messages."),
  ACCESS(false, "Authentication and authorization sources, and a client's authorization cache."),
  QUEUES(false, "A client's message queue and in-flight window; delayed messages."),
  OBSERVABILITY(false, "Traces, slow subscriptions, topic metrics and message rates."),
  INTEGRATION(
      false,
      "Data integration: connectors, actions and sources with their status; EMQX 6 namespaces."),
  MQTT(
      false,
      "Watch live traffic on a topic and run MQTT 5 request/response over a real MQTT connection."),
  /**
   * {@code list_toolsets} and {@code enable_toolset}: offered exactly when {@code
   * mcp.dynamic-toolsets} is on, never named in {@code mcp.toolsets}.
   */
  TOOLSETS(false, "Turn toolsets on during a conversation (mcp.dynamic-toolsets).");

  /** The word for every toolset in {@code mcp.toolsets}. */
  public static final String ALL = "all";

  /** The word for the toolsets marked default. */
  public static final String DEFAULT = "default";

  private final boolean byDefault;
  private final String description;

  Toolset(boolean byDefault, String description) {
    this.byDefault = byDefault;
    this.description = description;
  }

  /** Its name in configuration and in tool results: {@code clients}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  public boolean byDefault() {
    return byDefault;
  }

  /**
   * Whether {@code mcp.toolsets} may name it ({@link #TOOLSETS} follows {@code
   * mcp.dynamic-toolsets}).
   */
  public boolean selectable() {
    return this != TOOLSETS;
  }

  /** The toolsets {@code mcp.toolsets} may name, in order. */
  public static List<Toolset> selectableValues() {
    return Arrays.stream(values()).filter(Toolset::selectable).toList();
  }

  public static Set<Toolset> defaults() {
    Set<Toolset> set = EnumSet.noneOf(Toolset.class);
    Arrays.stream(values()).filter(Toolset::byDefault).forEach(set::add);
    return set;
  }

  public static Set<Toolset> all() {
    Set<Toolset> set = EnumSet.noneOf(Toolset.class);
    set.addAll(selectableValues());
    return set;
  }

  /** The selectable toolset with this id (any case, trimmed), or null. */
  public static Toolset byId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return selectableValues().stream().filter(t -> t.id().equals(wanted)).findFirst().orElse(null);
  }
}
