package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /trace}, as {@code emqx_mgmt_api_trace.erl} and {@code emqx_trace.erl} of EMQX v5.8.9
 * answer: at most 30 traces, names {@code ^[A-Za-z]+[A-Za-z0-9-_]*$}, a 10-minute default, 404
 * bodies {@code "<name> NOT FOUND"}, and the log read from a byte position. The create answer
 * repeats {@code start_at} as {@code end_at}, as format_trace/1 there does.
 */
final class TraceApi {
  static final int MAX_TRACES = 30;
  private static final Pattern NAME = Pattern.compile("^[A-Za-z]+[A-Za-z0-9-_]*$");
  private static final Set<String> TYPES = Set.of("clientid", "topic", "ip_address", "ruleid");
  private static final Set<String> ENCODINGS = Set.of("hex", "text", "hidden");

  /** The node that serves the API: a log read without {@code node} reads this one's file. */
  private static final String LOCAL_NODE = "emqx@10.0.0.11";

  private static final long MAX_SINT32 = Integer.MAX_VALUE;

  private final ClusterState state;

  TraceApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put(
        "trace.list",
        c -> {
          // The route's filter resolves ns on every method (emqx_mgmt_api_trace.erl filter/2,
          // release-63); a GET then lists every trace for a global administrator.
          NamespaceScope.ofOne(state, c);
          return state.locked(this::list);
        });
    ops.put("trace.create", this::create);
    ops.put("trace.stop", this::stop);
    ops.put("trace.delete", this::delete);
    // trace(delete): emqx_trace:clear/0 empties the table; 204.
    ops.put(
        "trace.clear",
        c ->
            state.locked(
                s -> {
                  s.admin().traces.clear();
                  return Reply.noContent();
                }));
    ops.put("trace.logDetail", this::logDetail);
    ops.put("trace.log", this::log);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static ApiError notFound(String what) {
    return ApiError.of(404, "NOT_FOUND", what + " NOT FOUND");
  }

  /** The path's name is checked by the schema (validate_name/1) before the handler runs. */
  private static String name(Call call) {
    String name = call.path("name");
    if (name.isEmpty() || name.length() > 256) {
      throw ApiError.validation("name", "Name Length must =< 256", name);
    }
    if (!NAME.matcher(name).find()) {
      throw ApiError.validation("name", "Name should be ^[A-Za-z]+[A-Za-z0-9-_]*$", name);
    }
    return name;
  }

  private AdminState.Trace find(ClusterState s, String name) {
    AdminState.Trace t = s.admin().traces.get(name);
    if (t == null) {
      throw notFound(name);
    }
    return t;
  }

  /** trace(get): newest first, the filter under its type's key, log_size per running node. */
  private Reply list(ClusterState s) {
    long now = now();
    ArrayNode out = Json.array();
    s.admin().traces.values().stream()
        .sorted(Comparator.comparingLong((AdminState.Trace t) -> t.startAt).reversed())
        .forEach(
            t -> {
              ObjectNode sizes = Json.object();
              ClientsApi.RUNNING_NODES.stream()
                  .sorted()
                  .forEach(n -> sizes.put(n, bytes(t.logs.get(n)).length));
              out.add(shown(render(t, Times.seconds(t.endAt), sizes, now), t));
            });
    return Reply.ok(out);
  }

  private static ObjectNode render(AdminState.Trace t, String endAt, ObjectNode sizes, long now) {
    ObjectNode o =
        Json.object()
            .put("name", t.name)
            .put("type", t.type)
            .put(t.type, t.filter)
            .put("payload_encode", t.payloadEncode)
            .put("formatter", t.formatter)
            .put("start_at", Times.seconds(t.startAt))
            .put("end_at", endAt)
            .put("status", t.status(now));
    o.set("log_size", sizes);
    return o;
  }

  /**
   * From 6.1 a trace shows the namespace it was created in, null for a global one (format_trace/3
   * in emqx_mgmt_api_trace.erl, release-61 and release-63).
   */
  private ObjectNode shown(ObjectNode rendered, AdminState.Trace t) {
    if (state.atLeast(6, 1)) {
      rendered.put("namespace", t.namespace);
    }
    return rendered;
  }

