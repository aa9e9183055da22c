package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.Parallel;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.emqx.model.Rule;
import io.emqx.mcp.emqx.model.RuleMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Tools over the rule engine (data integration): which rules exist and how they are doing. */
final class RuleTools {

  private static final Toolset GROUP = Toolset.RULES;

  /** SQL longer than this is cut in the list; get_rule has it whole. */
  static final int SQL_SHOWN = 200;

  List<ToolSpec> specs() {
    return List.of(listRules(), getRule(), setRuleEnabled());
  }

  /**
   * A rule in a list: actions by name, and the SQL cut short; {@code namespace} from EMQX 6.1
   * (null: global).
   */
  record RuleRow(
      String namespace,
      String id,
      Boolean enable,
      List<String> from,
      List<String> actions,
      String sql,
      String description,
      String createdAt) {}

  static RuleRow row(Rule r) {
    String sql =
        r.sql() != null && r.sql().length() > SQL_SHOWN
            ? r.sql().substring(0, SQL_SHOWN) + "…"
            : r.sql();
    return new RuleRow(
        r.namespace(),
        r.id(),
        r.enable(),
        r.from(),
        actionNames(r.actions()),
        sql,
        r.description(),
        r.createdAt());
  }

  /**
   * A connector action is already a name ({@code http:store}); a function action is named by its
   * function.
   */
  static List<String> actionNames(List<Object> actions) {
    if (actions == null) {
      return null;
    }
    return actions.stream()
        .map(
            a ->
                a instanceof Map<?, ?> m && m.get("function") != null
                    ? m.get("function").toString()
                    : String.valueOf(a))
        .toList();
  }

  private ToolSpec listRules() {
    Schema input =
        Namespaces.listArg(
                Paging.args(
                    Schema.object()
                        .prop("enable", Schema.bool("Enabled or disabled only."))
                        .prop("like_id", Schema.string("Part of the ID. No count.").nonEmpty())))
            .closed();
    return ToolSpec.builder(GROUP, "list_rules")
        .title("List rules")
        .description(
            "Rule-engine rules: id, enable, from (topics), actions, sql (cut at "
                + SQL_SHOWN
                + " chars), "
                + "description. Returns {data, meta}; get_rule has the metrics.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              Args a = call.args();
              Page<Rule> page =
                  call.emqx()
                      .listRules(
                          a.optBool("enable"),
                          a.optString("like_id"),
                          Paging.page(a),
                          Paging.limit(a),
                          Namespaces.of(a));
              return new Page<>(page.data().stream().map(RuleTools::row).toList(), page.meta());
            })
        .build();
  }

  /** A rule with its metrics, summed and per node. */
  record RuleWithMetrics(
      String namespace,
      @Required String id,
      String name,
      Boolean enable,
      List<String> from,
      List<Object> actions,
      String sql,
      String description,
      String createdAt,
      Map<String, Object> metrics,
      List<RuleMetrics.NodeMetrics> nodeMetrics) {}

  private ToolSpec getRule() {
    return ToolSpec.builder(GROUP, "get_rule")
        // /rules/:id/metrics: emqx_rule_engine_api.erl from v5.1.0.
        .requires("5.1")
        .title("Get a rule with its metrics")
        .description(
            "One rule with its metrics (matched, passed, failed, actions.success, actions.failed, rates), summed "
                + "and per node: why data does not arrive downstream.")
        .access(Access.READ)
        .input(
            Namespaces.arg(Schema.object().required("id", Schema.string("Rule ID.").nonEmpty()))
                .closed())
        .output(RuleWithMetrics.class, "id")
        .handler(
            call -> {
              String id = call.args().segment("id");
              String ns = Namespaces.of(call.args());
              // EMQX's rule answer has no metrics; they are a second endpoint, fetched at the same
              // time.
              CompletableFuture<Rule> rule = Parallel.start(() -> call.emqx().getRule(id, ns));
              CompletableFuture<RuleMetrics> metrics =
                  Parallel.start(() -> call.emqx().ruleMetrics(id, ns));
              Rule r = Parallel.join(rule);
              RuleMetrics m = Parallel.join(metrics);
              return new RuleWithMetrics(
                  r.namespace(),
                  r.id(),
                  r.name(),
                  r.enable(),
                  r.from(),
                  r.actions(),
                  r.sql(),
                  r.description(),
                  r.createdAt(),
                  m.metrics(),
                  m.nodeMetrics());
            })
        .build();
  }

  /** The result of switching a rule. */
  record Switched(String id, boolean enable, Boolean was, String message) {}

  private ToolSpec setRuleEnabled() {
    Schema input =
        Namespaces.arg(
                Schema.object()
                    .required("id", Schema.string("Rule ID.").nonEmpty())
                    .required("enable", Schema.bool("true to run it, false to stop it.")))
            .closed();
    return ToolSpec.builder(GROUP, "set_rule_enabled")
        .title("Enable or disable a rule")
        .description(
            "Switch a rule on or off: a disabled rule stops sending its topics' messages to its actions until it is "
                + "enabled again. Returns {id, enable, was}. NOT_FOUND: list_rules.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(Switched.class, "id", "enable")
        .preview(
            call -> {
              Rule r = call.emqx().getRule(call.args().segment("id"), Namespaces.of(call.args()));
              boolean enable = call.args().bool("enable", true);
              return (enable ? "Enable" : "Disable")
                  + " rule '"
                  + r.id()
                  + "' (from "
                  + r.from()
                  + " to "
                  + actionNames(r.actions())
                  + ", now "
                  + (Boolean.TRUE.equals(r.enable()) ? "enabled" : "disabled")
                  + ")"
                  + (enable ? "." : ": messages on its topics stop reaching its actions.");
            })
        .handler(
            call -> {
              String id = call.args().segment("id");
              String ns = Namespaces.of(call.args());
              boolean enable = call.args().bool("enable", true);
              // EMQX's PUT would try to create an unknown rule and answer 400; asking first gives a
              // clean NOT_FOUND.
              Rule before = call.emqx().getRule(id, ns);
              Map<String, Object> after = call.emqx().admin().setRuleEnabled(id, enable, ns);
              return new Switched(
                  id,
                  Boolean.TRUE.equals(after.get("enable")),
                  before.enable(),
                  "Rule '"
                      + id
                      + "' is "
                      + (Boolean.TRUE.equals(after.get("enable")) ? "enabled" : "disabled")
                      + ".");
            })
        .build();
  }
}
