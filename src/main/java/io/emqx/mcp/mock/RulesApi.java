package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /rules}, {@code /rules/{id}} and {@code /rules/{id}/metrics}, after {@code
 * emqx_rule_engine_api.erl} of EMQX 5.x. The rule object is {@code format_rule_info_resp}: id,
 * name, from, actions, sql, enable, created_at, description, and no metrics; the metrics are only
 * at {@code /metrics}, summed in {@code metrics} with the per-node figures in {@code node_metrics}.
 * [UNVERIFIED for 5.8.9 exactly] {@code actions.discarded} is in the newer source read; the older
 * 5.x source lacks it.
 */
final class RulesApi {
  private final ClusterState state;
  private final Seed seed;

  RulesApi(ClusterState state) {
    this.state = state;
    this.seed = state.seed();
  }

  void register(Map<String, Handler> ops) {
    ops.put("rules.list", this::list);
    ops.put("rules.get", c -> Reply.ok(find(c.path("id"), NamespaceScope.ofOne(state, c))));
    ops.put("rules.update", this::update);
    ops.put("rules.metrics", this::metrics);
  }

  /**
   * Filters of emqx_mgmt_api:node_query with the rule's qs schema. {@code enable} is exact;
   * like_id, like_from, like_description (substrings), from and match_from run as fuzzy filters,
   * which drop meta.count [derived from qs2ms: from joins the fuzzy list].
   */
  private Reply list(Call call) {
    Query.Paging paging = Query.paging(call);
    NamespaceScope scope = NamespaceScope.ofList(state, call);
    Boolean enable = Query.bool(call, "enable");
    List<Predicate<JsonNode>> exact = new ArrayList<>();
    List<Predicate<JsonNode>> fuzzy = new ArrayList<>();
    if (enable != null) {
      exact.add(r -> r.get("enable").asBoolean() == enable);
    }
    String likeId = call.query("like_id");
    if (likeId != null) {
      fuzzy.add(r -> r.get("id").asText().contains(likeId));
    }
    String likeDescription = call.query("like_description");
    if (likeDescription != null) {
      fuzzy.add(r -> r.get("description").asText().contains(likeDescription));
    }
    String from = call.query("from");
    if (from != null) {
      fuzzy.add(r -> froms(r).contains(from));
    }
    String likeFrom = call.query("like_from");
    if (likeFrom != null) {
      fuzzy.add(r -> froms(r).stream().anyMatch(f -> f.contains(likeFrom)));
    }
    String matchFrom = call.query("match_from");
    if (matchFrom != null) {
      fuzzy.add(r -> froms(r).stream().anyMatch(f -> Topics.matches(f, matchFrom)));
    }
    Predicate<JsonNode> filter = r -> true;
    for (Predicate<JsonNode> p : exact) {
      filter = filter.and(p);
    }
    for (Predicate<JsonNode> p : fuzzy) {
      filter = filter.and(p);
    }
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode r : rules(scope)) {
      if (filter.test(r)) {
        rows.add(r);
      }
    }
    return Reply.ok(Pages.of(rows, paging, r -> r, fuzzy.isEmpty()));
  }

  private static List<String> froms(JsonNode rule) {
    List<String> out = new ArrayList<>();
    rule.path("from").forEach(f -> out.add(f.asText()));
    return out;
  }

  /**
   * The seed's rules in the scope asked for, with the enable flags set through {@code PUT
   * /rules/{id}} since the last reset (kept per namespace and ID: two namespaces may each have a
   * rule of the same ID).
   */
  private List<JsonNode> rules(NamespaceScope scope) {
    return state.locked(
        s -> {
          List<JsonNode> out = new ArrayList<>();
          for (JsonNode r : seed.rules()) {
            if (!scope.covers(r)) {
              continue;
            }
            ObjectNode shown = scope.shown(r);
            Boolean enable = s.admin().ruleEnabled.get(key(r));
            out.add(enable == null ? shown : shown.put("enable", enable));
          }
          return out;
        });
  }

  /** A rule's key in the enable flags: its namespace (empty: global) and ID. */
  private static String key(JsonNode rule) {
    String ns = Json.text(rule, "namespace");
    return (ns == null ? "" : ns + "/") + rule.get("id").asText();
  }

  /**
   * {@code PUT /rules/{id}} ('/rules/:id'(put) in emqx_rule_engine_api.erl at v5.8.9): the body is
   * merged into the rule's config (emqx_config_handler merge_to_old_config/2), so {@code {"enable":
   * false}} alone is enough, and the answer is the rule. The body schema is not checked before the
   * handler; for an unknown ID the update would create a rule, which fails for want of {@code sql}:
   * 400 BAD_REQUEST, not 404.
   */
  private Reply update(Call call) {
    String id = call.path("id");
    NamespaceScope scope = NamespaceScope.ofOne(state, call);
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    JsonNode enable = body.get("enable");
    state.locked(
        s -> {
          JsonNode known = null;
          for (JsonNode r : seed.rules()) {
            if (scope.covers(r) && r.get("id").asText().equals(id)) {
              known = r;
            }
          }
          if (known == null) {
            throw ApiError.of(400, "BAD_REQUEST", "{<<\"sql\">>,required_field}");
          }
          if (enable != null && !enable.isBoolean()) {
            throw ApiError.of(
                400, "BAD_REQUEST", "{<<\"enable\">>,\"Unable to parse boolean value\"}");
          }
          if (enable != null) {
            s.admin().ruleEnabled.put(key(known), enable.asBoolean());
          }
          return enable;
        });
    return Reply.ok(find(id, scope));
  }

  private ObjectNode find(String id, NamespaceScope scope) {
    for (JsonNode r : rules(scope)) {
      if (r.get("id").asText().equals(id)) {
        return (ObjectNode) r;
      }
    }
    throw ApiError.of(404, "NOT_FOUND", "Rule Id Not Found");
  }

  private Reply metrics(Call call) {
    ObjectNode rule = find(call.path("id"), NamespaceScope.ofOne(state, call));
    String id = rule.get("id").asText();
    ArrayNode nodeMetrics = Json.array();
    seed.ruleMetrics().path(key(rule)).forEach(nodeMetrics::add);
    List<JsonNode> perNode = new ArrayList<>();
    nodeMetrics.forEach(nm -> perNode.add(nm.get("metrics")));
    ObjectNode out = Json.object().put("id", id);
    out.set("metrics", Json.sum(perNode, List.of()));
    out.set("node_metrics", nodeMetrics);
    return Reply.ok(out);
  }
}
