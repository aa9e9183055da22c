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
    ops.put("rules.get", c -> Reply.ok(find(c.path("id"))));
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
    for (JsonNode r : rules()) {
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
   * The seed's rules, with the enable flags set through {@code PUT /rules/{id}} since the last
   * reset.
   */
  private List<JsonNode> rules() {
    return state.locked(
        s -> {
          List<JsonNode> out = new ArrayList<>();
          for (JsonNode r : seed.rules()) {
            Boolean enable = s.admin().ruleEnabled.get(r.get("id").asText());
            out.add(enable == null ? r : ((ObjectNode) r.deepCopy()).put("enable", enable));
          }
          return out;
        });
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
    JsonNode body = call.body();
    Schema.requireObject(body, "root");
    JsonNode enable = body.get("enable");
    state.locked(
        s -> {
          boolean known = false;
          for (JsonNode r : seed.rules()) {
            known |= r.get("id").asText().equals(id);
          }
          if (!known) {
            throw ApiError.of(400, "BAD_REQUEST", "{<<\"sql\">>,required_field}");
          }
          if (enable != null && !enable.isBoolean()) {
            throw ApiError.of(
                400, "BAD_REQUEST", "{<<\"enable\">>,\"Unable to parse boolean value\"}");
          }
          if (enable != null) {
            s.admin().ruleEnabled.put(id, enable.asBoolean());
          }
          return enable;
        });
    return Reply.ok(find(id));
  }

  private ObjectNode find(String id) {
    for (JsonNode r : rules()) {
      if (r.get("id").asText().equals(id)) {
        return (ObjectNode) r;
      }
    }
    throw ApiError.of(404, "NOT_FOUND", "Rule Id Not Found");
  }

  private Reply metrics(Call call) {
    String id = find(call.path("id")).get("id").asText();
    ArrayNode nodeMetrics = Json.array();
    seed.ruleMetrics().path(id).forEach(nodeMetrics::add);
    List<JsonNode> perNode = new ArrayList<>();
    nodeMetrics.forEach(nm -> perNode.add(nm.get("metrics")));
    ObjectNode out = Json.object().put("id", id);
    out.set("metrics", Json.sum(perNode, List.of()));
    out.set("node_metrics", nodeMetrics);
    return Reply.ok(out);
  }
}
