package io.emqx.mcp.tools;

/**
 * What a tool does to the broker. The one source of the {@code readOnlyHint} and {@code
 * destructiveHint} annotations and of the read-only gate, so they cannot drift apart.
 */
public enum Access {
  /** Changes nothing. */
  READ,
  /** Changes the broker (publishes, subscribes, bans) without destroying state. */
  WRITE,
  /** Disconnects, deletes or unsubscribes: what an operator cannot undo. */
  DESTRUCTIVE;

  public boolean changesBroker() {
    return this != READ;
  }
}
