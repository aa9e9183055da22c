package io.emqx.mcp.emqx;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.model.Alarm;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.BrokerStatus;
import io.emqx.mcp.emqx.model.ClientQuery;
import io.emqx.mcp.emqx.model.ClientSummary;
import io.emqx.mcp.emqx.model.Listener;
import io.emqx.mcp.emqx.model.NodeInfo;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.PublishRequest;
import io.emqx.mcp.emqx.model.PublishResult;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.emqx.model.RetainedMessage;
import io.emqx.mcp.emqx.model.Rule;
import io.emqx.mcp.emqx.model.RuleMetrics;
import io.emqx.mcp.emqx.model.SubscribeRequest;
import io.emqx.mcp.emqx.model.Subscription;
import io.emqx.mcp.emqx.model.SubscriptionQuery;
import io.emqx.mcp.emqx.model.TopicRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The EMQX v5 REST API, one method per endpoint, over one shared HTTP client (connection reuse
 * matters: agents call in bursts). It returns records and throws only {@link EmqxApiException}; it
 * knows nothing of MCP. EMQX's shape quirks are smoothed here, where they bite: stats and metrics
 * come back as a list whether EMQX sent an array or one aggregated object, and a banned page always
 * has {@code hasnext}.
 *
 * <p>Every answer is checked against what EMQX promises before it is decoded ({@link Shape}: the
 * record types, {@code @Required} on what EMQX always sends, and the small records below for
 * answers kept whole), so a tool gets a well-formed value or an {@link EmqxApiException}, never a
 * null.
 */
public final class EmqxClient {

  private static final TypeReference<Page<ClientSummary>> CLIENT_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<Subscription>> SUBSCRIPTION_PAGE =
      new TypeReference<>() {};
  private static final TypeReference<Page<TopicRoute>> ROUTE_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<RetainedMessage>> RETAINED_PAGE =
      new TypeReference<>() {};
  private static final TypeReference<Page<Ban>> BAN_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<Alarm>> ALARM_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<Rule>> RULE_PAGE = new TypeReference<>() {};
  private static final TypeReference<List<Subscription>> SUBSCRIPTIONS = new TypeReference<>() {};
  private static final TypeReference<List<NodeInfo>> NODES = new TypeReference<>() {};
  private static final TypeReference<List<Listener>> LISTENERS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<Subscription> SUBSCRIPTION = new TypeReference<>() {};
  private static final TypeReference<RetainedMessage> RETAINED = new TypeReference<>() {};
  private static final TypeReference<Ban> BAN = new TypeReference<>() {};
  private static final TypeReference<Rule> RULE = new TypeReference<>() {};
  private static final TypeReference<RuleMetrics> RULE_METRICS = new TypeReference<>() {};

  private final HttpExchange http;
  private final AdminApi admin;
  private final FactsCache facts;
  private final Duration requestTimeout;

  public EmqxClient(Settings.Emqx settings, boolean readOnly) {
    this(settings, readOnly, null);
  }

  /**
   * @param cluster the name messages give the cluster (its read-only refusal), null for none
   */
  public EmqxClient(Settings.Emqx settings, boolean readOnly, String cluster) {
    this.http = new HttpExchange(settings, readOnly, cluster);
    this.admin = new AdminApi(http);
    this.requestTimeout = settings.requestTimeout();
    this.facts = new FactsCache(this::readFacts, http::connectionEpoch);
    http.gateWith(this::facts);
  }

  /**
   * Builds the HTTP client without sending anything, so that a start-up can do it off the first
   * call's path. A TLS setting that cannot be loaded throws here as it will in that call, which
   * reports it.
   */
  public void prepare() {
    http.prepare();
  }

  // ---- what the cluster is --------------------------------------------------------------------

  /**
   * The cluster's version, edition and nodes: {@code GET /nodes} on first use and again after a
   * reconnect, else remembered. Waits at most the request timeout for a detection another call
   * started.
   *
   * @throws EmqxApiException when EMQX could not be asked or its answer states no version; nothing
   *     is remembered then, so the next call asks again
   */
  public ClusterFacts facts() {
    // The detection's own request is bounded by the request timeout; the margin covers its queue.
    return facts(requestTimeout.plusSeconds(1));
  }

  /** {@link #facts()}, waiting at most {@code maxWait} for a detection in flight. */
  public ClusterFacts facts(Duration maxWait) {
    return facts.get(maxWait);
  }

  /**
   * The facts last read, without asking EMQX: null before the first successful detection. They may
   * be from before a reconnect; for hints, not for decisions.
   */
  public ClusterFacts knownFacts() {
    return facts.known();
  }

