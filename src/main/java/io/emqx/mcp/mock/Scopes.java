package io.emqx.mcp.mock;

import java.util.List;
import java.util.Map;

/**
 * The API-key scope (EMQX 6.2+) of the routes the fake serves: each API module declares one in its
 * {@code scopes/0} (names in apps/emqx_utils/include/emqx_api_key_scopes.hrl; the modules at
 * release-63 are named beside their prefix). A path no module maps (such as {@code /status}) has no
 * scope, and every key may call it (emqx_mgmt_auth.erl check_path_in_scopes/2).
 */
final class Scopes {
  private static final List<Map.Entry<String, String>> BY_PREFIX =
      List.of(
          Map.entry("/clients", "connections"), // emqx_mgmt_api_clients
          Map.entry("/subscriptions", "connections"), // emqx_mgmt_api_subscriptions
          Map.entry("/topics", "connections"), // emqx_mgmt_api_topics
          Map.entry("/banned", "connections"), // emqx_mgmt_api_banned
          Map.entry("/mqtt/retainer", "connections"), // emqx_retainer_api
          Map.entry("/mqtt/delayed", "connections"), // emqx_delayed_api
          Map.entry("/publish", "publish"), // emqx_mgmt_api_publish
          Map.entry("/nodes", "cluster_operations"), // emqx_mgmt_api_nodes
          Map.entry("/mt", "cluster_operations"), // emqx_mt_api
          Map.entry("/stats", "monitoring"), // emqx_mgmt_api_stats
          Map.entry("/metrics", "monitoring"), // emqx_mgmt_api_metrics
          Map.entry("/alarms", "monitoring"), // emqx_mgmt_api_alarms
          Map.entry("/trace", "monitoring"), // emqx_mgmt_api_trace
          Map.entry("/slow_subscriptions", "monitoring"), // emqx_slow_subs_api
          Map.entry("/mqtt/topic_metrics", "monitoring"), // emqx_topic_metrics_api
          Map.entry("/monitor_current", "monitoring"), // emqx_dashboard_monitor_api
          Map.entry("/listeners", "system"), // emqx_mgmt_api_listeners
          Map.entry("/rules", "data_integration"), // emqx_rule_engine_api
          Map.entry("/connectors", "data_integration"), // emqx_connector_api
          Map.entry("/actions", "data_integration"), // emqx_bridge_v2_api
          Map.entry("/sources", "data_integration"), // emqx_bridge_v2_api
          Map.entry("/authentication", "access_control"), // emqx_authn_api
          Map.entry("/authorization", "access_control")); // emqx_authz_api_*

  private Scopes() {}

  /** The scope of {@code /api/v5/...}, or null when no module maps the path. */
  static String of(String path) {
    String p = path.startsWith("/api/v5/") ? path.substring("/api/v5".length()) : path;
    for (Map.Entry<String, String> e : BY_PREFIX) {
      if (p.equals(e.getKey()) || p.startsWith(e.getKey() + "/")) {
        return e.getValue();
      }
    }
    return null;
  }
}
