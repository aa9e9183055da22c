package io.emqx.mcp.emqx;

/**
 * An EMQX API route: method and path template relative to {@code /api/v5}. The templates are shared
 * with the tests and the fake so that all three speak of the same endpoints.
 */
public record Route(String method, String template) {

  public static final Route LIST_CLIENTS = new Route("GET", "/clients");
  public static final Route GET_CLIENT = new Route("GET", "/clients/{clientid}");
  public static final Route KICK_CLIENT = new Route("DELETE", "/clients/{clientid}");
  public static final Route PUBLISH = new Route("POST", "/publish");
  public static final Route PUBLISH_BULK = new Route("POST", "/publish/bulk");
  public static final Route CLIENT_SUBSCRIPTIONS =
      new Route("GET", "/clients/{clientid}/subscriptions");
  public static final Route SUBSCRIBE = new Route("POST", "/clients/{clientid}/subscribe");
  public static final Route UNSUBSCRIBE = new Route("POST", "/clients/{clientid}/unsubscribe");
  public static final Route LIST_SUBSCRIPTIONS = new Route("GET", "/subscriptions");
  public static final Route LIST_TOPICS = new Route("GET", "/topics");
  public static final Route LIST_RETAINED = new Route("GET", "/mqtt/retainer/messages");
  public static final Route GET_RETAINED = new Route("GET", "/mqtt/retainer/message/{topic}");
  public static final Route DELETE_RETAINED = new Route("DELETE", "/mqtt/retainer/message/{topic}");
  public static final Route LIST_BANNED = new Route("GET", "/banned");
  public static final Route BAN = new Route("POST", "/banned");
  public static final Route UNBAN = new Route("DELETE", "/banned/{as}/{who}");
  public static final Route LIST_NODES = new Route("GET", "/nodes");
  public static final Route GET_NODE = new Route("GET", "/nodes/{node}");
  public static final Route NODE_STATS = new Route("GET", "/nodes/{node}/stats");
  public static final Route NODE_METRICS = new Route("GET", "/nodes/{node}/metrics");
  public static final Route STATS = new Route("GET", "/stats");
  public static final Route METRICS = new Route("GET", "/metrics");
  public static final Route LIST_ALARMS = new Route("GET", "/alarms");
  public static final Route LIST_LISTENERS = new Route("GET", "/listeners");
  public static final Route LIST_RULES = new Route("GET", "/rules");
  public static final Route GET_RULE = new Route("GET", "/rules/{id}");
  public static final Route RULE_METRICS = new Route("GET", "/rules/{id}/metrics");

  // Access control (apps/emqx_auth at v5.8.9: emqx_authn_api.erl, emqx_authz_api_sources.erl,
  // emqx_authz_api_cache.erl; the per-client cache in emqx_mgmt_api_clients.erl).
  public static final Route LIST_AUTHN = new Route("GET", "/authentication");
  public static final Route AUTHN_STATUS = new Route("GET", "/authentication/{id}/status");
  public static final Route LIST_AUTHZ = new Route("GET", "/authorization/sources");
  public static final Route AUTHZ_STATUS = new Route("GET", "/authorization/sources/{type}/status");
  public static final Route CLIENT_AUTHZ_CACHE =
      new Route("GET", "/clients/{clientid}/authorization/cache");
  public static final Route CLEAR_CLIENT_AUTHZ_CACHE =
      new Route("DELETE", "/clients/{clientid}/authorization/cache");
  public static final Route CLEAR_AUTHZ_CACHE = new Route("DELETE", "/authorization/cache");
  public static final Route KICK_CLIENTS = new Route("POST", "/clients/kickout/bulk");
  // Traces (emqx_mgmt_api_trace.erl at v5.8.9).
  public static final Route LIST_TRACES = new Route("GET", "/trace");
  public static final Route START_TRACE = new Route("POST", "/trace");
  public static final Route STOP_TRACE = new Route("PUT", "/trace/{name}/stop");
  public static final Route DELETE_TRACE = new Route("DELETE", "/trace/{name}");
  public static final Route TRACE_LOG_DETAIL = new Route("GET", "/trace/{name}/log_detail");
  public static final Route TRACE_LOG = new Route("GET", "/trace/{name}/log");
  // Performance (emqx_slow_subs_api.erl, emqx_topic_metrics_api.erl,
  // emqx_dashboard_monitor_api.erl).
  public static final Route SLOW_SUBSCRIPTIONS = new Route("GET", "/slow_subscriptions");
  public static final Route SLOW_SUBSCRIPTIONS_SETTINGS =
      new Route("GET", "/slow_subscriptions/settings");
  public static final Route LIST_TOPIC_METRICS = new Route("GET", "/mqtt/topic_metrics");
  public static final Route GET_TOPIC_METRICS = new Route("GET", "/mqtt/topic_metrics/{topic}");
  public static final Route TRACK_TOPIC_METRICS = new Route("POST", "/mqtt/topic_metrics");
  public static final Route UNTRACK_TOPIC_METRICS =
      new Route("DELETE", "/mqtt/topic_metrics/{topic}");
  public static final Route MONITOR_CURRENT = new Route("GET", "/monitor_current");
  public static final Route NODE_MONITOR_CURRENT =
      new Route("GET", "/monitor_current/nodes/{node}");
  // Queues (emqx_mgmt_api_clients.erl, EMQX 5.6+; emqx_delayed_api.erl).
  public static final Route CLIENT_MQUEUE = new Route("GET", "/clients/{clientid}/mqueue_messages");
  public static final Route CLIENT_INFLIGHT =
      new Route("GET", "/clients/{clientid}/inflight_messages");
  public static final Route LIST_DELAYED = new Route("GET", "/mqtt/delayed/messages");
  public static final Route GET_DELAYED = new Route("GET", "/mqtt/delayed/messages/{node}/{msgid}");
  public static final Route DELETE_DELAYED =
      new Route("DELETE", "/mqtt/delayed/messages/{node}/{msgid}");
  // Data integration (emqx_connector_api.erl, emqx_bridge_v2_api.erl, emqx_rule_engine_api.erl).
  public static final Route LIST_CONNECTORS = new Route("GET", "/connectors");
  public static final Route LIST_ACTIONS = new Route("GET", "/actions");
  public static final Route ACTION_METRICS = new Route("GET", "/actions/{id}/metrics");
  public static final Route LIST_SOURCES = new Route("GET", "/sources");
  public static final Route SOURCE_METRICS = new Route("GET", "/sources/{id}/metrics");
  public static final Route UPDATE_RULE = new Route("PUT", "/rules/{id}");
  // Namespaces (EMQX 6.0+: apps/emqx_mt/src/emqx_mt_api.erl, release-60 to release-63).
  public static final Route LIST_NAMESPACES = new Route("GET", "/mt/managed_ns_list_details");

