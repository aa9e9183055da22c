package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which namespace a rules, connectors, actions or sources request is about, as EMQX 6.1+ resolves
 * it for a global administrator's API key (the {@code filter/2} of emqx_rule_engine_api.erl,
 * emqx_connector_api.erl and emqx_bridge_v2_api.erl, release-61 and release-63: {@code
 * parse_namespace/1}, then {@code validate_managed_namespace/2}):
 *
 * <ul>
 *   <li>{@code ns=X} names a managed namespace: only its resources; an {@code X} that is not
 *       managed is {@code 400 BAD_REQUEST "Managed namespace not found"};
 *   <li>no {@code ns}: one resource is looked up in the global namespace, and a list shows every
 *       namespace's ({@code all}) unless {@code only_global=true};
 *   <li>every resource carries {@code namespace}, null for a global one ({@code namespace_out/1}).
 * </ul>
 *
 * Before 6.1 the routes have no {@code ns} parameter (release-60 has none) and minirest ignores a
 * query parameter a route does not declare, so the fake plays 5.x and 6.0 without namespaced
 * resources and without the {@code namespace} field.
 *
 * @param ns the namespace asked for; null: the global namespace
 * @param all a list of every namespace's resources
 * @param namespaced whether the release has namespaced resources (6.1+)
 */
record NamespaceScope(String ns, boolean all, boolean namespaced) {

  /** A request for one resource (a rule, its metrics, an action's metrics). */
  static NamespaceScope ofOne(ClusterState state, Call call) {
    return resolve(state, call, false);
  }

  /** A list, which takes {@code only_global} besides {@code ns}. */
  static NamespaceScope ofList(ClusterState state, Call call) {
    return resolve(state, call, true);
  }

  private static NamespaceScope resolve(ClusterState state, Call call, boolean list) {
    if (!state.atLeast(6, 1)) {
      return new NamespaceScope(null, false, false);
    }
    String ns = call.query("ns");
    // only_global is a boolean() of the list routes' schema, checked before the filter runs.
    Boolean onlyGlobal = list ? Query.bool(call, "only_global") : null;
    if (ns != null && !NamespacesApi.managed(state).contains(ns)) {
      throw ApiError.of(400, "BAD_REQUEST", "Managed namespace not found");
    }
    return new NamespaceScope(ns, list && ns == null && !Boolean.TRUE.equals(onlyGlobal), true);
  }

  /** Whether a seed entry belongs to what was asked for. */
  boolean covers(JsonNode entry) {
    String owner = Json.text(entry, "namespace");
    if (!namespaced) {
      return owner == null;
    }
    return all || java.util.Objects.equals(owner, ns);
  }

  /** The entry as EMQX shows it: with {@code namespace} (null: global) from 6.1, without before. */
  ObjectNode shown(JsonNode entry) {
    ObjectNode copy = entry.deepCopy();
    if (namespaced) {
      if (!copy.has("namespace")) {
        copy.putNull("namespace");
      }
    } else {
      copy.remove("namespace");
    }
    return copy;
  }
}
