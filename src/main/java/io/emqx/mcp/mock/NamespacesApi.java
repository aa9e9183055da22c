package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The namespace lists of EMQX's multi-tenancy API (apps/emqx_mt/src/emqx_mt_api.erl, release-61 and
 * release-63): {@code /mt/ns_list} and {@code /mt/managed_ns_list} (names, from e5.9.3) and their
 * {@code _details} forms (objects, from 6.0). Managed namespaces are the ones that hold their own
 * configuration and resources, and the only ones the {@code ns} parameter of the rules, connectors,
 * actions and sources routes accepts; {@code ns_list} are the namespaces clients have connected
 * with. Seeded from {@code __files/admin/namespaces.json} ({@code managed}: name, created_at,
 * config; {@code known}: name, created_at).
 *
 * <p>Paging is by cursor, as emqx_mt_api.erl pages: {@code limit} (a pos_integer, default 100), and
 * either {@code last_ns} (the page after that name) or {@code first_ns} (from that name on), never
 * both (400 BAD_REQUEST). Names sort as the ordered ETS table does (by bytes). A page that is not
 * the last carries {@code link: <?last_ns=…&limit=…>; rel="next"} (paginated_response/4). An older
 * release does not have the routes: 404 as for any unknown path.
 */
final class NamespacesApi {
  private final ClusterState state;

  NamespacesApi(ClusterState state) {
    this.state = state;
  }

  void register(Map<String, Handler> ops) {
    ops.put("mt.nsList", c -> page(c, known(), false, 5, 9));
    ops.put("mt.nsListDetails", c -> page(c, known(), true, 6, 0));
    ops.put("mt.managedNsList", c -> page(c, managedEntries(), false, 5, 9));
    ops.put("mt.managedNsListDetails", c -> page(c, managedEntries(), true, 6, 0));
  }

  /** The names {@code ns=} may take: the managed namespaces. */
  static List<String> managed(ClusterState state) {
    List<String> names = new ArrayList<>();
    state.seed().admin().namespaces().path("managed").forEach(n -> names.add(Json.text(n, "name")));
    return names;
  }

  private List<JsonNode> managedEntries() {
    return sorted(state.seed().admin().namespaces().path("managed"));
  }

  private List<JsonNode> known() {
    return sorted(state.seed().admin().namespaces().path("known"));
  }

  private static List<JsonNode> sorted(JsonNode entries) {
    List<JsonNode> out = new ArrayList<>();
    entries.forEach(out::add);
    out.sort(
        (a, b) ->
            java.util.Arrays.compare(
                Json.text(a, "name").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Json.text(b, "name").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * The routes are mapped without the auth step, so that a release without them answers the
   * unknown-path 404 before authentication, as EMQX does; a release with them authenticates here.
   */
  private Reply page(Call call, List<JsonNode> entries, boolean details, int major, int minor) {
    if (!state.atLeast(major, minor)) {
      return RoutingApi.notFound(call);
    }
    Auth.check(call.header("Authorization"), state, call.method(), call.urlPath());
    int limit = limit(call.query("limit"));
    String last = call.query("last_ns");
    String first = call.query("first_ns");
    if (last != null && first != null) {
      throw ApiError.of(
          400, "BAD_REQUEST", "`last_ns` and `first_ns` are mutually exclusive; use at most one.");
    }
    byte[] from = bytes(first != null ? first : last == null ? "" : last);
    boolean inclusive = first != null;
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode e : entries) {
      int c = java.util.Arrays.compare(bytes(Json.text(e, "name")), from);
      if (c > 0 || (inclusive && c == 0)) {
        rows.add(e);
      }
      if (rows.size() == limit + 1) {
        break;
      }
    }
    Function<JsonNode, Object> out =
        details ? e -> e : e -> com.fasterxml.jackson.databind.node.TextNode.valueOf(name(e));
    ArrayNode body = Json.array();
    rows.stream().limit(limit).forEach(e -> body.add(Json.MAPPER.valueToTree(out.apply(e))));
    if (rows.size() <= limit) {
      return Reply.ok(body);
    }
    // The next cursor: after the last of this page, or (first_ns) the next page's first name.
    String key = first != null ? "first_ns" : "last_ns";
    String value = name(first != null ? rows.get(limit) : rows.get(limit - 1));
    String link =
        "<?"
            + key
            + "="
            + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20")
            + "&limit="
            + limit
            + ">; rel=\"next\"";
    return Reply.ok(body).withHeader("link", link);
  }

  private static String name(JsonNode entry) {
    return Json.text(entry, "name");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code limit} is a pos_integer() of the route's schema (limit_in_query/0). */
  private static int limit(String raw) {
    if (raw == null) {
      return 100;
    }
    if (!raw.matches("\\d{1,9}") || Integer.parseInt(raw) < 1) {
      throw ApiError.validation("limit", Map.of("expected", "pos_integer()"), raw);
    }
    return Integer.parseInt(raw);
  }
}