  private ClusterFacts readFacts() {
    List<NodeInfo> nodes = listNodes();
    try {
      return ClusterFacts.of(nodes);
    } catch (IllegalArgumentException e) {
      throw new EmqxApiException(
          EmqxApiException.Kind.BAD_RESPONSE,
          Route.LIST_NODES,
          200,
          null,
          null,
          "EMQX answered "
              + Route.LIST_NODES
              + " (200) without a usable version: "
              + e.getMessage(),
          null);
    }
  }

  /**
   * The rest of the admin API (access control, traces, queues, data integration), over the same
   * connections.
   */
  public AdminApi admin() {
    return admin;
  }

  // ---- clients --------------------------------------------------------------------------------

  /** {@code GET /clients}: one page, projected to {@link ClientSummary}. */
  public Page<ClientSummary> listClients(ClientQuery q) {
    HttpUrl.Builder url = paged(Route.LIST_CLIENTS, q.page(), q.limit());
    HttpExchange.query(url, "node", q.node());
    HttpExchange.query(url, "username", q.username());
    HttpExchange.query(url, "clientid", q.clientid());
    HttpExchange.query(url, "ip_address", q.ipAddress());
    HttpExchange.query(url, "conn_state", q.connState());
    HttpExchange.query(url, "clean_start", q.cleanStart());
    HttpExchange.query(url, "proto_ver", q.protoVer());
    HttpExchange.query(url, "like_clientid", q.likeClientid());
    HttpExchange.query(url, "like_username", q.likeUsername());
    // Ask EMQX for only the projected fields: a page of 100 is ~22 KB on the wire instead of ~110
    // KB.
    HttpExchange.query(url, "fields", ClientSummary.FIELDS);
    return get(Route.LIST_CLIENTS, url, CLIENT_PAGE);
  }

  /** {@code GET /clients/{clientid}}: the full record, every field EMQX sends. */
  public Map<String, Object> getClient(String clientid) {
    return get(Route.GET_CLIENT, http.url(Route.GET_CLIENT, clientid), ClientRecord.class, OBJECT);
  }

  /**
   * The fields of a full client record that tools rely on
   * (emqx_mgmt_api_clients:format_channel_info, v5.8.9).
   */
  private record ClientRecord(
      @Required String clientid, Boolean connected, String node, String username) {}

  /** {@code DELETE /clients/{clientid}}: disconnects the client and discards its session. */
  public void kickClient(String clientid) {
    send(Route.KICK_CLIENT, http.url(Route.KICK_CLIENT, clientid), null);
  }

  // ---- subscriptions and topics ---------------------------------------------------------------

  /**
   * {@code GET /clients/{clientid}/subscriptions}: every subscription of one client (EMQX does not
   * page it).
   */
  public List<Subscription> clientSubscriptions(String clientid) {
    return get(
        Route.CLIENT_SUBSCRIPTIONS, http.url(Route.CLIENT_SUBSCRIPTIONS, clientid), SUBSCRIPTIONS);
  }

  /**
   * {@code POST /clients/{clientid}/subscribe}. EMQX answers with the echo before the client's
   * channel has applied it: a filter the channel refuses later still answers 200.
   */
  public Subscription subscribe(String clientid, SubscribeRequest request) {
    HttpUrl url = http.url(Route.SUBSCRIBE, clientid).build();
    return http.exchange(
        Route.SUBSCRIBE,
        url,
        request,
        (status, body) -> http.read(body, SubscribeEcho.class, SUBSCRIPTION));
  }

  /**
   * The echo of a subscribe: its options with node, clientid and topic (emqx_mgmt_api_clients,
   * v5.8.9).
   */
  private record SubscribeEcho(
      @Required String clientid,
      @Required String topic,
      Integer qos,
      Integer nl,
      Integer rap,
      Integer rh) {}

  /**
   * {@code POST /clients/{clientid}/unsubscribe}: 204 whether or not the client had that
   * subscription.
   */
  public void unsubscribe(String clientid, String topic) {
    send(Route.UNSUBSCRIBE, http.url(Route.UNSUBSCRIBE, clientid), Map.of("topic", topic));
  }

  /**
   * {@code GET /subscriptions}. {@code match_topic} is a fuzzy filter: {@code meta.count} is then
   * absent.
   */
  public Page<Subscription> listSubscriptions(SubscriptionQuery q) {
    HttpUrl.Builder url = paged(Route.LIST_SUBSCRIPTIONS, q.page(), q.limit());
    HttpExchange.query(url, "clientid", q.clientid());
    HttpExchange.query(url, "topic", q.topic());
    HttpExchange.query(url, "match_topic", q.matchTopic());
    HttpExchange.query(url, "qos", q.qos());
    HttpExchange.query(url, "share_group", q.shareGroup());
    HttpExchange.query(url, "node", q.node());
    return get(Route.LIST_SUBSCRIPTIONS, url, SUBSCRIPTION_PAGE);
  }

