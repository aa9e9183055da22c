package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.AdminApi;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tools over EMQX's log traces: trace one client, topic filter or IP for a bounded time, read the
 * end of its log, stop and delete it. EMQX keeps at most 30 traces and writes their logs to each
 * node's disk (emqx_trace.erl at v5.8.9).
 */
final class TraceTools {

  private static final Toolset GROUP = Toolset.OBSERVABILITY;

  /** EMQX's own name rule (emqx_mgmt_api_trace validate_name/1, v5.8.9). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,255}");

  /**
   * Longest trace this server starts: an hour of debug logging is plenty for a diagnosis, and
   * bounds the disk used.
   */
  static final int MAX_SECONDS = 3600;

  static final int DEFAULT_SECONDS = 600;

  /** The most of a log one call returns. */
  static final int MAX_TAIL = 65_536;

  static final int DEFAULT_TAIL = 8192;
  static final String LAZY =
      "EMQX writes trace logs in batches: lines of the last few seconds may not be in the "
          + "file yet; read again shortly for them.";
  private static final List<String> KINDS = List.of("clientid", "topic", "ip_address");

  List<ToolSpec> specs() {
    return List.of(startTrace(), listTraces(), getTraceLog(), stopTrace(), deleteTrace());
  }

  private static Schema name(String what) {
    return Schema.string(what).length(1, 256);
  }

  private static String checkedName(Args a) {
    String name = a.string("name");
    if (!NAME.matcher(name).matches()) {
      throw ToolException.invalid(
          "'name' must start with a letter and hold only letters, digits, '-' and '_' "
              + "(EMQX's rule), got '"
              + name
              + "'");
    }
    return name;
  }

  /** A trace as listed or started; namespace from EMQX 6.1 (null: global). */
  record TraceRow(
      Object namespace,
      String name,
      String type,
      String filter,
      String status,
      String startAt,
      String endAt,
      String payloadEncode,
      Long logBytes) {}

  static TraceRow row(Map<String, Object> t) {
    String type = (String) t.get("type");
    Object sizes = t.get("log_size");
    Long bytes =
        sizes instanceof Map<?, ?> m
            ? m.values().stream().mapToLong(v -> ((Number) v).longValue()).sum()
            : null;
    return new TraceRow(
        t.get("namespace"),
        (String) t.get("name"),
        type,
        t.get(type) == null ? null : String.valueOf(t.get(type)),
        (String) t.get("status"),
        (String) t.get("start_at"),
        (String) t.get("end_at"),
        (String) t.get("payload_encode"),
        bytes);
  }

  /** The result of a start. */
  record Started(
      String name,
      String type,
      String filter,
      String status,
      String startAt,
      String endAt,
      String payloadEncode,
      String message) {}

  private ToolSpec startTrace() {
    Schema input =
        Schema.object()
            .required("name", name("Trace name: letter first, then letters, digits, - or _."))
            .prop("clientid", ClientTools.clientid("Trace this client ID."))
            .prop(
                "topic",
                Schema.string("Or this topic filter (wildcards allowed).").length(1, 65535))
            .prop("ip_address", Schema.string("Or this client IP.").length(2, 45))
            .prop(
                "duration_seconds",
                Schema.integer("How long, from now.")
                    .range(10, MAX_SECONDS)
                    .defaultValue(DEFAULT_SECONDS))
            .prop(
                "payload_encode",
                Schema.string("Payloads in the log as text, hex or hidden.")
                    .oneOf("text", "hex", "hidden")
                    .defaultValue("text"));
    input = Namespaces.arg(input).closed();
    return ToolSpec.builder(GROUP, "start_trace")
        .title("Start a trace")
        .description(
            "Log everything EMQX does for one client ID, topic filter or IP (give exactly one) for up to "
                + MAX_SECONDS
                + " s: connects, subscribes, each message. get_trace_log reads it. EMQX keeps 30 traces.")
        .access(Access.WRITE)
        .idempotent(false)
        .input(input)
        .output(Started.class, "name", "status")
        .topics(ToolSpec.TopicArg.subscribe("topic"))
        .handler(
            call -> {
              Args a = call.args();
              String name = checkedName(a);
              List<String> given = KINDS.stream().filter(a::has).toList();
              if (given.size() != 1) {
                throw ToolException.invalid(
                    "give exactly one of 'clientid', 'topic' or 'ip_address' to trace"
                        + (given.isEmpty() ? "" : ", got " + String.join(" and ", given)));
              }
              String type = given.get(0);
              String filter = a.string(type);
              if (type.equals("ip_address") && !IpLiteral.isValid(filter)) {
                throw ToolException.invalid(
                    "'ip_address' must be an IPv4 or IPv6 address without a port, got '"
                        + filter
                        + "'");
              }
              int seconds = a.integer("duration_seconds", DEFAULT_SECONDS);
              Instant end = Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
              Map<String, Object> request = new LinkedHashMap<>();
              request.put("name", name);
              request.put("type", type);
              request.put(type, filter);
              request.put("end_at", end.toString());
              request.put("payload_encode", a.string("payload_encode", "text"));
              Map<String, Object> t =
                  call.emqx().admin().startTrace(request, Namespaces.of(call.args()));
              // EMQX's answer repeats start_at as end_at (format_trace/1 at v5.8.9): the end is the
              // one we asked for.
              TraceRow r = row(t);
              return new Started(
                  r.name(),
                  type,
                  filter,
                  r.status(),
                  r.startAt(),
                  end.toString(),
                  r.payloadEncode(),
                  "Tracing "
                      + type
                      + " '"
                      + filter
                      + "' until "
                      + end
                      + ". get_trace_log reads it; stop_trace ends it "
                      + "early.");
            })
        .build();
  }

