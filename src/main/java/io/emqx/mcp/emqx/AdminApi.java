package io.emqx.mcp.emqx;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The rest of EMQX's admin API, beside {@link EmqxClient}'s core: access control, traces, slow
 * subscriptions, topic metrics, current rates, a client's queues, delayed messages, bulk kick-out
 * and data integration. Same contract as {@link EmqxClient}: one method per endpoint, records or
 * checked maps out, {@link EmqxApiException} for every failure, nothing of MCP. Shapes and status
 * codes are from EMQX v5.8.9 (identical at e5.8.11), the files named on each route in {@link
 * Route}.
 */
public final class AdminApi {

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};
  private static final TypeReference<Page<Map<String, Object>>> OBJECT_PAGE =
      new TypeReference<>() {};

  private final HttpExchange http;

  AdminApi(HttpExchange http) {
    this.http = http;
  }

  // ---- access control -------------------------------------------------------------------------

  /**
   * An authenticator as {@code GET /authentication} lists it: its (redacted) config with its ID.
   */
  private record Authenticator(
      @Required String id, String mechanism, String backend, Boolean enable) {}

  /**
   * {@code GET /authentication}: the global chain, in order; secrets come back as {@code ******}.
   */
  public List<Map<String, Object>> listAuthenticators() {
    return list(
        Route.LIST_AUTHN, http.url(Route.LIST_AUTHN), new TypeReference<List<Authenticator>>() {});
  }

  /**
   * The status answer of an authenticator or authorization source (emqx_authn_api
   * lookup_from_all_nodes).
   */
  private record Status(
      @Required String status,
      Map<String, Object> metrics,
      List<Object> nodeStatus,
      List<Object> nodeError) {}

  /**
   * {@code GET /authentication/{id}/status}: aggregated status and metrics; 404 for an unknown ID.
   */
  public Map<String, Object> authenticatorStatus(String id) {
    return object(Route.AUTHN_STATUS, http.url(Route.AUTHN_STATUS, id), Status.class);
  }

  /**
   * {@code GET /authorization/sources}: {@code {"sources": [...]}}, in the order they are
   * consulted.
   */
  private record Sources(@Required List<Source> sources) {}

  private record Source(@Required String type, Boolean enable) {}

  public List<Map<String, Object>> listAuthzSources() {
    return http.exchange(
        Route.LIST_AUTHZ,
        http.url(Route.LIST_AUTHZ).build(),
        null,
        (status, body) -> {
          JsonNode node = http.tree(body);
          Shape.check(node, Sources.class);
          return io.emqx.mcp.Json.MAPPER.convertValue(node.get("sources"), OBJECTS);
        });
  }

  /**
   * {@code GET /authorization/sources/{type}/status}; 404 {@code Not found: type} when not
   * configured.
   */
  public Map<String, Object> authzSourceStatus(String type) {
    return object(Route.AUTHZ_STATUS, http.url(Route.AUTHZ_STATUS, type), Status.class);
  }

  /** One cached decision (emqx_mgmt_api_clients format_authz_cache, v5.8.9). */
  private record CacheEntry(
      @Required String access, @Required String topic, @Required String result, Long updatedTime) {}

  /** {@code GET /clients/{clientid}/authorization/cache}: a bare array; 404 CLIENTID_NOT_FOUND. */
  public List<Map<String, Object>> clientAuthzCache(String clientid) {
    return list(
        Route.CLIENT_AUTHZ_CACHE,
        http.url(Route.CLIENT_AUTHZ_CACHE, clientid),
        new TypeReference<List<CacheEntry>>() {});
  }

  /** {@code DELETE /clients/{clientid}/authorization/cache}: 204; 404 CLIENTID_NOT_FOUND. */
  public void clearClientAuthzCache(String clientid) {
    send(Route.CLEAR_CLIENT_AUTHZ_CACHE, http.url(Route.CLEAR_CLIENT_AUTHZ_CACHE, clientid), null);
  }

  /** {@code DELETE /authorization/cache}: every client on every running node; 204. */
  public void clearAuthzCache() {
    send(Route.CLEAR_AUTHZ_CACHE, http.url(Route.CLEAR_AUTHZ_CACHE), null);
  }

  /**
   * {@code POST /clients/kickout/bulk} with a JSON array of IDs: 204 whether or not each was
   * connected (EMQX kicks what it finds on every running node and says nothing of the rest).
   */
  public void kickClients(List<String> clientids) {
    send(Route.KICK_CLIENTS, http.url(Route.KICK_CLIENTS), List.copyOf(clientids));
  }

  // ---- traces ---------------------------------------------------------------------------------

  /**
   * A trace as listed (emqx_mgmt_api_trace trace(get), v5.8.9): the filter sits under its type's
   * key.
   */
  private record Trace(
      @Required String name,
      @Required String type,
      String status,
      String startAt,
      String endAt,
      String payloadEncode,
      Map<String, Long> logSize) {}

  /** {@code GET /trace}: every trace (EMQX keeps at most 30), newest first. */
  public List<Map<String, Object>> listTraces() {
    return list(
        Route.LIST_TRACES, http.url(Route.LIST_TRACES), new TypeReference<List<Trace>>() {});
  }

  /**
   * {@code POST /trace}: 200 with the trace; 409 ALREADY_EXISTS / DUPLICATE_CONDITION, 400
   * INVALID_PARAMS.
   */
  public Map<String, Object> startTrace(Map<String, Object> request) {
    return startTrace(request, null);
  }

  /**
   * As above, in namespace {@code ns} (EMQX 6.1+: {@code POST /trace?ns=}, emqx_mgmt_api_trace.erl
   * at release-61 and release-63); null: the global namespace.
   */
  public Map<String, Object> startTrace(Map<String, Object> request, String ns) {
    HttpUrl.Builder builder = http.url(Route.START_TRACE);
    HttpExchange.query(builder, "ns", ns);
    HttpUrl url = builder.build();
    return http.exchange(
        Route.START_TRACE, url, request, (status, body) -> http.read(body, Trace.class, OBJECT));
  }

  private record Stopped(@Required String name, Boolean enable) {}

  /** {@code PUT /trace/{name}/stop}: 200 {@code {"enable": false, "name"}}; 404 NOT_FOUND. */
  public Map<String, Object> stopTrace(String name) {
    HttpUrl url = http.url(Route.STOP_TRACE, name).build();
    return http.exchange(
        Route.STOP_TRACE, url, null, (status, body) -> http.read(body, Stopped.class, OBJECT));
  }

  /** {@code DELETE /trace/{name}}: 204, and the log files go; 404 NOT_FOUND. */
  public void deleteTrace(String name) {
    send(Route.DELETE_TRACE, http.url(Route.DELETE_TRACE, name), null);
  }

  /** One node's log file of a trace: size in bytes, mtime in epoch seconds. */
  public record LogFile(@Required String node, @Required Long size, Long mtime) {}

  /**
   * {@code GET /trace/{name}/log_detail}: the log file on each node that has one; 404 NOT_FOUND.
   */
  public List<LogFile> traceLogFiles(String name) {
    return get(
        Route.TRACE_LOG_DETAIL,
        http.url(Route.TRACE_LOG_DETAIL, name),
        new TypeReference<List<LogFile>>() {});
  }

  /** A chunk of a trace log: the text, and the position after it. */
  public record LogChunk(@Required String items, @Required Meta meta) {
    /** Where the next read starts, and the bytes asked for. */
    public record Meta(@Required Long position, Long bytes) {}
  }

  /**
   * {@code GET /trace/{name}/log?position&bytes&node}: up to {@code bytes} from {@code position}.
   * Past the end EMQX answers empty items with the file size as position; a waiting trace, empty.
   */
  public LogChunk traceLog(String name, String node, long position, int bytes) {
    HttpUrl.Builder url = http.url(Route.TRACE_LOG, name);
    HttpExchange.query(url, "position", position);
    HttpExchange.query(url, "bytes", bytes);
    HttpExchange.query(url, "node", node);
    return get(Route.TRACE_LOG, url, new TypeReference<LogChunk>() {});
  }

  // ---- performance ----------------------------------------------------------------------------

  private record SlowSubscription(
      @Required String clientid,
      @Required String topic,
      String node,
      Long timespan,
      Long lastUpdateTime) {}

  private record SlowSubscriptions(@Required List<SlowSubscription> data) {}

  /**
   * {@code GET /slow_subscriptions}: {@code {"data": [...]}} slowest first, at most 1000; no
   * paging.
   */
  public List<Map<String, Object>> slowSubscriptions() {
    return http.exchange(
        Route.SLOW_SUBSCRIPTIONS,
        http.url(Route.SLOW_SUBSCRIPTIONS).build(),
        null,
        (status, body) -> {
          JsonNode node = http.tree(body);
          Shape.check(node, SlowSubscriptions.class);
          return io.emqx.mcp.Json.MAPPER.convertValue(node.get("data"), OBJECTS);
        });
  }

  private record SlowSettings(
      Boolean enable, String threshold, Integer topKNum, String statsType) {}

  /**
   * {@code GET /slow_subscriptions/settings}: enable, threshold ("500ms"), top_k_num, stats_type.
   */
  public Map<String, Object> slowSubscriptionSettings() {
    return object(
        Route.SLOW_SUBSCRIPTIONS_SETTINGS,
        http.url(Route.SLOW_SUBSCRIPTIONS_SETTINGS),
        SlowSettings.class);
  }

  /**
   * A tracked topic's counters (emqx_topic_metrics format/1, v5.8.9): keys like {@code
   * messages.in.count}.
   */
  private record TopicMetrics(
      @Required String topic,
      @Required Map<String, Double> metrics,
      String createTime,
      String resetTime) {}

  /** {@code GET /mqtt/topic_metrics}: every tracked topic (at most 512), summed over the nodes. */
  public List<Map<String, Object>> listTopicMetrics() {
    return list(
        Route.LIST_TOPIC_METRICS,
        http.url(Route.LIST_TOPIC_METRICS),
        new TypeReference<List<TopicMetrics>>() {});
  }

  /** {@code GET /mqtt/topic_metrics/{topic}}: 404 TOPIC_NOT_FOUND when the topic is not tracked. */
  public Map<String, Object> topicMetrics(String topic) {
    return object(
        Route.GET_TOPIC_METRICS, http.url(Route.GET_TOPIC_METRICS, topic), TopicMetrics.class);
  }

  /**
   * {@code POST /mqtt/topic_metrics}: 200 with the new counters; 400 BAD_TOPIC, 409 EXCEED_LIMIT.
   */
  public Map<String, Object> trackTopicMetrics(String topic) {
    HttpUrl url = http.url(Route.TRACK_TOPIC_METRICS).build();
    return http.exchange(
        Route.TRACK_TOPIC_METRICS,
        url,
        Map.of("topic", topic),
        (status, body) -> http.read(body, TopicMetrics.class, OBJECT));
  }

  /** {@code DELETE /mqtt/topic_metrics/{topic}}: 204; 404 TOPIC_NOT_FOUND. */
  public void untrackTopicMetrics(String topic) {
    send(Route.UNTRACK_TOPIC_METRICS, http.url(Route.UNTRACK_TOPIC_METRICS, topic), null);
  }

  /**
   * {@code GET /monitor_current} (node null) or {@code /monitor_current/nodes/{node}}: current
   * rates per second and gauges, all integers; 404 {@code Node not found} for an unknown node.
   */
  public Map<String, Object> currentRates(String node) {
    Route route = node == null ? Route.MONITOR_CURRENT : Route.NODE_MONITOR_CURRENT;
    HttpUrl url = (node == null ? http.url(route) : http.url(route, node)).build();
    return http.exchange(
        route,
        url,
        null,
        (status, body) -> {
          JsonNode tree = http.tree(body);
          Shape.check(tree, Map.class);
          Shape.checkFigures("", tree);
          return http.read(body, OBJECT);
        });
  }

  // ---- a client's queues, delayed messages ----------------------------------------------------

  /** A queued or in-flight message (emqx_mgmt_api_clients format_msg, v5.8.9). */
  private record QueuedMessage(
      @Required String msgid,
      @Required String topic,
      Integer qos,
      Long publishAt,
      String fromClientid,
      String fromUsername,
      String insertedAt,
      Object mqueuePriority,
      String payload) {}

  private record Continuation(@Required String position, String start) {}

  private record QueuedPage(@Required List<QueuedMessage> data, @Required Continuation meta) {}

  /**
   * {@code GET /clients/{clientid}/mqueue_messages} or {@code inflight_messages} (EMQX 5.6+), paged
   * by an opaque {@code position} (null or "none": from the start), not by page numbers. {@code
   * meta.position} is the last message returned (or the one given, when none were).
   */
  public Map<String, Object> clientMessages(
      boolean inflight,
      String clientid,
      String position,
      int limit,
      String payload,
      long maxPayloadBytes) {
    Route route = inflight ? Route.CLIENT_INFLIGHT : Route.CLIENT_MQUEUE;
    HttpUrl.Builder url = http.url(route, clientid);
    HttpExchange.query(url, "position", position);
    HttpExchange.query(url, "limit", limit);
    HttpExchange.query(url, "payload", payload);
    HttpExchange.query(url, "max_payload_bytes", maxPayloadBytes);
    return object(route, url, QueuedPage.class);
  }

  private record Delayed(
      @Required String msgid,
      @Required String node,
      @Required String topic,
      Integer qos,
      String fromClientid,
      String publishAt,
      String expectedAt,
      Long delayedInterval,
      Long delayedRemaining) {}

  /**
   * {@code GET /mqtt/delayed/messages}: a page of the cluster's delayed messages, without payloads.
   */
  public Page<Map<String, Object>> listDelayed(int page, int limit) {
    HttpUrl.Builder url = http.url(Route.LIST_DELAYED);
    HttpExchange.query(url, "page", page);
    HttpExchange.query(url, "limit", limit);
    return http.exchange(
        Route.LIST_DELAYED,
        url.build(),
        null,
        (status, body) -> {
          JsonNode node = http.tree(body);
          Shape.check(node, new TypeReference<Page<Delayed>>() {}.getType());
          return io.emqx.mcp.Json.MAPPER.convertValue(node, OBJECT_PAGE);
        });
  }

  /**
   * {@code GET /mqtt/delayed/messages/{node}/{msgid}}: with the payload; 404 MESSAGE_ID_NOT_FOUND.
   */
  public Map<String, Object> getDelayed(String node, String msgid) {
    return object(Route.GET_DELAYED, http.url(Route.GET_DELAYED, node, msgid), Delayed.class);
  }

  /** {@code DELETE /mqtt/delayed/messages/{node}/{msgid}}: 204; 404 MESSAGE_ID_NOT_FOUND. */
  public void deleteDelayed(String node, String msgid) {
    send(Route.DELETE_DELAYED, http.url(Route.DELETE_DELAYED, node, msgid), null);
  }

  // ---- data integration -----------------------------------------------------------------------

  /** A connector, action or source as listed: its (redacted) config with status, per node too. */
  private record Bridge(
      @Required String type,
      @Required String name,
      Boolean enable,
      String status,
      String statusReason,
      List<Object> nodeStatus) {}

  /** {@code GET /connectors}: every connector, with the actions and sources it serves. */
  public List<Map<String, Object>> listConnectors() {
    return listConnectors(null);
  }

  /**
   * {@code GET /connectors?ns=}: namespace {@code ns}'s (EMQX 6.1+, emqx_connector_api.erl at
   * release-61 and release-63); null: none sent, and a 6.1+ cluster lists every namespace's.
   */
  public List<Map<String, Object>> listConnectors(String ns) {
    HttpUrl.Builder url = http.url(Route.LIST_CONNECTORS);
    HttpExchange.query(url, "ns", ns);
    return list(Route.LIST_CONNECTORS, url, new TypeReference<List<Bridge>>() {});
  }

  /**
   * {@code GET /actions} or {@code GET /sources}: every one, with status and the rules that use it.
   */
  public List<Map<String, Object>> listBridges(boolean sources) {
    return listBridges(sources, null);
  }

  /** As above, in namespace {@code ns} (emqx_bridge_v2_api.erl, release-61 and release-63). */
  public List<Map<String, Object>> listBridges(boolean sources, String ns) {
    Route route = sources ? Route.LIST_SOURCES : Route.LIST_ACTIONS;
    HttpUrl.Builder url = http.url(route);
    HttpExchange.query(url, "ns", ns);
    return list(route, url, new TypeReference<List<Bridge>>() {});
  }

  private record BridgeMetrics(@Required Map<String, Double> metrics, List<Object> nodeMetrics) {}

  /**
   * {@code GET /actions/{type:name}/metrics} (or sources): summed and per node; 404 for an unknown
   * one.
   */
  public Map<String, Object> bridgeMetrics(boolean source, String id) {
    return bridgeMetrics(source, id, null);
  }

  /** As above, of namespace {@code ns}'s action or source (null: the global one). */
  public Map<String, Object> bridgeMetrics(boolean source, String id, String ns) {
    Route route = source ? Route.SOURCE_METRICS : Route.ACTION_METRICS;
    HttpUrl.Builder url = http.url(route, id);
    HttpExchange.query(url, "ns", ns);
    return object(route, url, BridgeMetrics.class);
  }

  /**
   * {@code PUT /rules/{id}} with {@code {"enable": …}}: EMQX merges it into the rule's config and
   * answers 200 with the rule. An unknown ID is not a 404 there (a PUT would create the rule, and
   * fails its schema: 400), so callers look the rule up first.
   */
  public Map<String, Object> setRuleEnabled(String id, boolean enable) {
    return setRuleEnabled(id, enable, null);
  }

  /** As above, for namespace {@code ns}'s rule (null: the global one). */
  public Map<String, Object> setRuleEnabled(String id, boolean enable, String ns) {
    HttpUrl.Builder builder = http.url(Route.UPDATE_RULE, id);
    HttpExchange.query(builder, "ns", ns);
    HttpUrl url = builder.build();
    return http.exchange(
        Route.UPDATE_RULE,
        url,
        Map.of("enable", enable),
        (status, body) -> http.read(body, RuleEcho.class, OBJECT));
  }

  private record RuleEcho(@Required String id, Boolean enable) {}

  // ---- namespaces (EMQX 6) --------------------------------------------------------------------

  /** A managed namespace as {@code /mt/managed_ns_list_details} answers it. */
  private record Namespace(@Required String name, Long createdAt, Map<String, Object> config) {}

  /**
   * {@code GET /mt/managed_ns_list_details?limit=&last_ns=}: up to {@code limit} managed namespaces
   * (the ones that hold their own rules, connectors, actions and sources, and that the {@code ns}
   * parameter names), sorted by name, after {@code after} (null: from the first). EMQX 6.0+
   * (apps/emqx_mt/src/emqx_mt_api.erl, release-60 to release-63): a page that is not the last also
   * carries a {@code link} header, which callers need not read: asking one more than they show says
   * whether there is more.
   */
  public List<Map<String, Object>> listNamespaces(String after, int limit) {
    HttpUrl.Builder url = http.url(Route.LIST_NAMESPACES);
    HttpExchange.query(url, "limit", limit);
    HttpExchange.query(url, "last_ns", after);
    return list(Route.LIST_NAMESPACES, url, new TypeReference<List<Namespace>>() {});
  }

  // ---------------------------------------------------------------------------------------------

  private <T> T get(Route route, HttpUrl.Builder url, TypeReference<T> type) {
    return http.exchange(route, url.build(), null, (status, body) -> http.read(body, type));
  }

  private Map<String, Object> object(Route route, HttpUrl.Builder url, Class<?> shape) {
    return http.exchange(
        route, url.build(), null, (status, body) -> http.read(body, shape, OBJECT));
  }

  /** A bare JSON array whose elements are each checked against {@code element}. */
  private List<Map<String, Object>> list(Route route, HttpUrl.Builder url, TypeReference<?> shape) {
    return http.exchange(
        route, url.build(), null, (status, body) -> http.read(body, shape.getType(), OBJECTS));
  }

  private void send(Route route, HttpUrl.Builder url, Object body) {
    http.exchange(route, url.build(), body, HttpExchange.NO_BODY);
  }
}