  /** {@code GET /topics}: routes, each (filter, node) once. */
  public Page<TopicRoute> listTopics(String topic, String node, int page, int limit) {
    HttpUrl.Builder url = paged(Route.LIST_TOPICS, page, limit);
    HttpExchange.query(url, "topic", topic);
    HttpExchange.query(url, "node", node);
    return get(Route.LIST_TOPICS, url, ROUTE_PAGE);
  }

  // ---- publish and the retainer ---------------------------------------------------------------

  /**
   * {@code POST /publish}. 200 means delivered to at least one subscriber; 202 with reason code 16
   * means accepted with no matching subscriber (a retained message is still stored).
   */
  public PublishResult publish(PublishRequest request) {
    HttpUrl url = http.url(Route.PUBLISH).build();
    return http.exchange(
        Route.PUBLISH, url, request, (status, body) -> publishResult("", http.tree(body)));
  }

  /**
   * {@code POST /publish/bulk}: all or nothing while validating (one bad message → 400 and nothing
   * is published), then one result per message in order: 200 when all were delivered, 202 when some
   * had no subscriber, 503 when some could not be dispatched. The 503 still carries the results,
   * and some messages did go out, so it is read as results rather than thrown.
   */
  public List<PublishResult> publishBulk(List<PublishRequest> requests) {
    HttpUrl url = http.url(Route.PUBLISH_BULK).build();
    return http.exchange(
        Route.PUBLISH_BULK,
        url,
        requests,
        (status, body) -> {
          JsonNode node = http.tree(body);
          if (status == 503 && (node == null || !node.isArray())) {
            throw http.httpError(
                Route.PUBLISH_BULK, status, body); // a plain 503, not the per-message results
          }
          if (node == null || !node.isArray()) {
            throw new Shape.Mismatch(
                "",
                "an array of " + requests.size() + " results",
                node == null || node.isMissingNode() ? "an empty body" : Shape.got(node));
          }
          if (node.size() != requests.size()) {
            throw new Shape.Mismatch(
                "", "an array of " + requests.size() + " results", node.size() + " results");
          }
          List<PublishResult> results = new ArrayList<>(node.size());
          for (int i = 0; i < node.size(); i++) {
            results.add(publishResult("[" + i + "]", node.get(i)));
          }
          return results;
        },
        status -> status == 503);
  }

  /**
   * {@code GET /mqtt/retainer/messages}: no payloads; {@code topic} is a filter and drops {@code
   * meta.count}.
   */
  public Page<RetainedMessage> listRetained(String topic, int page, int limit) {
    HttpUrl.Builder url = paged(Route.LIST_RETAINED, page, limit);
    HttpExchange.query(url, "topic", topic);
    return get(Route.LIST_RETAINED, url, RETAINED_PAGE);
  }

  /** {@code GET /mqtt/retainer/message/{topic}}: the payload is base64 (absent above 1 MB). */
  public RetainedMessage getRetained(String topic) {
    HttpUrl url = http.url(Route.GET_RETAINED, topic).build();
    return http.exchange(
        Route.GET_RETAINED,
        url,
        null,
        (status, body) -> {
          RetainedMessage m = http.read(body, RETAINED);
          if (m.payload() != null) {
            try {
              Base64.getDecoder().decode(m.payload());
            } catch (IllegalArgumentException e) {
              throw new Shape.Mismatch("payload", "base64", "text that is not base64");
            }
          }
          return m;
        });
  }

  /** {@code DELETE /mqtt/retainer/message/{topic}}. */
  public void deleteRetained(String topic) {
    send(Route.DELETE_RETAINED, http.url(Route.DELETE_RETAINED, topic), null);
  }

  // ---- banned ---------------------------------------------------------------------------------

  /**
   * {@code GET /banned}, optionally with the exact {@code clientid} filter (EMQX 5.8.1+; older
   * versions ignore it and list everything). Without a filter EMQX leaves {@code hasnext} out of
   * {@code meta}; it is filled in from {@code count}, which includes expired, not yet purged
   * entries.
   */
  public Page<Ban> listBanned(int page, int limit, String clientid) {
    HttpUrl.Builder url = paged(Route.LIST_BANNED, page, limit);
    HttpExchange.query(url, "clientid", clientid);
    Page<Ban> p = get(Route.LIST_BANNED, url, BAN_PAGE);
    Page.Meta m = p.meta();
    if (m.hasnext() == null && m.count() != null) {
      return new Page<>(
          p.data(),
          new Page.Meta(m.page(), m.limit(), (long) m.page() * m.limit() < m.count(), m.count()));
    }
    return p;
  }

