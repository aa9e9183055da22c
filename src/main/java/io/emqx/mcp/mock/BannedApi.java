package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * {@code GET/POST/DELETE /banned} and {@code DELETE /banned/{as}/{who}}
 * (apps/emqx_management/src/emqx_mgmt_api_banned.erl at v5.8.9; the filters are 5.8.1+).
 */
final class BannedApi {
  private static final List<String> EXACT = List.of("clientid", "username", "peerhost");
  private static final Map<String, String> LIKE =
      Map.of(
          "like_clientid",
          "clientid",
          "like_username",
          "username",
          "like_peerhost",
          "peerhost",
          "like_peerhost_net",
          "peerhost_net");
  private static final Set<String> FIELDS = Set.of("as", "who", "by", "reason", "at", "until");

  private final ClusterState state;

  BannedApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("banned.list", this::list);
    ops.put("banned.create", this::create);
    ops.put("banned.clear", this::clear);
    ops.put("banned.delete", this::delete);
  }

  /**
   * At most one filter. meta: no filter → {page,limit,count} (no hasnext); an exact filter →
   * {page,limit,hasnext,count}; a like_* filter (a regex, not a substring) → {page,limit,hasnext}.
   */
  private Reply list(Call call) {
    Query.Paging paging = Query.paging(call);
    List<String> given = new ArrayList<>();
    EXACT.stream().filter(k -> call.query(k) != null).forEach(given::add);
    LIKE.keySet().stream().sorted().filter(k -> call.query(k) != null).forEach(given::add);
    if (given.size() > 1) {
      throw ApiError.of(400, "BAD_REQUEST", "too_many_filters");
    }
    Predicate<Ban> filter = b -> true;
    boolean fuzzy = false;
    if (given.size() == 1) {
      String key = given.get(0);
      String value = call.query(key);
      if (EXACT.contains(key)) {
        filter = b -> b.as().equals(key) && b.who().equals(value);
      } else {
        Pattern re = regex(value);
        String as = LIKE.get(key);
        filter = b -> b.as().equals(as) && re.matcher(b.who()).find();
        fuzzy = true;
      }
    }
    Predicate<Ban> f = filter;
    boolean like = fuzzy;
    boolean filtered = !given.isEmpty();
    return state.locked(
        s -> {
          List<Ban> rows = s.bans().stream().filter(f).toList();
          ObjectNode page = Pages.of(rows, paging, Ban::toJson, !like);
          if (!filtered) {
            ((ObjectNode) page.get("meta")).remove("hasnext");
          }
          return Reply.ok(page);
        });
  }

  private static Pattern regex(String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      var msg =
          Json.object()
              .put("filter", value)
              .put("message", "The filter is not a validation regex expression")
              .put("position", Math.max(e.getIndex(), 0))
              .put("reason", e.getDescription());
      throw ApiError.of(400, "BAD_REQUEST", Json.write(msg));
    }
  }

  /** 200 with the bare ban object (not wrapped in data, whatever the schema says). */
  private Reply create(Call call) {
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    var schema = new Schema();
    schema.noUnknownFields(body, "root", FIELDS);
    String as = Json.text(body, "as");
    if (as == null) {
      schema.error("root.as", "required_field", null);
    } else if (!Ban.KINDS.contains(as)) {
      schema.error("root.as", "not_a_enum_symbol", body.get("as"));
    }
    String who = schema.string(body, "who", "root.who", true);
    String by = schema.string(body, "by", "root.by", false);
    String reason = schema.string(body, "reason", "root.reason", false);
    long now = System.currentTimeMillis();
    Long at = time(body.get("at"), "root.at", schema, false);
    Long until = time(body.get("until"), "root.until", schema, true);
    schema.done();
    if (as.equals("peerhost") && !Query.isIp(who)) {
      throw ApiError.of(400, "BAD_REQUEST", "\"bad peerhost\"");
    }
    long atSec = at == null ? now / 1000 : at;
    if (until != null && until * 1000 <= now) {
      // EMQX prints this message as an Erlang char list
      // (apps/emqx_management/src/emqx_mgmt_api_banned.erl at v5.8.9); so does the fake.
      throw ApiError.of(
          400, "BAD_REQUEST", charList("Cannot create expired banned, ", atSec, until));
    }
    var ban =
        new Ban(
            as,
            who,
            by == null ? "mgmt_api" : by,
            reason == null ? "" : reason,
            Times.seconds(atSec),
            until == null ? "infinity" : Times.seconds(until));
    return state.locked(
        s -> {
          for (Ban old : s.bans()) {
            if (old.as().equals(as) && old.who().equals(who)) {
              if (!old.expiredAt(now)) {
                throw ApiError.of(400, "ALREADY_EXISTS", sortedJson(old.toJson()));
              }
              s.bans().remove(old);
              break;
            }
          }
          s.bans().add(ban);
          if (as.equals("clientid")) {
            // emqx_banned:on_banned/1 kicks the session of a client banned by client ID; other
            // kinds only
            // refuse the next connect.
            s.kick(who);
          }
          return Reply.ok(ban.toJson());
        });
  }

  /** RFC 3339 or epoch seconds; {@code until} also takes "infinity" (returned as null). */
  private static Long time(JsonNode v, String path, Schema schema, boolean infinityOk) {
    if (v == null || v.isNull() || (infinityOk && "infinity".equals(v.asText()))) {
      return null;
    }
    if (v.isIntegralNumber() || v.asText().matches("\\d{1,12}")) {
      return v.asLong();
    }
    Long ms = Times.parse(v.asText());
    if (ms == null) {
      schema.error(path, "bad_rfc3339_timestamp", v);
      return null;
    }
    return ms / 1000;
  }

  private static String charList(String prefix, long at, long until) {
    String ints = prefix.chars().mapToObj(Integer::toString).collect(Collectors.joining(","));
    return "[" + ints + ",\"" + at + "\",32,116,111,32,\"" + until + "\"]";
  }

  /** jiffy writes map keys sorted: as, at, by, reason, until, who. */
  private static String sortedJson(ObjectNode o) {
    var sorted = new TreeMap<String, JsonNode>();
    o.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Json.write(sorted);
  }

  private Reply clear(Call call) {
    return state.locked(
        s -> {
          s.bans().clear();
          return Reply.noContent();
        });
  }

  private Reply delete(Call call) {
    String as = call.path("as");
    String who = call.path("who");
    if (!Ban.KINDS.contains(as)) {
      throw ApiError.validation("as", "not_a_enum_symbol", as);
    }
    String unreadable = unparsable(as, who);
    if (unreadable != null) {
      throw crash(unreadable);
    }
    return state.locked(
        s -> {
          if (!s.bans().removeIf(b -> b.as().equals(as) && sameWho(as, b.who(), who))) {
            throw ApiError.of(404, "NOT_FOUND", as + ": " + who + " not found");
          }
          return Reply.noContent();
        });
  }

  /**
   * Why EMQX cannot read {@code who} as a key of this kind, or null. delete_banned looks the key up
   * with emqx_banned:look_up/1, whose parse_who/1 returns {@code {error, _}} for a bad IP, CIDR or
   * regex; table/1 has no clause for that, so the handler crashes (emqx_mgmt_api_banned.erl and
   * emqx_banned.erl at v5.8.9). The fake reads regexes as Java does, close to PCRE for what
   * matters.
   */
  private static String unparsable(String as, String who) {
    return switch (as) {
      case "peerhost" -> Query.isIp(who) ? null : "{error,\"bad peerhost\"}";
      case "peerhost_net" -> isCidr(who) ? null : "{error,einval}";
      case "clientid_re", "username_re" -> {
        try {
          Pattern.compile(who);
          yield null;
        } catch (PatternSyntaxException e) {
          yield "{error,{\"" + e.getDescription() + "\"," + Math.max(e.getIndex(), 0) + "}}";
        }
      }
      default -> null;
    };
  }

  /** An address with an optional prefix length that fits it (esockd_cidr:parse/2). */
  private static boolean isCidr(String who) {
    int slash = who.indexOf('/');
    String ip = slash < 0 ? who : who.substring(0, slash);
    if (!Query.isIp(ip)) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String bits = who.substring(slash + 1);
    return bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= (ip.contains(":") ? 128 : 32);
  }

  /**
   * minirest's answer to a crashed handler: 500 INTERNAL_ERROR with "Class, Reason, Stacktrace"
   * (minirest_handler:apply_callback/3). The frames are abridged; the first is where the crash is.
   */
  private static ApiError crash(String parsed) {
    return ApiError.of(
        500,
        "INTERNAL_ERROR",
        "error, function_clause, [{emqx_banned,table,["
            + parsed
            + "],[{file,\"emqx_banned.erl\"},{line,480}]},{emqx_banned,look_up,1,[{file,\"emqx_banned.erl\"},"
            + "{line,205}]},{emqx_mgmt_api_banned,delete_banned,2,[{file,\"emqx_mgmt_api_banned.erl\"},{line,255}]}]");
  }

  /** EMQX keys a peerhost ban by the parsed address, so ::1 and 0:0:0:0:0:0:0:1 are one ban. */
  private static boolean sameWho(String as, String stored, String given) {
    if (!as.equals("peerhost") || stored.equals(given) || !Query.isIp(stored)) {
      return stored.equals(given);
    }
    try {
      // Both are IP literals (checked here and above): no lookup can happen.
      return java.net.InetAddress.getByName(stored.contains(":") ? "[" + stored + "]" : stored)
          .equals(java.net.InetAddress.getByName(given.contains(":") ? "[" + given + "]" : given));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
