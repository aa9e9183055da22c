package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.emqx.Requirement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EMQX 6 namespaces: the optional {@code namespace} argument of the tools over resources EMQX
 * scopes by namespace, and {@code list_namespaces}.
 *
 * <p>Which routes take a namespace, and how, is read from the EMQX source (release-61 and
 * release-63): the rules ({@code emqx_rule_engine_api.erl}), connectors ({@code
 * emqx_connector_api.erl}), actions and sources ({@code emqx_bridge_v2_api.erl}) take a query
 * parameter {@code ns} naming a managed namespace, and so does a trace's creation ({@code POST
 * /trace}, emqx_mgmt_api_trace.erl; the trace list shows every namespace's, each with its own);
 * release-60 has no such parameter (a namespace came only from the caller's own namespaced role).
 * Without {@code ns}, a global administrator's list shows every namespace's resources (each with
 * its {@code namespace}, null for the global one) and a single resource is looked up in the global
 * namespace. An {@code ns} that names no managed namespace is {@code 400 "Managed namespace not
 * found"}.
 *
 * <p>So a {@code namespace} argument needs EMQX 6.1, whatever the tool needs otherwise: a call that
 * gives one is gated on 6.1 ({@link #requirement}), and an older cluster answers {@code
 * UNSUPPORTED_BY_CLUSTER} with nothing sent, instead of silently ignoring the parameter. A call
 * without it costs no version read. The argument is always in the schema (tools/list is built
 * before any cluster's version is known, and must not change under a client that has read it): one
 * short property, described once here (docs/versions.md).
 */
final class Namespaces {

  /** The argument's name. */
  static final String ARGUMENT = "namespace";

  /** The oldest EMQX whose routes take {@code ns}. */
  static final Requirement SINCE = Requirement.of("6.1", ClusterFacts.Edition.OPENSOURCE);

  private Namespaces() {}

  /** Adds the optional {@code namespace} argument to the input of a tool over one resource. */
  static Schema arg(Schema input) {
    return input.prop(
        ARGUMENT,
        Schema.string("EMQX 6.1+ namespace (list_namespaces); none: global.").length(1, 256));
  }

  /** Adds it to a list's input: without one, EMQX 6.1+ lists every namespace's. */
  static Schema listArg(Schema input) {
    return input.prop(
        ARGUMENT,
        Schema.string("EMQX 6.1+: this namespace's only (list_namespaces).").length(1, 256));
  }

  /** The namespace a call names, or null. */
  static String of(Args args) {
    return args.optString(ARGUMENT);
  }

  /**
   * What a call needs: the tool's requirement, raised to 6.1 when it names a namespace (and the
   * tool takes one).
   */
  static Requirement requirement(ToolSpec spec, Args args) {
    Requirement own = spec.requires();
    if (of(args) == null || !takesNamespace(spec) || own.since().atLeast(SINCE.since())) {
      return own;
    }
    return new Requirement(SINCE.since(), own.edition());
  }

  @SuppressWarnings("unchecked")
  private static boolean takesNamespace(ToolSpec spec) {
    Object props = spec.inputSchema().get("properties");
    return props instanceof Map<?, ?> m && m.containsKey(ARGUMENT);
  }

  static List<ToolSpec> specs() {
    return List.of(listNamespaces());
  }

  /** A managed namespace; {@code created_at} as a date. */
  record Row(String name, String createdAt, Map<String, Object> config) {}

  /** Cursor paging as EMQX pages namespaces: the last name of a page starts the next one. */
  record Cursor(int limit, boolean hasnext, String after) {}

  record Listed(
      @io.emqx.mcp.emqx.model.Required List<Row> data,
      @io.emqx.mcp.emqx.model.Required Cursor meta) {}

  private static ToolSpec listNamespaces() {
    Schema input =
        Schema.object()
            .prop("after", Schema.string("meta.after of the previous page.").length(1, 256))
            .prop(
                "limit",
                Schema.integer("Per page.")
                    .range(1, Paging.MAX_LIMIT)
                    .defaultValue(Paging.DEFAULT_LIMIT))
            .closed();
    // Not in a default toolset: of no use on the 5.8 LTS line, and every default tool costs every
    // conversation (BoundedOutputTest); the namespace argument of the rule tools works without it.
    return ToolSpec.builder(Toolset.INTEGRATION, "list_namespaces")
        // /mt/managed_ns_list_details is in emqx_mt_api.erl from release-60; the ns parameter the
        // names are for, from release-61.
        .requires("6.1")
        .title("List namespaces")
        .description(
            "EMQX 6.1+ managed namespaces: name, created_at, config (limits); the names the "
                + "'namespace' argument of the rule and data-integration tools takes. Returns {data, "
                + "meta: {hasnext, after}}; pass meta.after as after for the next page.")
        .access(Access.READ)
        .input(input)
        .output(Paging.pageOf())
        .handler(
            call -> {
              int limit = Paging.limit(call.args());
              List<Map<String, Object>> found =
                  call.emqx().admin().listNamespaces(call.args().optString("after"), limit + 1);
              List<Row> rows = new ArrayList<>();
              for (Map<String, Object> n : found.subList(0, Math.min(limit, found.size()))) {
                rows.add(row(n));
              }
              boolean more = found.size() > limit;
              return new Listed(
                  rows, new Cursor(limit, more, more ? rows.get(rows.size() - 1).name() : null));
            })
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Row row(Map<String, Object> n) {
    Object created = n.get("created_at");
    return new Row(
        (String) n.get("name"),
        created instanceof Number s ? Instant.ofEpochSecond(s.longValue()).toString() : null,
        (Map<String, Object>) n.get("config"));
  }
}
