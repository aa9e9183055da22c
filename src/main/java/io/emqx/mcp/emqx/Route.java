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

  /** True for requests that change the broker (everything but GET). */
  public boolean mutates() {
    return !method.equals("GET");
  }

  @Override
  public String toString() {
    return method + " " + template;
  }
}
