package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.EmqxTrace;
import io.emqx.mcp.emqx.VersionGate;
import io.emqx.mcp.work.WorkQueue;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs every tool call the same way: the operator's guard, the arguments against the input schema
 * and the declared topics against the MQTT grammar, the handler, and {@link Results} for whatever
 * comes out. Cross-cutting rules land here (or in the guard), never in a tool.
 */
public final class ToolRunner {

  /** The operator's rules; each method throws {@link ToolException} to refuse a call. */
  public interface Guard {
    /**
     * Whether the tool may run at all (read-only mode, tool filters, the session's toolsets):
     * checked before the arguments.
     */
    void admit(ToolSpec.Call call);

    /**
     * Whether these (schema-valid) arguments may be used: topics, clients, rate, confirmation. Runs
     * right before the handler, so it is also where the audit's intent line is written: nothing may
     * reach EMQX between a successful check and the handler.
     */
    void check(ToolSpec.Call call);

    /**
     * After every call, whatever its outcome: {@code error} is null on success (the audit log). The
     * thread's interrupt flag is still as the call left it: set when the client cancelled the call.
     */
    default void after(ToolSpec.Call call, ToolError error, long startedNanos) {}
  }

  /**
   * Runs the handlers of REST changes (kick, ban, delete, publish, subscribe: one quick EMQX
   * request each) on threads no cancellation reaches. Once its intent line is written, a change is
   * seen through, so that the audit records what EMQX answered: an interrupt landing mid-exchange
   * makes OkHttp give up reading an answer EMQX may already have acted on. The caller waits without
   * reacting to its own interrupt; the request timeout bounds the wait. The MQTT tools' long waits
   * (mqtt_query's reply, watches), which a cancel should stop, keep running on the caller's thread.
   * Saturated: runs on the caller.
   */
  private static final ExecutorService SHIELD =
      new ThreadPoolExecutor(
          0,
          64,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "emqx-mcp-change");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  /**
   * A change made by one REST request: everything but reads and the MQTT tools (see {@link
   * #SHIELD}).
   */
  private static boolean seenThrough(ToolSpec spec) {
    return spec.access() != Access.READ && spec.group() != Toolset.MQTT;
  }

  /**
   * The handler, with the tool's EMQX version requirement checked before its first request (see
   * {@link VersionGate}): bad input is refused before even the version is read.
   */
  private static Object handle(ToolSpec.Call call) {
    // A namespace argument raises what the call needs to EMQX 6.1 (Namespaces).
    return VersionGate.around(
        call.spec().name(),
        Namespaces.requirement(call.spec(), call.args()),
        () -> call.spec().handler().handle(call));
  }

  private record Shielded(Object value, RuntimeException failure, int emqxStatus) {}

  private static Object shielded(ToolSpec.Call call) {
    Shielded outcome =
        CompletableFuture.supplyAsync(
                () -> {
                  EmqxTrace.reset();
                  try {
                    return new Shielded(handle(call), null, EmqxTrace.lastStatus());
                  } catch (RuntimeException e) {
                    return new Shielded(null, e, EmqxTrace.lastStatus());
                  }
                },
                SHIELD)
            .join(); // join() waits uninterruptibly
    EmqxTrace.carry(outcome.emqxStatus());
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return outcome.value();
  }

  private final Guard guard;
  private final Clusters clusters;

  /**
   * @param clusters where calls go: the one place a call is routed to its cluster
   */
  public ToolRunner(Guard guard, Clusters clusters) {
    this.guard = guard;
    this.clusters = clusters;
  }

  public CallToolResult call(
      ToolSpec spec, Map<String, Object> arguments, McpSyncServerExchange exchange) {
    return call(spec, arguments, exchange, null);
  }

  /**
   * With more than one cluster, an error names the call's cluster: a {@code cluster} field, and the
   * message says it unless it already does.
   */
  private ToolError named(ToolError error, ToolSpec.Call call) {
    return !clusters.many() || call.cluster() == null
        ? error
        : error.onCluster(call.cluster().name());
  }

  /** With more than one cluster, a result's {@code _meta} names the cluster that answered. */
  private CallToolResult named(CallToolResult result, ToolSpec.Call call) {
    if (!clusters.many()) {
      return result;
    }
    Map<String, Object> meta = new java.util.LinkedHashMap<>();
    if (result.meta() != null) {
      meta.putAll(result.meta());
    }
    meta.put("cluster", call.cluster().name());
    return CallToolResult.builder()
        .content(result.content())
        .structuredContent(result.structuredContent())
        .isError(result.isError())
        .meta(meta)
        .build();
  }

  /** A call whose request carried a progress token (null: none). */
  public CallToolResult call(
      ToolSpec spec,
      Map<String, Object> arguments,
      McpSyncServerExchange exchange,
      Object progressToken) {
    long started = System.nanoTime();
    Cluster cluster;
    try {
      cluster = clusters.resolve(arguments);
    } catch (ToolException e) {
      // Before the guard: a call to no cluster is refused the same way whatever the tool.
      ToolSpec.Call refused =
          new ToolSpec.Call(spec, new Args(arguments), exchange, progressToken, null);
      ToolError error = Results.describe(e, refused);
      guard.after(refused, error, started);
      return Results.error(error, started);
    }
    ToolSpec.Call call =
        new ToolSpec.Call(spec, new Args(arguments), exchange, progressToken, cluster);
    EmqxTrace.reset();
    ToolError error = null;
    try {
      guard.admit(call);
      List<String> problems = ArgumentCheck.problems(spec.inputSchema(), call.args().values());
      if (!problems.isEmpty()) {
        throw ToolException.invalid(
            "Invalid arguments for "
                + spec.name()
                + ": "
                + String.join("; ", problems)
                + ". Nothing was sent to EMQX.");
      }
      spec.validateTopics(call.args());
      if (spec.access() != Access.READ || spec.group() == Toolset.MQTT) {
        // A change may wait for a person's confirmation and for the audit's disk, an MQTT tool for
        // messages: waits nobody marks, so these calls go on outside the HTTP work queue.
        WorkQueue.leave();
      }
      guard.check(call);
      if (Thread.currentThread().isInterrupted()) {
        // The client cancelled while the guard ran (a confirmation, the audit's intent line): send
        // nothing.
        error = ToolError.cancelled("before anything was sent to EMQX");
        return Results.error(error = named(error, call), started);
      }
      return named(
          Results.ok(spec, seenThrough(spec) ? shielded(call) : handle(call), started), call);
    } catch (ToolException | IllegalArgumentException e) {
      // IllegalArgumentException: a value the schema could not judge (e.g. a '..' client ID).
      error =
          Results.describe(
              e instanceof ToolException ? e : ToolException.invalid(e.getMessage()), call);
      return Results.error(error = named(error, call), started);
    } catch (Exception e) {
      // A RuntimeException, or a checked one a library threw undeclared (OkHttp, in Kotlin, lets an
      // InterruptedException out of a cancelled call): either way the call failed, never
      // "succeeded".
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // keep the cancellation visible to the guard's after()
        error = ToolError.cancelled("while it was running");
      } else {
        error = Results.describe(e, call);
      }
      return Results.error(error = named(error, call), started);
    } catch (Error e) {
      error = Results.describe(e, call);
      throw e;
    } finally {
      guard.after(call, error, started);
    }
  }
}
