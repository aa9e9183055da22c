package io.emqx.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.emqx.EmqxTrace;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.emqx.VersionGate;
import io.emqx.mcp.mqtt.MqttException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler returned, or threw, into a tool result. This is the only place where
 * failures become results: handlers never catch, and every failure reaches the model as {@code
 * isError: true} with {@code {"error": {"code", "message", …}}} it can act on.
 */
public final class Results {

  private static final Logger LOG = LoggerFactory.getLogger(Results.class);

  private Results() {}

  /**
   * A success: the value as structured content, and as text the same JSON, compact. A list keeps
   * the contract's shape in the structured content ({@code {data: [objects], meta}}: what programs
   * parse, and what the public interface promises), and is written as columns and rows in the text
   * ({@link #compact}), which is what a model reads: 100 clients are 11 KB of text instead of 22.
   */
  public static CallToolResult ok(Object value, long startedNanos) {
    return ok(null, value, startedNanos);
  }

  /**
   * A success of {@code spec}, checked against its output schema first. The handlers build their
   * results from EMQX's answers, which the EMQX client has already checked field by field; should
   * an answer still not fit (say, a type in a record kept whole), the call fails here as an EMQX
   * failure rather than reach the client as a result that breaks the tool's promise.
   *
   * @throws ToolException {@code EMQX_UNAVAILABLE} when the result does not fit the output schema
   */
  public static CallToolResult ok(ToolSpec spec, Object value, long startedNanos) {
    Map<String, Object> structured = value == null ? null : PlainTree.toMap(value);
    if (spec != null && spec.outputSchema() != null) {
      List<String> problems =
          structured == null
              ? List.of("no result")
              : ArgumentCheck.resultProblems(spec.outputSchema(), structured);
      if (!problems.isEmpty()) {
        throw unexpected(spec, problems);
      }
    }
    return CallToolResult.builder()
        .structuredContent(structured)
        .addTextContent(write(compact(structured)))
        .isError(false)
        .meta(meta(startedNanos))
        .build();
  }

  /** The failure of a result that EMQX's answers did not let us build as promised. */
  private static ToolException unexpected(ToolSpec spec, List<String> problems) {
    List<String> shown =
        problems.stream()
            .limit(3)
            .map(p -> p.length() > 200 ? p.substring(0, 200) + "…" : p)
            .toList();
    int status = EmqxTrace.lastStatus();
    LOG.warn("{}: EMQX's answers did not fit the result: {}", spec.name(), problems);
    return new ToolException(
        ErrorCode.EMQX_UNAVAILABLE,
        "EMQX's answer"
            + (status == 0 ? "" : " (" + status + ")")
            + " did not have the shape "
            + spec.name()
            + " needs ("
            + String.join("; ", shown)
            + (problems.size() > shown.size() ? "; …" : "")
            + "): EMQX, or a proxy in front of it, sent what EMQX 5 "
            + "does not. Check that emqx.api-url points at EMQX 5's HTTP API, and retry.",
        status == 0 ? Map.of() : Map.of("http_status", status));
  }

  /** A failure, mapped to the contract's codes. */
  public static CallToolResult error(Throwable failure, ToolSpec.Call call, long startedNanos) {
    return error(describe(failure, call), startedNanos);
  }

  /** A failure already described by {@link #describe}. */
  public static CallToolResult error(ToolError error, long startedNanos) {
    return CallToolResult.builder()
        .addTextContent(write(Map.of("error", error.toJson())))
        .isError(true)
        .meta(meta(startedNanos))
        .build();
  }

  /**
   * The {@code error} object for a failure outside a tool call (a resource read): the same codes
   * and messages as a tool's.
   */
  public static ToolError describe(Throwable failure) {
    return describe(failure, null);
  }

