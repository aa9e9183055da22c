package io.emqx.mcp.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.diagnosis.Finding;
import io.emqx.mcp.emqx.model.Listener;
import io.emqx.mcp.emqx.model.MemorySize;
import io.emqx.mcp.emqx.model.Required;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Tools over the cluster: nodes, their figures, alarms and listeners. */
final class ClusterTools {

  private static final Toolset GROUP = Toolset.CLUSTER;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  List<ToolSpec> specs() {
    return List.of(listNodes(), getNode(), getStats(), getMetrics(), listAlarms(), listListeners());
  }

  private static Schema node(String what) {
    return Schema.string(what).nonEmpty();
  }

  /**
   * A node record with {@code memory_used_percent} added: EMQX sends memory as strings such as
   * "11.42G" of "15.52G", which a model should not have to parse.
   */
  static Map<String, Object> withMemoryPercent(Map<String, Object> node) {
    Map<String, Object> out = new LinkedHashMap<>(node);
    Double percent =
        MemorySize.percent(
            Objects.toString(node.get("memory_used"), null),
            Objects.toString(node.get("memory_total"), null));
    if (percent != null) {
      out.put("memory_used_percent", percent);
    }
    return out;
  }

  private ToolSpec listNodes() {
    return ToolSpec.builder(GROUP, "list_nodes")
        .title("List cluster nodes")
        .description(
            "The cluster's nodes: node_status, role, version, uptime (ms), connections, load1/5/15, memory_used, "
                + "memory_total, memory_used_percent (a stopped node: name and status only). Returns {data, meta}.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(
            call ->
                new Paging.Whole<>(
                    call.emqx().listNodes().stream()
                        .map(n -> withMemoryPercent(Json.MAPPER.convertValue(n, MAP)))
                        .toList()))
        .build();
  }

  private ToolSpec getNode() {
    return ToolSpec.builder(GROUP, "get_node")
        .title("Get a node")
        .description(
            "One running node's full record: list_nodes' fields plus OTP release, process and fd limits. NOT_FOUND "
                + "for an unknown or stopped node.")
        .access(Access.READ)
        .input(Schema.object().required("node", node("Node name, e.g. emqx@10.0.0.11.")).closed())
        .output(Schema.object().required("node", Schema.string(null)))
        .handler(call -> withMemoryPercent(call.emqx().getNode(call.args().segment("node"))))
        .build();
  }

  /** node and aggregate=true contradict each other: one node's figures cannot be summed. */
  private static String nodeOrAggregate(Args a) {
    String node = a.optString("node");
    if (node != null && a.bool("aggregate", false)) {
      throw ToolException.invalid(
          "give 'node' for one node's figures or 'aggregate' for cluster totals, not both");
    }
    return node;
  }

  private static Schema figureArgs(Schema input) {
    return input
        .prop("node", node("Only this node."))
        .prop("aggregate", Schema.bool("One summed row.").defaultValue(false));
  }

  private ToolSpec getStats() {
    return ToolSpec.builder(GROUP, "get_stats")
        .title("Get cluster statistics")
        .description(
            "Counts and peaks (.count, .max) of connections, sessions, subscriptions, topics, retained: a row per "
                + "running node, or one summed row (aggregate). Returns {data, meta}.")
        .access(Access.READ)
        .input(figureArgs(Schema.object()).closed())
        .output(Paging.listOf())
        .handler(
            call -> {
              String node = nodeOrAggregate(call.args());
              return new Paging.Whole<>(
                  node != null
                      ? List.of(withNode(node, call.emqx().nodeStats(node)))
                      : call.emqx().stats(call.args().bool("aggregate", false)));
            })
        .build();
  }

  private ToolSpec getMetrics() {
    Schema input =
        figureArgs(Schema.object())
            .prop(
                "prefix",
                Schema.string("Comma-separated name prefixes, e.g. messages.dropped,delivery.")
                    .nonEmpty())
            .closed();
    return ToolSpec.builder(GROUP, "get_metrics")
        .title("Get traffic counters")
        .description(
            "Counters since start (about 100: bytes, packets, messages, delivery.dropped, client, session, "
                + "authentication, authorization); narrow with prefix. A row per running node, or one summed row "
                + "(aggregate). Returns {data, meta}.")
        .access(Access.READ)
        .input(input)
        .output(Paging.listOf())
        .handler(
            call -> {
              Args a = call.args();
              String node = nodeOrAggregate(a);
              List<Map<String, Object>> rows =
                  node != null
                      ? List.of(withNode(node, call.emqx().nodeMetrics(node)))
                      : call.emqx().metrics(a.bool("aggregate", false));
              String prefix = a.optString("prefix");
              return new Paging.Whole<>(prefix == null ? rows : narrow(rows, prefix));
            })
        .build();
  }

