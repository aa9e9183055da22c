package io.emqx.mcp.transport;

import io.emqx.mcp.Json;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Role;
import io.emqx.mcp.policy.Identity;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.McpServerFactory;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over HTTP on embedded Jetty 12: the SDK's streamable-HTTP servlet at {@code /mcp}, its legacy
 * HTTP+SSE servlet (protocol 2024-11-05) at {@code /sse} with messages posted to {@code
 * /message?sessionId=…}, and {@code GET /healthz}. One MCP server per transport, both built by the
 * same feature function, so both serve the same tools. {@link HttpGate} guards the MCP endpoints;
 * {@code /healthz} is open.
 *
 * <p>Both SDK servlets block a POST's thread until its answer is written, so each call in flight
 * holds one Jetty thread; the pool is sized for that.
 */
public final class Http implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Http.class);

  /**
   * How long a connection may wait for bytes between requests. Jetty 12 does not apply it to a
   * request being handled, so a long call (its POST silent until the answer) and a quiet SSE stream
   * survive it: checked with a 2 s timeout, a 5 s call and an SSE stream idle for 8 s.
   */
  static final Duration CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Legacy SSE sessions end with their stream; pings find the streams whose client has gone. */
  static final Duration SSE_KEEP_ALIVE = Duration.ofSeconds(30);

  private static final int MAX_THREADS = 256;

  /**
   * The longest a request waits for its turn at the CPU ({@link io.emqx.mcp.work.WorkQueue}) before
   * it goes on anyway: far above a turn's wait under load (tens of milliseconds at 64 sessions on 2
   * cores), a bound in case a wait that is not marked holds a slot.
   */
  static final Duration MAX_TURN_WAIT = Duration.ofSeconds(1);

  private final Server jetty;
  private final HttpGate gate;
  private final List<McpSyncServer> servers;
  private final Duration drainTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Http(Server jetty, HttpGate gate, List<McpSyncServer> servers, Duration drainTimeout) {
    this.jetty = jetty;
    this.gate = gate;
    this.servers = servers;
    this.drainTimeout = drainTimeout;
  }

  /**
   * Starts listening.
   *
   * @param features applies the server's feature set to an SDK builder and builds it, e.g. {@code
   *     spec -> McpServerFactory.build(spec, tools, policy, emqx)}; called once per transport
   * @param health what {@code /healthz} reports besides {@code "status": "ok"}
   * @throws IllegalStateException when the port cannot be bound
   */
  public static Http start(
      HttpSettings settings,
      Function<McpServer.SyncSpecification<?>, McpSyncServer> features,
      Supplier<Map<String, Object>> health) {
    return start(settings, features, null, health);
  }

  /**
   * Starts listening, serving MCP 2026-07-28 too: a POST to {@code /mcp} that carries the modern
   * {@code _meta} (and neither {@code initialize} nor a session) goes to {@code modern}, through
   * the same gate as every other request.
   *
   * @param modern the 2026-07-28 server (e.g. {@code McpServerFactory.modern(..)}); null for legacy
   *     only
   */
  @SuppressWarnings(
      "deprecation") // the SDK deprecates the legacy SSE transport; MQTTX still speaks it
  public static Http start(
      HttpSettings settings,
      Function<McpServer.SyncSpecification<?>, McpSyncServer> features,
      McpRequestManager modern,
      Supplier<Map<String, Object>> health) {
    var streamable =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpServerFactory.jsonMapper())
            .mcpEndpoint("/mcp")
            .maxRequestSize(settings.maxRequestBytes())
            .sessionSweepInterval(settings.sessionIdleTimeout())
            .contextExtractor(Http::sessionContext)
            .build();
    var sse =
        HttpServletSseServerTransportProvider.builder()
            .jsonMapper(McpServerFactory.jsonMapper())
            .sseEndpoint("/sse")
            .messageEndpoint("/message")
            .maxRequestSize(settings.maxRequestBytes())
            .keepAliveInterval(SSE_KEEP_ALIVE)
            .contextExtractor(Http::sessionContext)
            .build();
    // Built before the first request: build() hands each servlet its session factory.
    // Immediate execution: a call runs on the Jetty thread that already waits for it, instead of
    // hopping to Reactor's bounded pool (10 threads per core), which would cap calls in flight.
    List<McpSyncServer> servers =
        List.of(
            features.apply(McpServer.sync(streamable).immediateExecution(true)),
            features.apply(McpServer.sync(sse).immediateExecution(true)));

    HttpGate gate =
        new HttpGate(
            settings,
            (current, response, id) -> closeSession(streamable, current, response, id),
            modern == null ? null : new ModernHttp(modern, McpServerFactory.jsonMapper()));
    Http server =
        new Http(
            jetty(settings, endpoints(streamable, sse, gate, health, settings)),
            gate,
            servers,
            settings.drainTimeout());
    try {
      server.jetty.start();
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    return server;
  }

  /**
   * The request's MCP session ID (streamable: the {@code Mcp-Session-Id} header; legacy SSE: the
   * {@code sessionId} parameter of {@code /message}) in its transport context, where the tool list
   * filter finds whose toolsets to apply ({@link Policy#SESSION_CONTEXT_KEY}).
   */
  static McpTransportContext sessionContext(HttpServletRequest request) {
    String id = request.getHeader(SdkResponse.SESSION_HEADER);
    if (id == null && "/message".equals(request.getServletPath())) {
      id = request.getParameter("sessionId");
    }
    Map<String, Object> context = new java.util.HashMap<>(4);
    if (id != null) {
      context.put(Policy.SESSION_CONTEXT_KEY, id);
    }
    context.put(Identity.CONTEXT_KEY, identity(request));
    context.put(Identity.REMOTE_KEY, request.getRemoteAddr());
    return McpTransportContext.create(context);
  }

  /**
   * The caller the gate authenticated. Every request to an MCP endpoint passes the gate, which
   * leaves one; should one ever come without, it may read and nothing else, rather than be taken
   * for the local user (an admin).
   */
  static Identity identity(HttpServletRequest request) {
    return request.getAttribute(HttpGate.IDENTITY) instanceof Identity identity ? identity : NOBODY;
  }

  private static final Identity NOBODY =
      new Identity(Identity.Kind.ANONYMOUS, "unauthenticated", null, Role.VIEWER);

  /** The paths: both MCP transports behind the gate, and the open health check. */
  private static ServletContextHandler endpoints(
      HttpServlet streamable,
      HttpServlet sse,
      HttpGate gate,
      Supplier<Map<String, Object>> health,
      HttpSettings settings) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder gateHolder = new FilterHolder(gate);
    gateHolder.setAsyncSupported(true); // the servlets behind it go async
    for (String path : List.of("/mcp", "/sse", "/message")) {
      context.addFilter(gateHolder, path, EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(asyncHolder("streamable", streamable), "/mcp");
    ServletHolder sseHolder = asyncHolder("sse", sse);
    context.addServlet(sseHolder, "/sse");
    context.addServlet(sseHolder, "/message");
    context.addServlet(new ServletHolder("health", new HealthServlet(health, gate)), "/healthz");
    ServletHolder metadata =
        new ServletHolder(
            "protected-resource", new ProtectedResource(settings.callers().oauth(), gate));
    context.addServlet(metadata, ProtectedResource.PATH);
    context.addServlet(metadata, ProtectedResource.PATH + "/mcp");
    context.setErrorHandler(new JsonErrorPages());
    return context;
  }

  private static Server jetty(HttpSettings settings, ServletContextHandler endpoints) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
    threads.setName("mcp-http");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(CONNECTION_IDLE_TIMEOUT.toMillis());
    connector.addEventListener(
        new ConnectionsPerAddress(settings.limits().maxConnectionsPerClient()));
    jetty.addConnector(connector);
    jetty.setErrorHandler(new JsonErrorPages.Server());
    jetty.setHandler(
        new FrontDoor(
            endpoints, settings.maxRequestBytes(), settings.limits().requestBodyTimeout()));
    return jetty;
  }

  private static ServletHolder asyncHolder(String name, HttpServlet servlet) {
    ServletHolder holder = new ServletHolder(name, servlet);
    holder.setAsyncSupported(true); // required: both transports call startAsync
    return holder;
  }

  /** The requests' turns at the CPU (for tests). */
  io.emqx.mcp.work.WorkQueue work() {
    return gate.work();
  }

  /** The streamable sessions as the gate counts them (for tests). */
  Sessions sessions() {
    return gate.sessions();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080} (the bound port when 0 was asked for). */
  public URI baseUri() {
    ServerConnector c = (ServerConnector) jetty.getConnectors()[0];
    String host = c.getHost().contains(":") ? "[" + c.getHost() + "]" : c.getHost();
    return URI.create("http://" + host + ":" + c.getLocalPort());
  }

  /**
   * Stops gracefully: new requests get 503, calls in flight answer (for up to the drain timeout),
   * then the sessions close and Jetty stops. Safe to call twice (a shutdown hook and a test).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    int running = gate.inFlight();
    if (running > 0) {
      LOG.info("draining: waiting up to {} for {} call(s) in flight", drainTimeout, running);
    }
    int left = gate.drain(drainTimeout);
    if (left > 0) {
      LOG.warn(
          "stopping with {} call(s) still running after {} (mcp.http.drain-timeout)",
          left,
          drainTimeout);
    }
    for (McpSyncServer server : servers) {
      try {
        server.closeGracefully();
      } catch (RuntimeException e) {
        LOG.warn("closing MCP sessions failed: {}", e.toString());
      }
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("stopping Jetty failed: {}", e.toString());
    }
  }

  /**
   * Closes a streamable session as its client's DELETE would, through the servlet (the SDK offers
   * no other way to end one session): the current request, seen as a DELETE for {@code id}, with an
   * answer nobody reads.
   */
  private static void closeSession(
      HttpServlet streamable, HttpServletRequest current, HttpServletResponse response, String id) {
    try {
      streamable.service(DeleteSession.request(current, id), DeleteSession.response(response));
    } catch (Exception e) {
      LOG.debug("closing session {} failed: {}", id, e.toString());
    }
  }

  /**
   * {@code GET /healthz}: 200 while the process serves, whether or not EMQX answers (the body
   * says), so that a liveness probe does not restart us for EMQX's sake; 503 once draining, so that
   * a load balancer stops sending sessions here.
   */
  private static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Supplier<Map<String, Object>> health;
    private final transient HttpGate gate;

    HealthServlet(Supplier<Map<String, Object>> health, HttpGate gate) {
      this.health = health;
      this.gate = gate;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", gate.draining() ? "draining" : "ok");
      body.putAll(health.get());
      res.setStatus(gate.draining() ? 503 : 200);
      res.setContentType("application/json");
      res.setCharacterEncoding("UTF-8");
      res.setHeader("Cache-Control", "no-store");
      res.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }
  }
}
