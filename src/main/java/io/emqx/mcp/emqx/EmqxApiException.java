package io.emqx.mcp.emqx;

/**
 * The one failure type of the EMQX client: an HTTP answer EMQX gave, or a reason it gave none. It
 * knows nothing of MCP; the tool layer maps it to the contract's error codes. Its message never
 * contains credentials: it is built from the route template, the status and EMQX's own body.
 */
public sealed class EmqxApiException extends RuntimeException permits VersionGate.Unsupported {

  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** EMQX answered with a non-2xx status. */
    HTTP,
    /** No answer within the configured request timeout. */
    TIMEOUT,
    /** Connection refused, DNS failure, or the connection was reset. */
    UNREACHABLE,
    /**
     * TLS failed: EMQX's certificate or name did not check out, or it refused ours; the message
     * names the {@code tls} setting to change.
     */
    TLS,
    /**
     * EMQX answered 2xx with a body we could not read (not JSON, or not the shape EMQX promises).
     */
    BAD_RESPONSE,
    /** The answer was longer than {@code emqx.max-response-size}; the rest was not read. */
    TOO_LARGE,
    /** The API key or secret is not configured, so nothing was sent. */
    NOT_CONFIGURED,
    /** A request that would change the broker while the server is read-only; nothing was sent. */
    READ_ONLY,
    /**
     * The cluster's EMQX version or edition lacks what the call needs ({@link
     * VersionGate.Unsupported}); nothing was sent.
     */
    UNSUPPORTED
  }

  private final Kind kind;
  private final Route route;
  private final int httpStatus;
  private final String emqxCode;
  private final Integer reasonCode;

  EmqxApiException(
      Kind kind,
      Route route,
      int httpStatus,
      String emqxCode,
      Integer reasonCode,
      String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.route = route;
    this.httpStatus = httpStatus;
    this.emqxCode = emqxCode;
    this.reasonCode = reasonCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The route that failed, e.g. {@code GET /clients/{clientid}}. */
  public Route route() {
    return route;
  }

  /**
   * The HTTP status, or 0 when EMQX gave no answer. A {@link Kind#BAD_RESPONSE} or {@link
   * Kind#TOO_LARGE} keeps the status EMQX gave (a 2xx: a mutation was then probably carried out).
   */
  public int httpStatus() {
    return httpStatus;
  }

  /** EMQX's own error code (e.g. {@code CLIENTID_NOT_FOUND}), or null. */
  public String emqxCode() {
    return emqxCode;
  }

  /** The MQTT reason code of a publish answer (e.g. 144 topic_name_invalid), or null. */
  public Integer reasonCode() {
    return reasonCode;
  }

  public boolean isNotFound() {
    return kind == Kind.HTTP && httpStatus == 404;
  }

  public boolean isClientNotFound() {
    return isNotFound() && "CLIENTID_NOT_FOUND".equals(emqxCode);
  }
}