  /**
   * {@code POST /banned}: 200 with the bare ban; 400 {@code ALREADY_EXISTS} if it is already
   * banned.
   */
  public Ban ban(Ban request) {
    HttpUrl url = http.url(Route.BAN).build();
    return http.exchange(Route.BAN, url, request, (status, body) -> http.read(body, BAN));
  }

  /** {@code DELETE /banned/{as}/{who}}. */
  public void unban(String as, String who) {
    send(Route.UNBAN, http.url(Route.UNBAN, as, who), null);
  }

  // ---- cluster --------------------------------------------------------------------------------

  /** {@code GET /nodes}: every cluster member, stopped ones included. */
  public List<NodeInfo> listNodes() {
    return get(Route.LIST_NODES, http.url(Route.LIST_NODES), NODES);
  }

  /** {@code GET /nodes/{node}}: the full record; 404 for an unknown or stopped node. */
  public Map<String, Object> getNode(String node) {
    return get(Route.GET_NODE, http.url(Route.GET_NODE, node), NodeRecord.class, OBJECT);
  }

  /** The fields of a node record that tools rely on (emqx_mgmt:node_info, v5.8.9). */
  private record NodeRecord(@Required String node, String memoryUsed, String memoryTotal) {}

  /** {@code GET /stats}: one entry per running node (with {@code node}), or one summed entry. */
  public List<Map<String, Object>> stats(boolean aggregate) {
    return figures(Route.STATS, aggregate);
  }

  /** {@code GET /nodes/{node}/stats}. */
  public Map<String, Object> nodeStats(String node) {
    return figure(Route.NODE_STATS, http.url(Route.NODE_STATS, node));
  }

  /** {@code GET /metrics}: one entry per running node (with {@code node}), or one summed entry. */
  public List<Map<String, Object>> metrics(boolean aggregate) {
    return figures(Route.METRICS, aggregate);
  }

  /**
   * {@code GET /nodes/{node}/metrics}: unlike {@code /metrics?node=}, an unknown node is a 404, not
   * {@code []}.
   */
  public Map<String, Object> nodeMetrics(String node) {
    return figure(Route.NODE_METRICS, http.url(Route.NODE_METRICS, node));
  }

  /** {@code GET /alarms}; {@code activated=false} lists the cleared ones. */
  public Page<Alarm> listAlarms(boolean activated, int page, int limit) {
    HttpUrl.Builder url = paged(Route.LIST_ALARMS, page, limit);
    HttpExchange.query(url, "activated", activated);
    return get(Route.LIST_ALARMS, url, ALARM_PAGE);
  }

  /** {@code GET /listeners}. */
  public List<Listener> listListeners() {
    return get(Route.LIST_LISTENERS, http.url(Route.LIST_LISTENERS), LISTENERS);
  }

  // ---- rules ----------------------------------------------------------------------------------

  /** {@code GET /rules}; {@code like_id} is a substring filter and drops {@code meta.count}. */
  public Page<Rule> listRules(Boolean enable, String likeId, int page, int limit) {
    return listRules(enable, likeId, page, limit, null);
  }

  /**
   * As above, in namespace {@code ns} (EMQX 6.1+, the {@code ns} query parameter of
   * emqx_rule_engine_api.erl at release-61 and release-63); null: none sent, and a 6.1+ cluster
   * lists every namespace's rules.
   */
  public Page<Rule> listRules(Boolean enable, String likeId, int page, int limit, String ns) {
    HttpUrl.Builder url = paged(Route.LIST_RULES, page, limit);
    HttpExchange.query(url, "enable", enable);
    HttpExchange.query(url, "like_id", likeId);
    HttpExchange.query(url, "ns", ns);
    return get(Route.LIST_RULES, url, RULE_PAGE);
  }

  /** {@code GET /rules/{id}}: the rule without its metrics. */
  public Rule getRule(String id) {
    return getRule(id, null);
  }

  /** {@code GET /rules/{id}?ns=}: a rule of namespace {@code ns} (null: the global one). */
  public Rule getRule(String id, String ns) {
    HttpUrl.Builder url = http.url(Route.GET_RULE, id);
    HttpExchange.query(url, "ns", ns);
    return get(Route.GET_RULE, url, RULE);
  }

