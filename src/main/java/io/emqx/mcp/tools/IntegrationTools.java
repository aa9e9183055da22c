package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.Parallel;
import io.emqx.mcp.emqx.model.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tools over data integration (EMQX 5's connectors, and the actions and sources built on them):
 * what is configured, whether it is connected, and how many messages it moved or dropped.
 * Read-only; rules are switched on and off by {@code set_rule_enabled}.
 */
final class IntegrationTools {

  private static final Toolset GROUP = Toolset.INTEGRATION;

  /** The metrics of an action or source worth a row: the rest are breakdowns of these. */
  private static final List<String> METRICS =
      List.of("matched", "success", "failed", "dropped", "queuing", "inflight", "received", "rate");

  List<ToolSpec> specs() {
    return List.of(listConnectors(), listBridges(false), listBridges(true));
  }

  /**
   * A connector in a list; node_status only when the nodes disagree; namespace from EMQX 6.1 (null:
   * global).
   */
  record ConnectorRow(
      Object namespace,
      String type,
      String name,
      Object enable,
      Object status,
      Object statusReason,
      Object nodeStatus,
      Object actions,
      Object sources,
      Object description) {
    static ConnectorRow of(Map<String, Object> c) {
      return new ConnectorRow(
          c.get("namespace"),
          (String) c.get("type"),
          (String) c.get("name"),
          c.get("enable"),
          c.get("status"),
          c.get("status_reason"),
          "inconsistent".equals(c.get("status")) ? c.get("node_status") : null,
          c.get("actions"),
          c.get("sources"),
          c.get("description"));
    }
  }

  private ToolSpec listConnectors() {
    return ToolSpec.builder(GROUP, "list_connectors")
        .title("List connectors")
        .description(
            "Connectors (HTTP, MQTT, Kafka, databases…): type, name, enable, status (connected, connecting, "
                + "disconnected, inconsistent), status_reason, and the actions and sources using each.")
        .access(Access.READ)
        .input(Namespaces.listArg(Paging.args(Schema.object())).closed())
        .output(Paging.pageOf())
        .handler(
            call ->
                Paging.slice(
                    call.emqx().admin().listConnectors(Namespaces.of(call.args())).stream()
                        .map(ConnectorRow::of)
                        .toList(),
                    Paging.page(call.args()),
                    Paging.limit(call.args())))
        .build();
  }

  /** An action or source with its summed metrics; metrics_error when they could not be read. */
  record BridgeRow(
      Object namespace,
      String id,
      String type,
      String name,
      Object connector,
      Object enable,
      Object status,
      Object statusReason,
      Object rules,
      Map<String, Object> metrics,
      String metricsError) {}

  private ToolSpec listBridges(boolean sources) {
    String noun = sources ? "source" : "action";
    return ToolSpec.builder(GROUP, sources ? "list_sources" : "list_actions")
        // /actions: emqx_bridge_v2_api.erl from v5.4.0; /sources from v5.5.0.
        .requires(sources ? "5.5" : "5.4")
        .title(sources ? "List sources" : "List actions")
        .description(
            (sources
                    ? "Sources (data flowing into EMQX from outside)"
                    : "Actions (where rules send data)")
                + ": id, connector, enable, status, status_reason, rules, and metrics summed over the nodes: matched, "
                + "success, failed, dropped, queuing, inflight, received, rate.")
        .access(Access.READ)
        .input(Namespaces.listArg(Paging.args(Schema.object())).closed())
        .output(Paging.pageOf())
        .handler(
            call -> {
              Page<Map<String, Object>> page =
                  Paging.slice(
                      call.emqx().admin().listBridges(sources, Namespaces.of(call.args())),
                      Paging.page(call.args()),
                      Paging.limit(call.args()));
              // One metrics call per row on the page, side by side; a failed one is reported on its
              // row. Each in the row's own namespace: without a namespace argument EMQX 6.1+ lists
              // every namespace's, and a metrics call without ns would look in the global one.
              List<CompletableFuture<Parallel.Outcome<Map<String, Object>>>> metrics =
                  new ArrayList<>();
              page.data()
                  .forEach(
                      b ->
                          metrics.add(
                              Parallel.attempt(
                                  () ->
                                      call.emqx()
                                          .admin()
                                          .bridgeMetrics(
                                              sources,
                                              id(b),
                                              b.get("namespace") instanceof String ns
                                                  ? ns
                                                  : null))));
              List<BridgeRow> rows = new ArrayList<>();
              for (int i = 0; i < page.data().size(); i++) {
                Map<String, Object> b = page.data().get(i);
                Parallel.Outcome<Map<String, Object>> m = Parallel.join(metrics.get(i));
                rows.add(
                    new BridgeRow(
                        b.get("namespace"),
                        id(b),
                        (String) b.get("type"),
                        (String) b.get("name"),
                        b.get("connector"),
                        b.get("enable"),
                        b.get("status"),
                        b.get("status_reason"),
                        b.get("rules"),
                        m.ok() ? compact(m.value()) : null,
                        m.ok() ? null : "the " + noun + "'s metrics: " + m.failure().getMessage()));
              }
              return new Page<>(rows, page.meta());
            })
        .build();
  }

  /** EMQX names an action or source {@code type:name} in its API paths. */
  static String id(Map<String, Object> b) {
    return b.get("type") + ":" + b.get("name");
  }

  private static Map<String, Object> compact(Map<String, Object> answer) {
    Map<?, ?> summed = (Map<?, ?>) answer.get("metrics");
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    METRICS.forEach(
        k -> {
          if (summed.containsKey(k)) {
            out.put(k, summed.get(k));
          }
        });
    return out;
  }
}
