package io.emqx.mcp.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.emqx.Parallel.Outcome;
import io.emqx.mcp.emqx.model.Alarm;
import io.emqx.mcp.emqx.model.MemorySize;
import io.emqx.mcp.emqx.model.NodeInfo;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Judges a cluster from what EMQX reports: nodes, active alarms, aggregated stats and metrics. Pure
 * and deterministic: the same answers give the same verdict, so every rule below is tested.
 *
 * <p>Verdict: {@code down} when EMQX's API does not answer or no node runs; {@code degraded} when
 * any finding is critical or a warning; {@code healthy} otherwise. Metrics are counters since each
 * node started, so they are judged as ratios, never as rates.
 */
public final class ClusterHealth {

  /** Memory use that warrants a warning, and a critical finding (percent of the node's total). */
  static final double MEMORY_WARNING = 80;

  static final double MEMORY_CRITICAL = 90;

  /** Share of published messages that reached no subscriber worth a note (counters since start). */
  static final double NO_SUBSCRIBER_NOTE = 0.01;

  /** Authentication failures among all attempts that warrant a warning, with at least this many. */
  static final double AUTH_FAILURE_WARNING = 0.10;

  static final long AUTH_FAILURE_MIN = 10;

  /**
   * Key figures of the aggregated stats shown in every report (and in the cluster overview
   * resource).
   */
  public static final List<String> FIGURES =
      List.of(
          "connections.count",
          "live_connections.count",
          "sessions.count",
          "subscriptions.count",
          "subscriptions.shared.count",
          "topics.count",
          "retained.count");

  private ClusterHealth() {}

  /** The node tally. */
  public record Nodes(int running, int stopped, List<String> stoppedNodes) {}

  /** The report: verdict, one-line summary, node tally, key figures and findings, worst first. */
  public record Report(
      @Required Verdict verdict,
      @Required String summary,
      Nodes nodes,
      Map<String, Object> figures,
      @Required List<Finding> findings) {}

  /** The cluster's state, as the tool's {@code verdict} spells it. */
  public enum Verdict {
    HEALTHY,
    DEGRADED,
    DOWN;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @throws EmqxApiException when the nodes call failed for a reason that says nothing about the
   *     cluster (bad credentials, a forbidden key, a wrong URL): that is the tool's error to report
   */
  public static Report judge(
      Outcome<List<NodeInfo>> nodes,
      Outcome<Page<Alarm>> alarms,
      Outcome<List<Map<String, Object>>> stats,
      Outcome<List<Map<String, Object>>> metrics) {
    if (!nodes.ok()) {
      EmqxApiException e = nodes.failure();
      if (!isOutage(e)) {
        throw e;
      }
      Finding f =
          Finding.critical(
              "EMQX's API does not answer",
              e.getMessage(),
              "Check that the EMQX nodes are "
                  + "up (emqx ctl status on the hosts) and that emqx.api-url reaches the dashboard listener (port 18083).");
      return new Report(Verdict.DOWN, "down: " + f.title(), null, Map.of(), List.of(f));
    }
    List<Finding> findings = new ArrayList<>();
    Nodes tally = judgeNodes(nodes.value(), findings);
    if (tally.running() == 0) {
      findings.add(
          0,
          Finding.critical(
              "No node is running",
              tally.stopped()
                  + " node(s) listed, all stopped: "
                  + String.join(", ", tally.stoppedNodes()),
              "Start the EMQX nodes (emqx start) and check their logs."));
      return new Report(
          Verdict.DOWN, "down: no node is running", tally, Map.of(), Finding.ordered(findings));
    }
    judgeAlarms(alarms, findings);
    Map<String, Object> figures = figures(stats, findings);
    judgeMetrics(metrics, findings);
    List<Finding> ordered = Finding.ordered(findings);
    boolean degraded =
        Finding.any(ordered, Finding.Severity.CRITICAL)
            || Finding.any(ordered, Finding.Severity.WARNING);
    String summary =
        degraded
            ? "degraded: " + Finding.headline(ordered)
            : "healthy: " + tally.running() + " node(s) running, no active alarm";
    return new Report(
        degraded ? Verdict.DEGRADED : Verdict.HEALTHY, summary, tally, figures, ordered);
  }

