package io.emqx.mcp.tools;

/** The contract's error codes ({@code error.code} of a failed tool result). */
public enum ErrorCode {
  INVALID_ARGUMENT(true),
  CLIENT_NOT_FOUND(false),
  NOT_FOUND(false),
  EMQX_AUTH_FAILED(false),
  EMQX_FORBIDDEN(false),
  EMQX_REJECTED(false),
  EMQX_UNAVAILABLE(false),
  EMQX_TIMEOUT(false),
  READ_ONLY(true),
  TOPIC_NOT_PERMITTED(true),
  TOOL_DISABLED(true),
  PROTECTED_CLIENT(true),
  RATE_LIMITED(true),
  CONFIRMATION_REQUIRED(true),
  AUDIT_UNAVAILABLE(true),
  /** The HTTP caller's role (viewer, operator) may not call this tool; nothing was sent. */
  FORBIDDEN_BY_ROLE(true),
  /**
   * The cluster's EMQX version or edition lacks the API the tool needs (docs/versions.md); nothing
   * was sent.
   */
  UNSUPPORTED_BY_CLUSTER(true),
  /** Not in the contract's table: a bug in this server, never an EMQX answer. */
  INTERNAL_ERROR(false),
  /**
   * Not in the contract's table: the client cancelled the call. No client sees it (MCP drops the
   * answer to a cancelled request); the audit log records the outcome {@code cancelled}.
   */
  CANCELLED(false);

  private final boolean refusal;

  ErrorCode(boolean refusal) {
    this.refusal = refusal;
  }

  /**
   * Whether this server, not EMQX, turned the call down before sending it (audited as {@code
   * refused} rather than {@code failed}).
   */
  public boolean refusal() {
    return refusal;
  }
}