  private static Map<String, Object> withNode(String node, Map<String, Object> figures) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("node", node);
    row.putAll(figures);
    return row;
  }

  /**
   * Keeps {@code node} and the counters under the prefixes; a prefix that names nothing is an
   * error.
   */
  static List<Map<String, Object>> narrow(List<Map<String, Object>> rows, String prefixes) {
    List<String> wanted =
        Arrays.stream(prefixes.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    List<Map<String, Object>> out =
        rows.stream()
            .map(
                row -> {
                  Map<String, Object> kept = new LinkedHashMap<>();
                  row.forEach(
                      (k, v) -> {
                        if (k.equals("node") || wanted.stream().anyMatch(k::startsWith)) {
                          kept.put(k, v);
                        }
                      });
                  return kept;
                })
            .toList();
    boolean none = out.stream().allMatch(r -> r.keySet().stream().allMatch("node"::equals));
    if (none && !rows.isEmpty()) {
      TreeSet<String> families = new TreeSet<>();
      rows.get(0).keySet().stream()
          .filter(k -> !k.equals("node"))
          .forEach(k -> families.add(k.split("\\.")[0] + "."));
      throw ToolException.invalid(
          "no counter starts with '"
              + prefixes
              + "'; counters start with "
              + String.join(", ", families));
    }
    return out;
  }

  private ToolSpec listAlarms() {
    Schema input =
        Paging.args(
                Schema.object()
                    .prop("activated", Schema.bool("false: cleared ones.").defaultValue(true)))
            .closed();
    return ToolSpec.builder(GROUP, "list_alarms")
        .title("List alarms")
        .description(
            "Active (or cleared) alarms: node, name, message, details, activate_at, duration (ms), deactivate_at. "
                + "Returns {data, meta}.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              return call.emqx()
                  .listAlarms(a.bool("activated", true), Paging.page(a), Paging.limit(a));
            })
        .build();
  }

  /**
   * A listener without its configuration, with each node's state; running is true, false or
   * "inconsistent".
   */
  record ListenerRow(
      String id,
      String type,
      String bind,
      Boolean enable,
      Listener.Running running,
      Long currentConnections,
      Object maxConnections,
      List<NodeState> nodes) {}

  /** A listener on one node. */
  record NodeState(String node, Listener.Running running, Long currentConnections) {}

  /** The whole list, and what is wrong with it: a listener down, or up on some nodes only. */
  record Listeners(
      @Required List<ListenerRow> data, @Required Paging.Count meta, List<Finding> findings) {}

  static ListenerRow row(Listener l) {
    Listener.Status s = l.status() == null ? new Listener.Status(null, null, null) : l.status();
    List<NodeState> nodes =
        l.nodeStatus() == null
            ? null
            : l.nodeStatus().stream()
                .map(
                    n ->
                        new NodeState(
                            n.node(),
                            n.status() == null ? null : n.status().running(),
                            n.status() == null ? null : n.status().currentConnections()))
                .toList();
    return new ListenerRow(
        l.id(),
        l.type(),
        l.bind(),
        l.enable(),
        s.running(),
        s.currentConnections(),
        s.maxConnections(),
        nodes);
  }

  private ToolSpec listListeners() {
    // The output outline is a list's (it is open: findings come with it): tools/list has a size
    // budget.
    return ToolSpec.builder(GROUP, "list_listeners")
        .title("List listeners")
        .description(
            "MQTT listeners: id, bind, enable, running (true/false/inconsistent), connections, per node; findings "
                + "flag down ones. For clients that cannot connect. Returns {data, meta, findings}.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(
            call -> {
              List<Listener> all = call.emqx().listListeners();
              List<ListenerRow> rows = all.stream().map(ClusterTools::row).toList();
              return new Listeners(
                  rows, new Paging.Count(rows.size()), io.emqx.mcp.diagnosis.Listeners.judge(all));
            })
        .build();
  }
}
