package io.emqx.mcp.tools;

import java.util.Map;

/**
 * A tool failure with its contract code, raised before or instead of an EMQX call (bad arguments,
 * policy refusals). EMQX failures arrive as {@link io.emqx.mcp.emqx.EmqxApiException} and are
 * mapped in {@link Results#error}.
 */
public final class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, Object> details;

  public ToolException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /**
   * @param details extra fields of the error object, e.g. {@code retry_after_seconds}
   */
  public ToolException(ErrorCode code, String message, Map<String, Object> details) {
    super(message);
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }

  public static ToolException invalid(String message) {
    return new ToolException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
