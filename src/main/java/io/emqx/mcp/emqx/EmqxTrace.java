package io.emqx.mcp.emqx;

/**
 * The HTTP status of the last EMQX answer on this thread, so the audit log can record what EMQX
 * said without threading a recorder through every tool. A tool call runs on one thread from start
 * to end; the runner resets the trace before the call and reads it after.
 */
public final class EmqxTrace {

  private static final ThreadLocal<int[]> LAST = ThreadLocal.withInitial(() -> new int[1]);

  private EmqxTrace() {}

  public static void reset() {
    LAST.get()[0] = 0;
  }

  /** The last status seen on this thread since {@link #reset()}, or 0 when EMQX was not asked. */
  public static int lastStatus() {
    return LAST.get()[0];
  }

  /**
   * Carries a status seen on another thread (a change run off the caller's thread) over to this
   * one.
   */
  public static void carry(int status) {
    LAST.get()[0] = status;
  }

  static void record(int status) {
    LAST.get()[0] = status;
  }
}
