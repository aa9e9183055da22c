package io.emqx.mcp.server;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.tools.Cluster;
import io.emqx.mcp.tools.ClusterChoice;
import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The composition root: from {@link Settings}, the clusters (an {@link EmqxClient} and an {@link
 * MqttConnection} each), the tool catalog and the policy, and from those the MCP servers every
 * transport serves. {@code Main}, {@code HttpLauncher} and the test harnesses all build the server
 * here, so there is one way it is put together.
 */
public final class Assembly implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

  private final Settings settings;
  private final Clusters clusters;
  private final Policy policy;
  private final boolean ownsPolicy;
  private final List<ToolSpec> tools;

  private Assembly(
      Settings settings, Policy policy, boolean ownsPolicy, Supplier<List<ToolSpec>> catalog) {
    this.settings = settings;
    this.policy = policy;
    this.ownsPolicy = ownsPolicy;
    List<Cluster> built = new java.util.ArrayList<>();
    boolean many = settings.clusters().size() > 1;
    for (Settings.Cluster c : settings.clusters()) {
      built.add(cluster(settings, c, many));
    }
    this.clusters = new Clusters(built, settings.defaultCluster());
    try {
      // With several clusters: the cluster argument on every tool, and list_clusters.
      this.tools = policy.register(ClusterChoice.apply(catalog.get(), clusters));
    } catch (RuntimeException e) {
      clusters.close();
      throw e;
    }
  }

  /**
   * Everything these settings describe, with the policy (and audit log) they name.
   *
   * @throws IllegalArgumentException naming the config entry that is wrong (a tool filter that
   *     matches no tool)
   */
  public static Assembly of(Settings settings) {
    return of(settings, ToolCatalog::all);
  }

  /**
   * As {@link #of(Settings)}, with the catalog from {@code catalog}: {@code Main} has it built in
   * the background while the settings load ({@link ToolCatalog#inBackground}).
   */
  public static Assembly of(Settings settings, Supplier<List<ToolSpec>> catalog) {
    Policy policy = new Policy(settings);
    try {
      return new Assembly(settings, policy, true, catalog);
    } catch (RuntimeException e) {
      policy.close();
      throw e;
    }
  }

  /**
   * With a policy of the caller's making (tests: a fake clock, an audit log with hooks); the caller
   * closes it.
   */
  public static Assembly of(Settings settings, Policy policy) {
    return new Assembly(settings, policy, false, ToolCatalog::all);
  }

  /**
   * One cluster's clients. Cheap: nothing connects (and no MQTT class loads) until the first call
   * that needs it. Read-only is enforced here too, as a second line behind the policy.
   */
  private static Cluster cluster(Settings settings, Settings.Cluster c, boolean many) {
    return new Cluster(
        c.name(),
        new EmqxClient(c.emqx(), settings.readOnly(c), many ? c.name() : null),
        new MqttConnection(c.mqtt(), c.emqx().requestTimeout()),
        c.emqx().apiUrl(),
        settings.readOnly(c),
        c.emqx().tls().warning() != null
            ? c.emqx().tls().warning()
            : c.mqtt().tlsSettings().warning());
  }

  public Settings settings() {
    return settings;
  }

  public Clusters clusters() {
    return clusters;
  }

  public Policy policy() {
    return policy;
  }

  /** The tools as registered with the policy. */
  public List<ToolSpec> tools() {
    return tools;
  }

  /** The server of a session transport (stdio). */
  public McpSyncServer server(McpServerTransportProvider transport) {
    return McpServerFactory.build(transport, tools, policy, clusters);
  }

  /** The server on an SDK builder (the HTTP transports build theirs). */
  public McpSyncServer server(McpServer.SyncSpecification<?> spec) {
    return McpServerFactory.build(spec, tools, policy, clusters);
  }

  /** The MCP 2026-07-28 server over the same catalog, policy and clusters. */
  public ModernServer modern() {
    return modern(Clock.systemUTC());
  }

  /** With the clock that dates confirmation states (tests move it to make one stale). */
  public ModernServer modern(Clock clock) {
    return McpServerFactory.modern(tools, policy, clusters, clock);
  }

  /**
   * The MCP 2026-07-28 server, built when its first request arrives. A stdio connection speaks one
   * era for its whole life, and every client today opens with the legacy {@code initialize}: built
   * up front, the modern server (each tool, resource and prompt converted to the other era's
   * shapes) was a third of the main thread's work before the first answer, for nothing.
   */
  public McpRequestManager modernOnDemand() {
    return new OnDemand(this::modern);
  }

  /** A request manager made at its first use (by whichever thread asks first). */
  private static final class OnDemand implements McpRequestManager {
    private final Supplier<? extends McpRequestManager> make;
    private volatile McpRequestManager made;

    OnDemand(Supplier<? extends McpRequestManager> make) {
      this.make = make;
    }

    private McpRequestManager get() {
      McpRequestManager m = made;
      if (m == null) {
        synchronized (this) {
          m = made;
          if (m == null) {
            m = make.get();
            made = m;
          }
        }
      }
      return m;
    }

    @Override
    public Mono<McpTransportResponse> handle(
        McpTransportContext context, JsonRpc.JSONRPCRequest request) {
      return get().handle(context, request);
    }

    @Override
    public Mono<McpTransportResponse> handleBlocking(
        McpTransportContext context, JsonRpc.JSONRPCRequest request) {
      return get().handleBlocking(context, request);
    }

    @Override
    public Mono<Void> handleNotification(
        McpTransportContext context, JsonRpc.JSONRPCNotification notification) {
      return get().handleNotification(context, notification);
    }
  }

  /**
   * Builds every cluster's HTTP client on a daemon thread, sending nothing, for a start-up whose
   * next step is the client's {@code initialize}: the first tool call then finds OkHttp's platform
   * probe (the JVM's security providers, about 15 ms) and any TLS material done. A failure is left
   * for that call to report.
   */
  public void prepareInBackground() {
    Thread t =
        new Thread(
            () -> {
              for (Cluster c : clusters.all()) {
                try {
                  c.emqx().prepare();
                } catch (RuntimeException e) {
                  LOG.debug("cluster '{}': HTTP client not prepared: {}", c.name(), e.toString());
                }
              }
            },
            "emqx-prepare");
    t.setDaemon(true);
    t.start();
  }

  /** Closes every cluster's clients, and the policy when this assembly made it. */
  @Override
  public void close() {
    clusters.close();
    if (ownsPolicy) {
      policy.close();
    }
  }
}