  /** No answer, a timeout, an unreadable answer or a 5xx: EMQX itself is in trouble. */
  static boolean isOutage(EmqxApiException e) {
    return switch (e.kind()) {
      case UNREACHABLE, TIMEOUT, BAD_RESPONSE -> true;
      case HTTP -> e.httpStatus() >= 500;
      default -> false;
    };
  }

  private static Nodes judgeNodes(List<NodeInfo> nodes, List<Finding> findings) {
    List<String> stopped = new ArrayList<>();
    TreeSet<String> versions = new TreeSet<>();
    int running = 0;
    for (NodeInfo n : nodes) {
      if (!n.running()) {
        stopped.add(n.node());
        findings.add(
            Finding.critical(
                "Node " + n.node() + " is " + n.nodeStatus(),
                "GET /nodes lists "
                    + n.node()
                    + " (role "
                    + n.role()
                    + ") with node_status "
                    + n.nodeStatus()
                    + "; its clients and sessions are gone or moved to other nodes.",
                "Check the host and EMQX's log on "
                    + n.node()
                    + ", then start it (emqx start). If it was removed "
                    + "for good, take it out of the cluster (emqx ctl cluster force-leave "
                    + n.node()
                    + ")."));
        continue;
      }
      running++;
      if (n.version() != null) {
        versions.add(n.version());
      }
      Double memory = MemorySize.percent(n.memoryUsed(), n.memoryTotal());
      if (memory != null && memory >= MEMORY_WARNING) {
        String title = "Node " + n.node() + " uses " + memory + "% of its memory";
        String evidence = "memory_used " + n.memoryUsed() + " of memory_total " + n.memoryTotal();
        String next =
            "Look for memory growth (large queues: get_metrics prefix=delivery.dropped; many sessions: "
                + "get_stats). Add memory or nodes, or lower mqueue limits.";
        findings.add(
            memory >= MEMORY_CRITICAL
                ? Finding.critical(title, evidence, next)
                : Finding.warning(title, evidence, next));
      }
    }
    if (versions.size() > 1) {
      findings.add(
          Finding.warning(
              "Nodes run different EMQX versions",
              "versions: " + String.join(", ", versions),
              "Finish the rolling upgrade: mixed versions are only meant to last while nodes are upgraded one by one."));
    }
    return new Nodes(running, stopped.size(), List.copyOf(stopped));
  }

  private static void judgeAlarms(Outcome<Page<Alarm>> alarms, List<Finding> findings) {
    if (!alarms.ok()) {
      findings.add(
          Finding.warning(
              "Alarms could not be read",
              alarms.failure().getMessage(),
              "Retry list_alarms; the verdict leaves out active alarms until then."));
      return;
    }
    for (Alarm a : alarms.value().data()) {
      findings.add(
          Finding.warning(
              "Alarm " + a.name() + " on " + a.node(),
              a.message()
                  + (a.details() == null || a.details().isEmpty() ? "" : " " + json(a.details()))
                  + (a.activateAt() == null ? "" : "; active since " + a.activateAt()),
              Alarms.nextStep(a.name())));
    }
    Page.Meta meta = alarms.value().meta();
    if (Boolean.TRUE.equals(meta.hasnext())) {
      findings.add(
          Finding.info(
              "More alarms than shown",
              meta.count() == null
                  ? "the first page only"
                  : meta.count() + " active alarms, " + alarms.value().data().size() + " shown",
              "list_alarms pages through them."));
    }
  }

  private static Map<String, Object> figures(
      Outcome<List<Map<String, Object>>> stats, List<Finding> findings) {
    Map<String, Object> figures = new LinkedHashMap<>();
    if (!stats.ok() || stats.value().isEmpty()) {
      findings.add(
          Finding.info(
              "Stats could not be read",
              stats.ok() ? "GET /stats answered nothing" : stats.failure().getMessage(),
              "Retry get_stats."));
      return figures;
    }
    Map<String, Object> s = stats.value().get(0);
    FIGURES.forEach(
        k -> {
          if (s.get(k) != null) {
            figures.put(k, s.get(k));
          }
        });
    return figures;
  }

