package io.emqx.mcp.tools;

/** The contract's error codes ({@code error.code} of a failed tool result). */
public enum ErrorCode {
  INVALID_ARGUMENT,
  CLIENT_NOT_FOUND,
  NOT_FOUND,
  EMQX_AUTH_FAILED,
  EMQX_FORBIDDEN,
  EMQX_REJECTED,
  EMQX_UNAVAILABLE,
  EMQX_TIMEOUT,
  READ_ONLY,
  TOPIC_NOT_PERMITTED,
  TOOL_DISABLED,
  PROTECTED_CLIENT,
  RATE_LIMITED,
  CONFIRMATION_REQUIRED,
  AUDIT_UNAVAILABLE,
  /**
   * The cluster's EMQX version or edition lacks the API the tool needs (docs/versions.md); nothing
   * was sent.
   */
  UNSUPPORTED_BY_CLUSTER,
  /** Not in the contract's table: a bug in this server, never an EMQX answer. */
  INTERNAL_ERROR
}
