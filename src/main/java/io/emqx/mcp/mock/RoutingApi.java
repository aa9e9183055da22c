package io.emqx.mcp.mock;

import java.util.Map;

/** What cowboy and minirest answer before any handler: unknown paths and wrong methods. */
final class RoutingApi {
  /** The literal body of emqx_dashboard_not_found, spaces included. */
  static final String NOT_FOUND_JSON =
      "{\"code\": \"NOT_FOUND\", \"message\": \"Request Path Not Found\"}";

  static final String NOT_FOUND_HTML =
      "<html><head><title>404 - NOT FOUND</title></head><body><h1>404 - NOT FOUND</h1></body></html>";

  private RoutingApi() {}

  static void register(Map<String, Handler> ops) {
    ops.put("notFound", RoutingApi::notFound);
    ops.put("methodNotAllowed", RoutingApi::methodNotAllowed);
  }

  /**
   * 404 without any auth check; the body follows the Accept header
   * (apps/emqx_dashboard/src/emqx_dashboard_not_found.erl at v5.8.9).
   */
  static Reply notFound(Call call) {
    String accept = call.header("Accept");
    if (accept != null && accept.startsWith("application/json")) {
      return new Reply(404, Map.of("content-type", Reply.JSON), NOT_FOUND_JSON);
    }
    if (accept != null && accept.startsWith("text/plain")) {
      return new Reply(404, Map.of("content-type", "text/plain"), "404 - NOT FOUND");
    }
    return new Reply(404, Map.of("content-type", "text/html"), NOT_FOUND_HTML);
  }

  /** 405 with an empty body and the sorted {@code allow} list, before authentication. */
  static Reply methodNotAllowed(Call call) {
    return new Reply(405, Map.of("allow", call.param("allow")), null);
  }
}