  private static void judgeMetrics(
      Outcome<List<Map<String, Object>>> metrics, List<Finding> findings) {
    if (!metrics.ok() || metrics.value().isEmpty()) {
      findings.add(
          Finding.info(
              "Metrics could not be read",
              metrics.ok() ? "GET /metrics answered nothing" : metrics.failure().getMessage(),
              "Retry get_metrics."));
      return;
    }
    Counters m = new Counters(metrics.value().get(0));
    // qos0_msg: QoS 0 messages dropped because a full queue had no room for them.
    long queueFull = m.get("delivery.dropped.queue_full") + m.get("delivery.dropped.qos0_msg");
    long tooLarge = m.get("delivery.dropped.too_large");
    long dropped = m.get("delivery.dropped");
    if (dropped > 0) {
      String evidence = "delivery.dropped " + dropped + m.breakdown("delivery.dropped.");
      String next =
          queueFull > 0
              ? "Clients do not take messages as fast as they arrive: their queues fill and overflow. Find them "
                  + "(list_clients shows mqueue_len) and run diagnose_client on them."
              : "See which reason dominates; too_large means payloads exceed clients' Maximum Packet Size.";
      findings.add(
          queueFull > 0 || tooLarge > 0
              ? Finding.warning(dropped + " deliveries to subscribers were dropped", evidence, next)
              : Finding.info(dropped + " deliveries to subscribers were dropped", evidence, next));
    }
    long received = m.get("messages.received");
    long noSubscriber = m.get("messages.dropped.no_subscribers");
    if (received > 0 && noSubscriber >= received * NO_SUBSCRIBER_NOTE) {
      findings.add(
          Finding.info(
              percent(noSubscriber, received) + " of published messages reached no subscriber",
              "messages.dropped.no_subscribers "
                  + noSubscriber
                  + " of messages.received "
                  + received,
              "Normal for telemetry nobody watches; otherwise publishers and subscribers may disagree on topic "
                  + "names: compare list_topics with what is published, or diagnose_client with the topic."));
    }
    long authFailed = m.get("authentication.failure");
    long authAll = authFailed + m.get("authentication.success");
    if (authFailed >= AUTH_FAILURE_MIN && authFailed >= authAll * AUTH_FAILURE_WARNING) {
      findings.add(
          Finding.warning(
              percent(authFailed, authAll) + " of authentication attempts failed",
              "authentication.failure " + authFailed + " of " + authAll,
              "Check for devices with wrong credentials or expired certificates, or a broken authentication backend."));
    }
    long denied = m.get("authorization.deny");
    if (denied > 0) {
      findings.add(
          Finding.info(
              denied + " publish/subscribe requests were denied by authorization",
              "authorization.deny " + denied + " of " + (denied + m.get("authorization.allow")),
              "A client whose subscription was denied receives nothing on that topic; check the ACL rules for it."));
    }
    long overload = m.sum("overload_protection.");
    if (overload > 0) {
      findings.add(
          Finding.warning(
              "Overload protection has acted " + overload + " time(s)",
              "overload_protection counters" + m.breakdown("overload_protection."),
              "The node sheds load (delays or refuses work): add capacity or reduce traffic."));
    }
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  static String percent(long part, long whole) {
    return Math.round(part * 1000.0 / whole) / 10.0 + "%";
  }

  /** Counters of one metrics row, 0 when absent. */
  private record Counters(Map<String, Object> row) {
    long get(String key) {
      return row.get(key) instanceof Number n ? n.longValue() : 0;
    }

    long sum(String prefix) {
      return row.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix) && e.getValue() instanceof Number)
          .mapToLong(e -> ((Number) e.getValue()).longValue())
          .sum();
    }

    /** " (a 1, b 2)" for the non-zero counters under the prefix. */
    String breakdown(String prefix) {
      List<String> parts = new ArrayList<>();
      row.forEach(
          (k, v) -> {
            if (k.startsWith(prefix) && v instanceof Number n && n.longValue() > 0) {
              parts.add(k.substring(prefix.length()) + " " + n);
            }
          });
      return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
  }
}
