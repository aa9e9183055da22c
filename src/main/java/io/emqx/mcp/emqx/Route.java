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
  public static final Route CLIENT_SUBSCRIPTIONS = new Route("GET", "/clients/{clientid}/subscriptions");
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

  /** The health endpoint; EMQX serves it without authentication. */
  public static final Route STATUS = new Route("GET", "/status");

  /** False only for {@link #STATUS}: the one route we call without the API key. */
  public boolean needsAuth() {
    return !equals(STATUS);
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
