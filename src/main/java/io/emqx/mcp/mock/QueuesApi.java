package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A client's message queue and in-flight window, and delayed messages, as EMQX v5.8.9 answers them.
 * The queues ({@code emqx_mgmt_api_clients.erl} list_client_msgs/3, EMQX 5.6+) page by an opaque
 * {@code position}: {@code "<insert ns>_<priority>"} for the queue (emqx_mqueue:query/2), the
 * insert time in ns for the window (emqx_session_mem inflight_query/2); the answer's {@code
 * meta.position} is the last message returned, or the one given when nothing was left. The fake's
 * queues are made from each client's {@code mqueue_len} and {@code inflight_cnt}. Delayed messages
 * follow {@code emqx_delayed_api.erl} and {@code emqx_delayed.erl} format_delayed/3.
 */
final class QueuesApi {
  /** emqx_mgmt:default_row_limit() and ?MAX_ROW_LIMIT. */
  private static final int DEFAULT_LIMIT = 100;

  private static final int MAX_LIMIT = 10_000;

  /** The most queued messages the fake makes for one client. */
  private static final int MAX_MADE = 1000;

  private static final long BASE_NS = 1_764_760_000_000_000_000L;

  /** Delayed payloads above this are not returned (?MAX_PAYLOAD_LENGTH). */
  private static final int MAX_PAYLOAD_LENGTH = 2048;

  private final ClusterState state;

  QueuesApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("clients.mqueue", c -> messages(c, false));
    ops.put("clients.inflight", c -> messages(c, true));
    ops.put("delayed.list", this::listDelayed);
    ops.put("delayed.get", this::getDelayed);
    ops.put("delayed.delete", this::deleteDelayed);
  }

  private Reply messages(Call call, boolean inflight) {
    String id = call.path("clientid");
    String payload = Query.oneOf(call, "payload", Set.of("none", "base64", "plain"));
    long maxBytes = bytesize(call.query("max_payload_bytes"));
    int limit = limit(call.query("limit"));
    String raw = call.query("position");
    Long after;
    try {
      after =
          raw == null || raw.equals("none")
              ? null
              : inflight ? Long.parseLong(raw) : Long.parseLong(raw.substring(0, raw.indexOf('_')));
      if (!inflight && raw != null && !raw.equals("none")) {
        String prio = raw.substring(raw.indexOf('_') + 1);
        if (!prio.equals("infinity")) {
          Long.parseLong(prio);
        }
      }
    } catch (RuntimeException e) {
      throw ApiError.of(400, "INVALID_PARAMETER", "position_limit_invalid");
    }
    return state.locked(
        s -> {
          ObjectNode c = s.clients().find(id);
          if (c == null) {
            throw ClientsApi.clientNotFound();
          }
          int count = Math.min(MAX_MADE, c.path(inflight ? "inflight_cnt" : "mqueue_len").asInt());
          List<ObjectNode> page = new ArrayList<>();
          for (int i = 0; i < count && page.size() < limit; i++) {
            long ts = BASE_NS + i * 1_000_000L;
            if (after == null || ts > after) {
              page.add(message(id, i, ts, inflight));
            }
          }
          ArrayNode data = Json.array();
          long used = 0;
          for (ObjectNode m : page) {
            String text =
                "{\"seq\":" + m.remove("seq").asInt() + ",\"cmd\":\"set-interval\",\"value\":30}";
            long size = 0;
            if (payload == null || payload.equals("base64")) {
              String b64 =
                  Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
              m.put("payload", b64);
              size = b64.length();
            } else if (payload.equals("plain")) {
              m.put("payload", text);
              size = text.length();
            }
            // format_msgs/4: the first message always, the rest while the payloads fit
            // max_payload_bytes
            if (!data.isEmpty() && used + size > maxBytes) {
              break;
            }
            used += size;
            data.add(m);
          }
          String start = count == 0 ? "none" : position(BASE_NS, inflight);
          String position =
              data.isEmpty()
                  ? (raw == null ? "none" : raw)
                  : position(data.get(data.size() - 1).get("inserted_at").asLong(), inflight);
          ObjectNode out = Json.object();
          out.set("data", data);
          out.set("meta", Json.object().put("start", start).put("position", position));
          return Reply.ok(out);
        });
  }

  private static String position(long ts, boolean inflight) {
    return inflight ? Long.toString(ts) : ts + "_0";
  }

  private static ObjectNode message(String clientid, int i, long ts, boolean inflight) {
    ObjectNode m =
        Json.object()
            .put("msgid", String.format(Locale.ROOT, "%016X%016X", 0x0006452B0F1C6F2AL, ts + i))
            .put("topic", "devices/" + clientid + "/commands")
            .put("qos", 1)
            .put("publish_at", ts / 1_000_000)
            .put("from_clientid", "worker-1")
            .put("from_username", "job-runner")
            .put("inserted_at", Long.toString(ts))
            .put("seq", i);
    if (!inflight) {
      m.put("mqueue_priority", 0);
    }
    return m;
  }

  private static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v < 1 || v > MAX_LIMIT) {
        throw ApiError.validation("limit", Map.of("expected", "1.." + MAX_LIMIT), v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.validation("limit", Map.of("expected", "1.." + MAX_LIMIT), raw);
    }
  }

  /** emqx_schema:bytesize(): an integer or "1MB"-style; must be above 0 (max_bytes_validator/1). */
  private static long bytesize(String raw) {
    if (raw == null) {
      return 1024 * 1024;
    }
    var m =
        java.util.regex.Pattern.compile(
                "(\\d+)(KB|MB|GB)?", java.util.regex.Pattern.CASE_INSENSITIVE)
            .matcher(raw);
    if (!m.matches()) {
      throw ApiError.validation("max_payload_bytes", "invalid_bytesize", raw);
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
    v *=
        switch (unit) {
          case "KB" -> 1024L;
          case "MB" -> 1024L * 1024;
          case "GB" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    if (v <= 0) {
      throw ApiError.validation("max_payload_bytes", "must be higher than 0", raw);
    }
    return v;
  }

  // ---- delayed --------------------------------------------------------------------------------

  private static ObjectNode render(ObjectNode d, boolean withPayload) {
    long now = System.currentTimeMillis();
    long expected = d.get("expected_ms").asLong();
    ObjectNode o =
        Json.object()
            .put("msgid", d.get("msgid").asText())
            .put("node", d.get("node").asText())
            .put("publish_at", Times.millis(d.get("publish_ms").asLong()))
            .put("delayed_interval", d.get("delayed_interval").asLong())
            .put("delayed_remaining", Math.max(0, (expected - now) / 1000))
            .put("expected_at", Times.millis(expected))
            .put("topic", d.get("topic").asText())
            .put("qos", d.get("qos").asInt())
            .put("from_clientid", d.get("from_clientid").asText())
            .put("from_username", d.get("from_username").asText());
    if (withPayload) {
      byte[] payload = d.get("payload").asText().getBytes(StandardCharsets.UTF_8);
      o.put(
          "payload",
          payload.length > MAX_PAYLOAD_LENGTH
              ? "PAYLOAD_TOO_LARGE"
              : Base64.getEncoder().encodeToString(payload));
    }
    return o;
  }

  /** cluster_query over the delayed table: the usual page with count. */
  private Reply listDelayed(Call call) {
    Query.Paging paging = Query.paging(call);
    return state.locked(
        s -> {
          List<ObjectNode> all = new ArrayList<>(s.admin().delayed);
          all.sort(
              Comparator.comparing((ObjectNode d) -> d.get("node").asText())
                  .thenComparingLong(d -> d.get("expected_ms").asLong()));
          return Reply.ok(Pages.of(all, paging, d -> render(d, false), true));
        });
  }

  /**
   * The node must be a known atom and running (GET: else 400 INVALID_NODE), the ID hex
   * (MESSAGE_ID_SCHEMA_ERROR); no such message is 404 MESSAGE_ID_NOT_FOUND.
   */
  private ObjectNode findDelayed(ClusterState s, String node, String msgid, boolean delete) {
    if (!ClientsApi.RUNNING_NODES.contains(node)) {
      if (delete) {
        // DELETE takes any atom and asks that node; a node not in the cluster fails the RPC (500).
        throw ApiError.of(500, "INTERNAL_ERROR", "error, {erpc,noconnection}, []");
      }
      throw ApiError.of(400, "INVALID_NODE", "The node name " + node + " is invalid");
    }
    if (!msgid.matches("[0-9A-Fa-f]{1,32}")) {
      throw ApiError.of(400, "MESSAGE_ID_SCHEMA_ERROR", "Message ID " + msgid + " schema error");
    }
    for (ObjectNode d : s.admin().delayed) {
      if (d.get("node").asText().equals(node) && d.get("msgid").asText().equalsIgnoreCase(msgid)) {
        return d;
      }
    }
    throw ApiError.of(404, "MESSAGE_ID_NOT_FOUND", "Message ID " + msgid + " not found");
  }

  private Reply getDelayed(Call call) {
    return state.locked(
        s -> Reply.ok(render(findDelayed(s, call.path("node"), call.path("msgid"), false), true)));
  }

  private Reply deleteDelayed(Call call) {
    return state.locked(
        s -> {
          JsonNode d = findDelayed(s, call.path("node"), call.path("msgid"), true);
          s.admin().delayed.remove(d);
          return Reply.noContent();
        });
  }
}