  /** {@code GET /rules/{id}/metrics}. */
  public RuleMetrics ruleMetrics(String id) {
    return ruleMetrics(id, null);
  }

  /** {@code GET /rules/{id}/metrics?ns=}. */
  public RuleMetrics ruleMetrics(String id, String ns) {
    HttpUrl.Builder url = http.url(Route.RULE_METRICS, id);
    HttpExchange.query(url, "ns", ns);
    return get(Route.RULE_METRICS, url, RULE_METRICS);
  }

  /**
   * {@code GET /status?format=json}: whether EMQX answers, and its broker runs. No credentials are
   * needed or sent. A stopped broker answers 503, which is thrown like any other status.
   */
  public BrokerStatus status() {
    HttpUrl.Builder url = http.url(Route.STATUS);
    HttpExchange.query(url, "format", "json");
    return get(Route.STATUS, url, new TypeReference<BrokerStatus>() {});
  }

  // ---------------------------------------------------------------------------------------------

  private HttpUrl.Builder paged(Route route, int page, int limit) {
    HttpUrl.Builder url = http.url(route);
    HttpExchange.query(url, "page", page);
    HttpExchange.query(url, "limit", limit);
    return url;
  }

  private <T> T get(Route route, HttpUrl.Builder url, TypeReference<T> type) {
    return http.exchange(route, url.build(), null, (status, body) -> http.read(body, type));
  }

  /**
   * Like {@link #get(Route, HttpUrl.Builder, TypeReference)}, checking the answer against {@code
   * shape}.
   */
  private <T> T get(Route route, HttpUrl.Builder url, Class<?> shape, TypeReference<T> type) {
    return http.exchange(route, url.build(), null, (status, body) -> http.read(body, shape, type));
  }

  /** A request whose answer has no body worth reading (204): the body is not read. */
  private void send(Route route, HttpUrl.Builder url, Object body) {
    http.exchange(route, url.build(), body, HttpExchange.NO_BODY);
  }

  /**
   * Per-node arrays by default; {@code aggregate=true} answers one object, returned as a list of
   * one.
   */
  private List<Map<String, Object>> figures(Route route, boolean aggregate) {
    HttpUrl.Builder url = http.url(route);
    HttpExchange.query(url, "aggregate", aggregate);
    return http.exchange(
        route,
        url.build(),
        null,
        (status, body) -> {
          JsonNode node = http.tree(body);
          if (node != null && node.isObject()) {
            Shape.checkFigures("", node);
            return List.of(http.read(body, OBJECT));
          }
          Shape.check(node, List.class);
          for (int i = 0; i < node.size(); i++) {
            Shape.checkFigures("[" + i + "]", node.get(i));
          }
          return http.read(body, OBJECTS);
        });
  }

  /** One node's stats or metrics: an object of counters. */
  private Map<String, Object> figure(Route route, HttpUrl.Builder url) {
    return http.exchange(
        route,
        url.build(),
        null,
        (status, body) -> {
          JsonNode node = http.tree(body);
          Shape.check(node, Map.class);
          Shape.checkFigures("", node);
          return http.read(body, OBJECT);
        });
  }

  /**
   * A publish answer: {@code {"id"}} when delivered, {@code {"reason_code","message"}} otherwise
   * (emqx_mgmt_api_publish, v5.8.9).
   */
  private static PublishResult publishResult(String path, JsonNode node) throws Shape.Mismatch {
    if (node == null || !node.isObject()) {
      throw new Shape.Mismatch(
          path,
          "an object with id or reason_code",
          node == null || node.isMissingNode() ? "an empty body" : Shape.got(node));
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isNull()) {
      if (!id.isTextual()) {
        throw new Shape.Mismatch(path.isEmpty() ? "id" : path + ".id", "a string", Shape.got(id));
      }
      return new PublishResult(id.textValue(), true, null, null);
    }
    JsonNode rc = node.get("reason_code");
    if (rc == null || rc.isNull()) {
      throw new Shape.Mismatch(path, "an object with id or reason_code", "neither");
    }
    if (!rc.isIntegralNumber() || !rc.canConvertToInt()) {
      throw new Shape.Mismatch(
          path.isEmpty() ? "reason_code" : path + ".reason_code", "an integer", Shape.got(rc));
    }
    JsonNode message = node.get("message");
    return new PublishResult(
        null,
        false,
        rc.intValue(),
        message != null && message.isTextual() ? message.textValue() : "no_matching_subscribers");
  }

  /** Releases connections and threads; safe to call when no call was ever made. */
  public void close() {
    http.close();
  }
}