  private Reply create(Call call) {
    NamespaceScope scope = NamespaceScope.ofOne(state, call);
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    String name = Json.text(body, "name");
    if (name == null) {
      throw ApiError.validation("root.name", "required_field", null);
    }
    if (name.isEmpty() || name.length() > 256 || !NAME.matcher(name).find()) {
      throw ApiError.validation("root.name", "Name should be ^[A-Za-z]+[A-Za-z0-9-_]*$", name);
    }
    String type = Json.text(body, "type");
    if (type == null) {
      throw ApiError.validation("root.type", "required_field", null);
    }
    if (!TYPES.contains(type)) {
      throw ApiError.validation("root.type", "unable_to_convert_to_enum_symbol", type);
    }
    String encode = Json.text(body, "payload_encode");
    if (encode != null && !ENCODINGS.contains(encode)) {
      throw ApiError.validation("root.payload_encode", "unable_to_convert_to_enum_symbol", encode);
    }
    long now = now();
    Long start = body.has("start_at") ? epochSecond(body.get("start_at"), "root.start_at") : null;
    Long end = body.has("end_at") ? epochSecond(body.get("end_at"), "root.end_at") : null;
    return state.locked(
        s -> {
          Map<String, AdminState.Trace> traces = s.admin().traces;
          if (traces.size() >= MAX_TRACES) {
            throw invalid(
                "The number of traces created has reached the maximum please delete the useless ones first");
          }
          String filter = Json.text(body, type);
          if (filter == null) {
            throw invalid("required " + type + " field");
          }
          if (type.equals("topic") && !Topics.isValidFilter(filter)) {
            throw invalid("topic: " + filter + " invalid by topic_invalid");
          }
          if (type.equals("ip_address") && !Query.isIp(filter)) {
            throw invalid("ip address: einval");
          }
          // to_trace/2: end_at must lie ahead (to_system_second never returns less than now)
          if (end != null && Math.max(now, end) <= now) {
            throw invalid("end_at time has already passed");
          }
          long startAt = start == null ? now : start;
          long endAt = end == null ? startAt + 600 : Math.max(now, end);
          if (endAt <= startAt) {
            throw invalid("failed by start_at >= end_at");
          }
          if (traces.containsKey(name)) {
            throw ApiError.of(409, "ALREADY_EXISTS", name + " Already Exists");
          }
          for (AdminState.Trace o : traces.values()) {
            if (o.startAt == startAt && o.type.equals(type) && o.filter.equals(filter)) {
              throw ApiError.of(409, "DUPLICATE_CONDITION", o.name + " Duplication Condition");
            }
          }
          AdminState.Trace t =
              new AdminState.Trace(
                  name,
                  type,
                  filter,
                  encode == null ? "text" : encode,
                  Json.text(body, "formatter") == null ? "text" : Json.text(body, "formatter"),
                  startAt,
                  endAt,
                  true);
          // Each running node's handler opens its (empty) file at once; lines arrive as they are
          // written.
          ClientsApi.RUNNING_NODES.stream().sorted().forEach(n -> t.logs.put(n, ""));
          t.namespace = scope.ns();
          traces.put(name, t);
          ObjectNode sizes = Json.object();
          ClientsApi.RUNNING_NODES.stream().sorted().forEach(n -> sizes.put(n, 0));
          return Reply.ok(shown(render(t, Times.seconds(t.startAt), sizes, now), t));
        });
  }

  private static ApiError invalid(String message) {
    return ApiError.of(400, "INVALID_PARAMS", message);
  }

  /** emqx_utils_calendar:epoch_second(): integer seconds, or an RFC 3339 string. */
  private static long epochSecond(JsonNode v, String path) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    Long ms = v.isTextual() ? Times.parse(v.asText()) : null;
    if (ms == null) {
      throw ApiError.validation(path, "bad_epoch_second", v.asText());
    }
    return ms / 1000;
  }

  /** update_trace(put): 200 {@code {"enable": false, "name"}}, whatever state the trace was in. */
  private Reply stop(Call call) {
    String name = name(call);
    return state.locked(
        s -> {
          find(s, name).enable = false;
          return Reply.ok(Json.object().put("enable", false).put("name", name));
        });
  }

  private Reply delete(Call call) {
    String name = name(call);
    return state.locked(
        s -> {
          find(s, name);
          s.admin().traces.remove(name);
          return Reply.noContent();
        });
  }

  /** log_file_detail(get): one entry per node whose file exists. */
  private Reply logDetail(Call call) {
    String name = name(call);
    return state.locked(
        s -> {
          AdminState.Trace t = find(s, name);
          ArrayNode out = Json.array();
          t.logs.forEach(
              (node, text) ->
                  out.add(
                      Json.object()
                          .put("node", node)
                          .put("size", bytes(text).length)
                          .put("mtime", Math.min(now(), t.endAt))));
          return Reply.ok(out);
        });
  }

  /**
   * stream_log_file(get): up to {@code bytes} from {@code position}; past the end, empty with the
   * size.
   */
  private Reply log(Call call) {
    String name = name(call);
    long position = longParam(call, "position", 0, Long.MAX_VALUE, 0);
    long bytes = longParam(call, "bytes", 0, MAX_SINT32, 1000);
    String node = call.query("node");
    return state.locked(
        s -> {
          String target = node == null ? LOCAL_NODE : node;
          if (!ClientsApi.RUNNING_NODES.contains(target)) {
            throw notFound("Node");
          }
          AdminState.Trace t = find(s, name);
          String text = t.logs.get(target);
          ObjectNode meta = Json.object().put("bytes", bytes);
          ObjectNode out = Json.object();
          if (text == null) {
            out.set("meta", meta.put("position", position));
            return Reply.ok(out.put("items", ""));
          }
          byte[] all = bytes(text);
          if (position >= all.length) {
            out.set("meta", meta.put("position", all.length));
            return Reply.ok(out.put("items", ""));
          }
          int from = (int) position;
          int n = (int) Math.min(bytes, all.length - from);
          out.set("meta", meta.put("position", position + n));
          return Reply.ok(out.put("items", new String(all, from, n, StandardCharsets.UTF_8)));
        });
  }

  private static long longParam(Call call, String name, long min, long max, long dflt) {
    String raw = call.query(name);
    if (raw == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(raw);
      if (v < min || v > max) {
        throw ApiError.validation(name, Map.of("expected", min + ".." + max), v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.validation(name, Map.of("expected", "integer()"), raw);
    }
  }

  private static byte[] bytes(String text) {
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }
}