  /** The failure as the contract describes it: code, message, and EMQX's details where any. */
  public static ToolError describe(Throwable failure, ToolSpec.Call call) {
    if (failure instanceof ToolException t) {
      return new ToolError(t.code(), t.getMessage(), t.details());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    if (failure instanceof VersionGate.Unsupported u) {
      return new ToolError(
          ErrorCode.UNSUPPORTED_BY_CLUSTER,
          u.getMessage(),
          Map.of(
              "cluster_version",
              u.facts().version(),
              "cluster_edition",
              u.facts().edition().label(),
              "requires",
              u.needs().toString()));
    }
    if (failure instanceof EmqxApiException e) {
      ErrorCode code = codeOf(e);
      if (e.httpStatus() != 0) {
        details.put("http_status", e.httpStatus());
      }
      if (e.emqxCode() != null) {
        details.put("emqx_code", e.emqxCode());
      }
      if (e.reasonCode() != null) {
        details.put("reason_code", e.reasonCode());
      }
      return new ToolError(code, e.getMessage() + hint(code, e, call), details);
    }
    if (failure instanceof MqttException m) {
      if (m.reasonCode() != null) {
        details.put("reason_code", m.reasonCode());
      }
      return new ToolError(codeOf(m), m.getMessage() + hint(m), details);
    }
    // A bug of ours, not an EMQX answer: say so, keep the details (class, frames) in our log on
    // stderr, out of the agent's context.
    LOG.error("tool {} failed unexpectedly", call == null ? "?" : call.spec().name(), failure);
    return new ToolError(
        ErrorCode.INTERNAL_ERROR,
        "internal error in emqx-mcp-server; nothing more was sent to EMQX. The server log on stderr"
            + " has the details.");
  }

  static ErrorCode codeOf(EmqxApiException e) {
    return switch (e.kind()) {
      case TIMEOUT -> ErrorCode.EMQX_TIMEOUT;
      case UNREACHABLE, TLS, BAD_RESPONSE, TOO_LARGE -> ErrorCode.EMQX_UNAVAILABLE;
      case NOT_CONFIGURED -> ErrorCode.EMQX_AUTH_FAILED;
      case READ_ONLY -> ErrorCode.READ_ONLY;
      case UNSUPPORTED -> ErrorCode.UNSUPPORTED_BY_CLUSTER;
      case HTTP -> {
        int s = e.httpStatus();
        if (e.reasonCode() != null && s < 500 || isPublishRejection(e)) {
          yield ErrorCode.EMQX_REJECTED;
        }
        if (e.isClientNotFound()) {
          yield ErrorCode.CLIENT_NOT_FOUND;
        }
        if (s == 404) {
          yield ErrorCode.NOT_FOUND;
        }
        if (s == 401) {
          yield ErrorCode.EMQX_AUTH_FAILED;
        }
        if (s == 403) {
          yield ErrorCode.EMQX_FORBIDDEN;
        }
        if (s == 501) {
          yield ErrorCode
              .EMQX_REJECTED; // NOT_IMPLEMENTED: the session kind cannot answer, retrying will not
          // help
        }
        yield s >= 500 ? ErrorCode.EMQX_UNAVAILABLE : ErrorCode.EMQX_REJECTED;
      }
    };
  }

  static ErrorCode codeOf(MqttException e) {
    return switch (e.kind()) {
      case UNREACHABLE, TLS -> ErrorCode.EMQX_UNAVAILABLE;
      case TIMEOUT, NO_REPLY -> ErrorCode.EMQX_TIMEOUT;
      case AUTH_FAILED -> ErrorCode.EMQX_AUTH_FAILED;
      case FORBIDDEN -> ErrorCode.EMQX_FORBIDDEN;
      case REJECTED -> ErrorCode.EMQX_REJECTED;
      case NO_SUBSCRIBERS -> ErrorCode.NOT_FOUND;
    };
  }

  /**
   * What a 403 from EMQX's REST API means for this route: the role it needs (a viewer key only
   * reads, a publisher key only publishes, anything else needs an administrator) and, on EMQX 6.2+,
   * the API-key scope that grants it; a namespaced key (6.1+) is also kept out of some endpoints,
   * which EMQX's own message names. Both come from {@link Route}, read from the EMQX source.
   */
  static String forbiddenHint(Route route) {
    if (route == null) {
      return ". The API key's role does not allow this; use a key with the administrator role.";
    }
    String role = route.leastRole();
    return ". "
        + route
        + " needs an API key with the "
        + (role.equals("administrator") ? "administrator role" : role + " or administrator role")
        + " and, on EMQX 6.2+, the '"
        + route.scope()
        + "' scope if the key's scopes are limited"
        + (role.equals("publisher") ? "" : " (a publisher key may only publish)")
        + "; a namespaced key (EMQX 6.1+) may be kept out of it altogether. Ask an EMQX "
        + "administrator to grant it, or use such a key.";
  }

  /** What to do next after an MQTT failure. */
  private static String hint(MqttException e) {
    return switch (e.kind()) {
      case TLS -> ". docs/tls.md lists each TLS failure and the mqtt.tls setting that fixes it.";
      case UNREACHABLE ->
          ". Check mqtt.url (EMQX_MQTT_URL) and that the broker's MQTT listener (1883, or 8883 "
              + "for ssl://) is up and reachable from this server; the next MQTT call connects again.";
      case TIMEOUT -> ". The broker was too slow (emqx.request-timeout); retry shortly.";
      case AUTH_FAILED ->
          ". Check mqtt.username and mqtt.password (EMQX_MQTT_USERNAME, EMQX_MQTT_PASSWORD).";
      case FORBIDDEN ->
          ". The broker's authorization (EMQX's ACL for this user name or client ID) denies it; "
              + "an operator can grant it in EMQX, or use a topic it allows.";
      case REJECTED -> ". Check the topic, and the broker's limits (quotas, packet size).";
      case NO_REPLY ->
          ". The request was published but no responder answered: check that it is connected "
              + "(list_clients), that it answers on the response topic with the correlation data, or allow a "
              + "longer timeout_seconds.";
      case NO_SUBSCRIBERS ->
          ". Check request_topic for a typo, and with list_clients whether the responder "
              + "is online.";
    };
  }

  /**
   * Publish's 131 (dispatch failed, bad base64), 144 (bad topic), 151 (too large): EMQX refused it.
   */
  private static boolean isPublishRejection(EmqxApiException e) {
    Integer rc = e.reasonCode();
    return rc != null && (rc == 131 || rc == 144 || rc == 151);
  }

  /**
   * EMQX's publish API answers a message bigger than {@code mqtt.max_packet_size} with 400 {@code
   * {"reason_code": 151, "message": "packet_too_large"}} (151 is quota exceeded: PUBACK has no
   * packet-too-large code), measuring topic, payload and properties (EMQX v5.8.9
   * apps/emqx_management/src/emqx_mgmt_api_publish.erl, size_limit/0; the default 1MB is in
   * apps/emqx/src/emqx_schema.erl).
   */
  private static boolean isPacketTooLarge(EmqxApiException e) {
    return Integer.valueOf(151).equals(e.reasonCode())
        || String.valueOf(e.getMessage()).contains("packet_too_large");
  }

  private static String packetTooLargeHint(ToolSpec.Call call) {
    long largest = 0;
    if (call != null) {
      List<Args> messages =
          call.args().has("messages") ? call.args().objects("messages") : List.of(call.args());
      for (Args m : messages) {
        String payload = m.optString("payload");
        if (payload != null) {
          largest =
              Math.max(
                  largest,
                  Payloads.payloadBytes(payload, "base64".equals(m.optString("payload_encoding"))));
        }
      }
    }
    return ". The message is larger than EMQX allows: its limit is the broker setting mqtt.max_packet_size "
        + "(default 1MB), which counts topic, payload and properties"
        + (largest > 0 ? "; the payload here is " + largest + " bytes" : "")
        + ". Send a smaller payload (split it into several messages), or ask the EMQX operator to raise "
        + "mqtt.max_packet_size (in the EMQX configuration, or the dashboard's MQTT settings).";
  }

  /** Where to look when EMQX has no such thing, by the route that answered 404. */
  private static final Map<Route, String> NOT_FOUND_NEXT = notFoundNext();

  private static Map<Route, String> notFoundNext() {
    String node = ". A stopped node answers 404 too; list_nodes shows the nodes and their status.";
    String retained = ". Nothing is retained on that topic; list_retained_messages shows what is.";
    String rule = ". list_rules shows the rule IDs.";
    String trace = ". list_traces shows the traces (a node name is checked too).";
    String topic =
        ". That topic is not tracked: get_topic_metrics without a topic lists those that are.";
    String queue =
        ". The client's connection just closed, or EMQX is older than 5.6 (no such API).";
    String delayed =
        ". It was published already, or deleted; list_delayed_messages shows those still waiting.";
    return Map.ofEntries(
        Map.entry(Route.GET_NODE, node),
        Map.entry(Route.NODE_STATS, node),
        Map.entry(Route.NODE_METRICS, node),
        Map.entry(Route.NODE_MONITOR_CURRENT, node),
        Map.entry(Route.GET_RETAINED, retained),
        Map.entry(Route.DELETE_RETAINED, retained),
        Map.entry(Route.GET_RULE, rule),
        Map.entry(Route.RULE_METRICS, rule),
        Map.entry(
            Route.UNBAN, ". There is no such ban; list_banned shows them with as and who exactly."),
        Map.entry(Route.AUTHN_STATUS, ". list_authn_sources shows the authenticators."),
        Map.entry(Route.AUTHZ_STATUS, ". list_authz_sources shows the sources configured."),
        Map.entry(Route.STOP_TRACE, trace),
        Map.entry(Route.DELETE_TRACE, trace),
        Map.entry(Route.TRACE_LOG_DETAIL, trace),
        Map.entry(Route.TRACE_LOG, trace),
        Map.entry(Route.GET_TOPIC_METRICS, topic),
        Map.entry(Route.UNTRACK_TOPIC_METRICS, topic),
        Map.entry(Route.CLIENT_MQUEUE, queue),
        Map.entry(Route.CLIENT_INFLIGHT, queue),
        Map.entry(Route.GET_DELAYED, delayed),
        Map.entry(Route.DELETE_DELAYED, delayed));
  }

  /** What EMQX's refusals of the admin tools mean, by its code. */
  private static String rejectedHint(EmqxApiException e, ToolSpec.Call call) {
    String code = e.emqxCode() == null ? "" : e.emqxCode();
    if (code.equals("ALREADY_EXISTS") && Route.BAN == e.route()) {
      return ". That ban already exists (shown above); unban_client lifts it, to ban again with other terms.";
    }
    return switch (code) {
      case "ALREADY_EXISTS" ->
          ". A trace of that name exists: pick another name, or delete_trace it first.";
      case "DUPLICATE_CONDITION" ->
          ". A trace of the same filter started this very second: list_traces shows it.";
      case "INVALID_PARAMS" ->
          String.valueOf(e.getMessage()).contains("maximum")
              ? ". EMQX keeps 30 traces: delete_trace some that list_traces shows."
              : "";
      case "EXCEED_LIMIT" -> ". EMQX tracks at most 512 topics: untrack_topic_metrics some first.";
      case "BAD_TOPIC" ->
          ". get_topic_metrics lists the tracked topics; wildcards cannot be tracked.";
      case "NOT_IMPLEMENTED" -> ". EMQX does not list the queues of durable (persistent) sessions.";
      default -> isPacketTooLarge(e) ? packetTooLargeHint(call) : "";
    };
  }

  /** What to do next, for the codes where there is something better than retrying. */
  private static String hint(ErrorCode code, EmqxApiException e, ToolSpec.Call call) {
    String clientid = call == null ? null : call.args().optString("clientid");
    return switch (code) {
      case CLIENT_NOT_FOUND ->
          clientid == null
              ? ""
              : ". No client '"
                  + clientid
                  + "' is connected or has a "
                  + "session; it may have disconnected with a clean session. Search with list_clients "
                  + "like_clientid to find similar IDs.";
      case EMQX_AUTH_FAILED ->
          e.kind() == EmqxApiException.Kind.NOT_CONFIGURED
              ? ""
              : ". Check EMQX_API_KEY and EMQX_API_SECRET: the key may be wrong, disabled or expired.";
      case EMQX_FORBIDDEN -> forbiddenHint(e.route());
      case EMQX_TIMEOUT -> ". Retry, or narrow the request (a smaller limit or a filter).";
      case NOT_FOUND -> NOT_FOUND_NEXT.getOrDefault(e.route(), "");
      case EMQX_REJECTED -> rejectedHint(e, call);
      case EMQX_UNAVAILABLE ->
          e.kind() == EmqxApiException.Kind.TLS
              ? "" // the message names the TLS setting to change
              : e.kind() == EmqxApiException.Kind.TOO_LARGE
                  ? ". Ask for less (a smaller limit, or a filter), or raise emqx.max-response-size if answers this large "
                      + "are expected."
                  : e.kind() == EmqxApiException.Kind.BAD_RESPONSE
                      ? ". EMQX, or a proxy in front of it, sent what EMQX 5 does not: check that emqx.api-url points at "
                          + "EMQX 5's HTTP API, and retry."
                      : "NODE_DOWN".equals(e.emqxCode())
                          ? ". The node named in 'node' is not running or not in the cluster; list_nodes shows the nodes."
                          : e.httpStatus() >= 500
                              ? ". EMQX had an internal problem; retry shortly, "
                                  + "and check the cluster with its dashboard if it persists."
                              : ". Check emqx.api-url and that "
                                  + "EMQX's dashboard listener (port 18083 by default) is up.";
      default -> "";
    };
  }

  private static Map<String, Object> meta(long startedNanos) {
    double ms = (System.nanoTime() - startedNanos) / 1_000_000.0;
    return Map.of("duration_ms", Math.round(ms * 100) / 100.0);
  }

  /**
   * The text of a list: {@code {data: [objects], meta, …}} becomes {@code {columns: [names], data:
   * [[values]], meta, …}} (pandas' "split" orientation), each row's values in the order of {@code
   * columns}. The columns are the keys of the objects in the order first seen, leaving out a key
   * that no row has a value for (a page of connected clients has no {@code disconnected_at}); a row
   * without a column's key holds null there. Values inside a row (lists, objects) are kept as they
   * are. Anything else is returned unchanged.
   */
  static Map<String, Object> compact(Map<String, Object> structured) {
    if (structured == null
        || !(structured.get("data") instanceof List<?> data)
        || !structured.containsKey("meta")
        || !data.stream().allMatch(Map.class::isInstance)) {
      return structured;
    }
    Set<String> columns = new LinkedHashSet<>();
    data.forEach(
        row ->
            ((Map<?, ?>) row)
                .forEach(
                    (k, v) -> {
                      if (v != null) {
                        columns.add(k.toString());
                      }
                    }));
    List<List<Object>> rows = new ArrayList<>(data.size());
    for (Object row : data) {
      List<Object> values = new ArrayList<>(columns.size());
      columns.forEach(c -> values.add(((Map<?, ?>) row).get(c)));
      rows.add(values);
    }
    Map<String, Object> compact = new LinkedHashMap<>();
    compact.put("columns", List.copyOf(columns));
    structured.forEach((k, v) -> compact.put(k, k.equals("data") ? rows : v));
    return compact;
  }

  static String write(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write tool result", e);
    }
  }
}