  private ToolSpec listTraces() {
    return ToolSpec.builder(GROUP, "list_traces")
        .title("List traces")
        .description(
            "Every trace (EMQX keeps 30), newest first: name, type, filter, status (waiting, running, stopped), "
                + "start_at, end_at, payload_encode, log_bytes over all nodes.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(
            call ->
                new Paging.Whole<>(
                    call.emqx().admin().listTraces().stream().map(TraceTools::row).toList()))
        .build();
  }

  /** The end of a trace's log on one node. */
  record Tail(
      String name,
      String node,
      String log,
      boolean truncated,
      long fromByte,
      long size,
      List<AdminApi.LogFile> files,
      String note) {}

  private ToolSpec getTraceLog() {
    Schema input =
        Schema.object()
            .required("name", name("Trace name."))
            .prop(
                "node",
                Schema.string("Node whose log to read; default the largest.").length(1, 255))
            .prop(
                "bytes",
                Schema.integer("At most this much of the end.")
                    .range(256, MAX_TAIL)
                    .defaultValue(DEFAULT_TAIL))
            .closed();
    return ToolSpec.builder(GROUP, "get_trace_log")
        // /trace/:name/log_detail: emqx_mgmt_api_trace.erl from v5.1.0.
        .requires("5.1")
        .title("Read the end of a trace log")
        .description(
            "The last lines of a trace's log on one node (each node logs what it sees): {log, truncated (older lines "
                + "left out), size, files per node}. EMQX writes logs in batches: the newest lines may lag.")
        .access(Access.READ)
        .input(input)
        .output(Tail.class, "log", "truncated")
        .handler(
            call -> {
              Args a = call.args();
              String name = checkedName(a);
              int bytes = a.integer("bytes", DEFAULT_TAIL);
              List<AdminApi.LogFile> files = call.emqx().admin().traceLogFiles(name);
              String node = a.optString("node");
              AdminApi.LogFile file =
                  files.stream()
                      .filter(f -> node == null || f.node().equals(node))
                      .max(Comparator.comparingLong(AdminApi.LogFile::size))
                      .orElse(null);
              if (file == null) {
                String where = node == null ? "any node" : "node " + node;
                return new Tail(
                    name,
                    node,
                    "",
                    false,
                    0,
                    0,
                    files,
                    "No log file on " + where + " yet. " + LAZY);
              }
              long from = Math.max(0, file.size() - bytes);
              String text = call.emqx().admin().traceLog(name, file.node(), from, bytes).items();
              boolean truncated = from > 0;
              if (truncated) {
                // The read starts mid-line: the partial first line is dropped.
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1);
              }
              return new Tail(name, file.node(), text, truncated, from, file.size(), files, LAZY);
            })
        .build();
  }

  /** The result of a stop or a delete. */
  record Done(String name, String message) {}

  private ToolSpec stopTrace() {
    return ToolSpec.builder(GROUP, "stop_trace")
        .title("Stop a trace")
        .description(
            "Stop a trace before its end; its log stays readable until delete_trace. NOT_FOUND: list_traces.")
        .access(Access.WRITE)
        .idempotent(true)
        .input(Schema.object().required("name", name("Trace name.")).closed())
        .output(Done.class, "name")
        .handler(
            call -> {
              String name = checkedName(call.args());
              call.emqx().admin().stopTrace(name);
              return new Done(
                  name, "Trace '" + name + "' is stopped; its log stays until delete_trace.");
            })
        .build();
  }

  private ToolSpec deleteTrace() {
    return ToolSpec.builder(GROUP, "delete_trace")
        .title("Delete a trace")
        .description(
            "Delete a trace and its log files on every node (frees one of EMQX's 30 trace slots).")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(Schema.object().required("name", name("Trace name.")).closed())
        .output(Done.class, "name")
        .handler(
            call -> {
              String name = checkedName(call.args());
              call.emqx().admin().deleteTrace(name);
              return new Done(name, "Trace '" + name + "' and its logs were deleted.");
            })
        .build();
  }
}
