package io.emqx.mcp.mock;

/**
 * Ends a request early with a ready answer, the way a failed minirest step does. Validation code
 * deep in a handler throws it; the transformer turns it into the reply.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Reply reply;

  ApiError(Reply reply) {
    super(null, null, false, false);
    this.reply = reply;
  }

  Reply reply() {
    return reply;
  }

  static ApiError of(int status, String code, String message) {
    return new ApiError(Reply.error(status, code, message));
  }

  /**
   * 400 BAD_REQUEST whose message is the JSON text of one hocon validation error
   * (apps/emqx_dashboard/src/emqx_dashboard_swagger.erl at v5.8.9).
   */
  static ApiError validation(String path, Object reason, Object value) {
    var err = Json.object().put("kind", "validation_error").put("path", path);
    err.set("reason", Json.MAPPER.valueToTree(reason));
    if (value != null) {
      err.set("value", Json.MAPPER.valueToTree(value));
    }
    return of(400, "BAD_REQUEST", Json.write(err));
  }

  static ApiError invalidParameter(String message) {
    return of(400, "INVALID_PARAMETER", message);
  }
}
