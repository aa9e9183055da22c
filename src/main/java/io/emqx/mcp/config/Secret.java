package io.emqx.mcp.config;

/**
 * A credential that must never reach a log line, an error, a tool result or the audit log. {@link
 * #toString()} is masked so that an accidental string concatenation cannot leak it; only {@link
 * #reveal()} hands out the value, and only the EMQX client calls it.
 */
public record Secret(String value) {

  public Secret {
    value = value == null ? "" : value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return isEmpty() ? "<unset>" : "****";
  }
}
