package io.emqx.mcp.tools;

/**
 * A tool failure with its contract code, raised before or instead of an EMQX call (bad arguments,
 * policy refusals). EMQX failures arrive as {@link io.emqx.mcp.emqx.EmqxApiException} and are
 * mapped in {@link Results#error}.
 */
public final class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ToolException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ToolException invalid(String message) {
    return new ToolException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