  /** The health endpoint; EMQX serves it without authentication. */
  public static final Route STATUS = new Route("GET", "/status");

  /**
   * The API-key scope EMQX 6.2+ checks for this route: each API module declares one in its {@code
   * scopes/0} (the names in apps/emqx_utils/include/emqx_api_key_scopes.hrl; the check in
   * apps/emqx_management/src/emqx_mgmt_auth.erl check_scopes/2, release-62 and release-63). Keyed
   * by path prefix, longest first; the module that serves each prefix is named beside it.
   */
  private static final java.util.List<java.util.Map.Entry<String, String>> SCOPES =
      java.util.List.of(
          java.util.Map.entry("/clients", "connections"), // emqx_mgmt_api_clients
          java.util.Map.entry("/subscriptions", "connections"), // emqx_mgmt_api_subscriptions
          java.util.Map.entry("/topics", "connections"), // emqx_mgmt_api_topics
          java.util.Map.entry("/banned", "connections"), // emqx_mgmt_api_banned
          java.util.Map.entry("/mqtt/retainer", "connections"), // emqx_retainer_api
          java.util.Map.entry("/mqtt/delayed", "connections"), // emqx_delayed_api
          java.util.Map.entry("/publish", "publish"), // emqx_mgmt_api_publish
          java.util.Map.entry("/nodes", "cluster_operations"), // emqx_mgmt_api_nodes
          java.util.Map.entry("/mt/", "cluster_operations"), // emqx_mt_api
          java.util.Map.entry("/stats", "monitoring"), // emqx_mgmt_api_stats
          java.util.Map.entry("/metrics", "monitoring"), // emqx_mgmt_api_metrics
          java.util.Map.entry("/alarms", "monitoring"), // emqx_mgmt_api_alarms
          java.util.Map.entry("/trace", "monitoring"), // emqx_mgmt_api_trace
          java.util.Map.entry("/slow_subscriptions", "monitoring"), // emqx_slow_subs_api
          java.util.Map.entry("/mqtt/topic_metrics", "monitoring"), // emqx_topic_metrics_api
          java.util.Map.entry("/monitor_current", "monitoring"), // emqx_dashboard_monitor_api
          java.util.Map.entry("/listeners", "system"), // emqx_mgmt_api_listeners
          java.util.Map.entry("/status", "system"), // emqx_mgmt_api_status
          java.util.Map.entry("/rules", "data_integration"), // emqx_rule_engine_api
          java.util.Map.entry("/connectors", "data_integration"), // emqx_connector_api
          java.util.Map.entry("/actions", "data_integration"), // emqx_bridge_v2_api
          java.util.Map.entry("/sources", "data_integration"), // emqx_bridge_v2_api
          java.util.Map.entry("/authentication", "access_control"), // emqx_authn_api
          java.util.Map.entry("/authorization", "access_control")); // emqx_authz_api_*

  /** The API-key scope (EMQX 6.2+) that grants this route, e.g. {@code connections}. */
  public String scope() {
    for (var e : SCOPES) {
      if (template.equals(e.getKey())
          || template.startsWith(e.getKey().endsWith("/") ? e.getKey() : e.getKey() + "/")) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("no API-key scope known for " + this);
  }

  /**
   * The least role that may call this route, for an API key (EMQX 5.x Enterprise and 5.9+: {@code
   * viewer}, {@code publisher}, {@code administrator}) or a dashboard user ({@code viewer}, {@code
   * administrator}): a viewer may make every GET, a publisher only the two publish POSTs, anything
   * else needs an administrator (apps/emqx_dashboard_rbac/src/emqx_dashboard_rbac.erl check_rbac/4,
   * e5.8.11 and release-63).
   */
  public String leastRole() {
    if (method.equals("GET")) {
      return "viewer";
    }
    return method.equals("POST") && (equals(PUBLISH) || equals(PUBLISH_BULK))
        ? "publisher"
        : "administrator";
  }

  /** False only for {@link #STATUS}: the one route we call without the API key. */
  public boolean needsAuth() {
    // Field by field, not the record's equals: that is linked at its first call (about 8 ms in a
    // JVM that has just started), and this runs in every request, the first tool call's included.
    return !(method.equals(STATUS.method) && template.equals(STATUS.template));
  }

  /** True for requests that change the broker (everything but GET). */
  public boolean mutates() {
    return !method.equals("GET");
  }

  @Override
  public String toString() {
    return method + " " + template;
  }
}
