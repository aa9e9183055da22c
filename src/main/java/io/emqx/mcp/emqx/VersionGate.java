package io.emqx.mcp.emqx;

import java.util.function.Supplier;

/**
 * A tool's {@link Requirement}, checked right before its first request to EMQX rather than before
 * its handler runs: the handler first refuses bad input (a path segment EMQX cannot take, a
 * repeated ID) with nothing sent, and only a call that is about to reach EMQX asks for the version
 * ({@code GET /nodes}, once per connection). A call the cluster cannot serve then fails with {@link
 * Unsupported} and its own request is never sent: an older EMQX would answer a route it lacks with
 * a bare 404 that reads like a missing client.
 *
 * <p>The requirement rides on the handler's thread, like {@link EmqxTrace}: the runner sets it
 * around the handler ({@link #around}), the exchange consults it before sending ({@link #check}),
 * once per call. When the version cannot be read (EMQX down, a key without access to {@code GET
 * /nodes}), the call is sent: EMQX's own answer is then the best one.
 *
 * <p>A {@link Parallel} worker started by the handler carries the requirement ({@link #carried}):
 * get_rule makes both its requests side by side, and neither may go out to a cluster that cannot
 * serve the call. Each worker checks once; the version is read once per connection however many ask
 * ({@link FactsCache}).
 */
public final class VersionGate {

  private record Pending(String tool, Requirement needs) {}

  private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

  private VersionGate() {}

  /** Runs {@code handler} with {@code tool}'s requirement checked before its first request. */
  public static <T> T around(String tool, Requirement needs, Supplier<T> handler) {
    Pending before = PENDING.get();
    PENDING.set(needs.any() ? null : new Pending(tool, needs));
    try {
      return handler.get();
    } finally {
      PENDING.set(before);
    }
  }

  /**
   * {@code call} as a {@link Parallel} worker runs it: with the requirement still pending on the
   * starting thread, so that the worker's first request is checked too.
   */
  static <T> Supplier<T> carried(Supplier<T> call) {
    Pending pending = PENDING.get();
    if (pending == null) {
      return call;
    }
    return () -> {
      Pending before = PENDING.get();
      PENDING.set(pending);
      try {
        return call.get();
      } finally {
        PENDING.set(before);
      }
    };
  }

  /**
   * Before a request of the handler's: the first time, reads the cluster's facts and refuses a call
   * it cannot serve. The facts read itself passes (the requirement is taken first).
   */
  static void check(Route route, Supplier<ClusterFacts> facts) {
    Pending pending = PENDING.get();
    if (pending == null) {
      return;
    }
    PENDING.remove(); // once per call, and not for the facts read below
    ClusterFacts f;
    try {
      f = facts.get();
    } catch (EmqxApiException unknown) {
      if (Thread.currentThread().isInterrupted()) {
        throw unknown; // cancelled while the version was read: send nothing more
      }
      return;
    }
    String unmet = pending.needs().unmetBy(f);
    if (unmet != null) {
      throw new Unsupported(route, pending, f, unmet);
    }
  }

  /** The call needs a newer EMQX, or Enterprise, than the cluster runs; nothing was sent. */
  public static final class Unsupported extends EmqxApiException {
    private static final long serialVersionUID = 1L;

    private final transient ClusterFacts facts;
    private final transient Requirement needs;

    Unsupported(Route route, Pending pending, ClusterFacts facts, String unmet) {
      super(
          Kind.UNSUPPORTED,
          route,
          0,
          null,
          null,
          pending.tool()
              + " is not available on this cluster: "
              + unmet
              + ". Nothing was sent to EMQX; docs/versions.md lists what each tool needs.",
          null);
      this.facts = facts;
      this.needs = pending.needs();
    }

    public ClusterFacts facts() {
      return facts;
    }

    public Requirement needs() {
      return needs;
    }
  }
}
