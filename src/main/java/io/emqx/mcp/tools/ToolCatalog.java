package io.emqx.mcp.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Every tool of the server, from every group, in one list. Handlers take their EMQX client from the
 * call ({@link ToolSpec.Call#emqx()}), so the catalog is the same whatever the clusters.
 */
public final class ToolCatalog {

  private ToolCatalog() {}

  public static List<ToolSpec> all() {
    List<ToolSpec> all = new ArrayList<>();
    all.addAll(new ClientTools().specs());
    all.addAll(new MessagingTools().specs());
    all.addAll(new SubscriptionTools().specs());
    all.addAll(new RetainerTools().specs());
    all.addAll(new AccessTools().specs());
    all.addAll(new ClusterTools().specs());
    all.addAll(new RuleTools().specs());
    all.addAll(new AccessControlTools().specs());
    all.addAll(new TraceTools().specs());
    all.addAll(new PerformanceTools().specs());
    all.addAll(new QueueTools().specs());
    all.addAll(new IntegrationTools().specs());
    all.addAll(Namespaces.specs());
    all.addAll(new DiagnosisTools().specs());
    all.addAll(new MqttTools().specs());
    return List.copyOf(all);
  }

  /**
   * {@link #all}, built on a thread of its own from now on, for a start-up that has other work
   * first: the catalog needs no settings, and its 53 specs (each schema derived from its records by
   * reflection, in a JVM that has compiled nothing yet) took about 45 ms of the main thread before
   * the first answer. The supplier waits for the list, and throws what building it threw.
   */
  public static Supplier<List<ToolSpec>> inBackground() {
    FutureTask<List<ToolSpec>> build = new FutureTask<>(ToolCatalog::all);
    Thread t = new Thread(build, "tool-catalog");
    t.setDaemon(true);
    t.start();
    return () -> {
      try {
        return build.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the tool catalog was being built", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    };
  }
}
