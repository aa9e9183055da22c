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
