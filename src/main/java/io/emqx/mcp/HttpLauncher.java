package io.emqx.mcp;

import io.emqx.mcp.config.ClientUrls;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.server.Assembly;
import io.emqx.mcp.server.HealthProbes;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.transport.Http;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --transport http} start, apart from {@link Main} so that a stdio start never loads
 * Jetty's classes.
 */
final class HttpLauncher {

  /** How often /healthz's view of EMQX is refreshed (EMQX's own /status says retry after 15 s). */
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(15);

  private HttpLauncher() {}

  /** Serves until SIGTERM (or another JVM shutdown), then drains and runs {@code onStopped}. */
  static void serve(Assembly assembly, Runnable onStopped) {
    Settings settings = assembly.settings();
    // Many clients' headers pass through here: whatever a library logs of them, credentials are
    // cut.
    List<String> secrets =
        new java.util.ArrayList<>(
            List.of(
                settings.transport().http().authToken().reveal(),
                settings.emqx().apiSecret().reveal(),
                settings.mqtt().password().reveal()));
    settings.transport().http().callers().tokens().forEach(t -> secrets.add(t.token().reveal()));
    LogRedaction.install(secrets);
    Logger log = LoggerFactory.getLogger(HttpLauncher.class);
    // The hosts clients can use are accepted as Host/Origin: none is a name an attacker controls.
    List<String> hosts = ClientUrls.hosts(settings.transport().http().host());
    HttpSettings config = settings.transport().http().allowing(ClientUrls.origins(hosts));
    // /healthz reports every cluster from probes in the background, never asking EMQX itself.
    HealthProbes probe = HealthProbes.start(assembly.clusters(), PROBE_INTERVAL);
    Http http = Http.start(config, assembly::server, assembly.modern(), probe);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  http.close();
                  probe.close();
                  assembly.close();
                  onStopped.run();
                },
                "mcp-http-shutdown"));
    int port = http.baseUri().getPort();
    List<String> bases = hosts.stream().map(h -> "http://" + h + ":" + port).toList();
    String base = bases.isEmpty() ? http.baseUri().toString() : bases.get(0);
    log.info(
        "{} {} serving MCP over HTTP: streamable {}/mcp, legacy SSE {}/sse; {}; EMQX API {}{}",
        McpServerFactory.NAME,
        McpServerFactory.version(),
        base,
        base,
        callers(config),
        settings.emqx().apiUrl(),
        settings.mcp().readOnly() ? " (read-only)" : "");
    log.info("{}", reachableAt(bases));
  }

  /** Who may call, for the start-up line: names and roles, never a token. */
  static String callers(HttpSettings config) {
    var callers = config.callers();
    if (!callers.any()) {
      return "no auth token (loopback only)";
    }
    List<String> parts = new java.util.ArrayList<>();
    callers.tokens().forEach(t -> parts.add(t.name() + " (" + t.role().id() + ")"));
    String tokens = parts.isEmpty() ? "" : "bearer tokens " + String.join(", ", parts);
    String oauth = callers.oauth().enabled() ? "access tokens of " + callers.oauth().issuer() : "";
    return (tokens + (tokens.isEmpty() || oauth.isEmpty() ? "" : "; ") + oauth) + " required";
  }

  /**
   * The URLs to give clients, and what to set when they use another one (a DNS name, a proxy):
   * without it they get 421, since the Host check accepts only the names it knows.
   */
  static String reachableAt(List<String> bases) {
    String urls =
        bases.isEmpty()
            ? "this machine's addresses (none could be listed)"
            : String.join(", ", bases.stream().map(b -> b + "/mcp").toList());
    return "clients can connect to "
        + urls
        + ". To reach it under another name, add that URL with "
        + "EMQX_MCP_ALLOWED_ORIGINS, --allowed-origins or mcp.http.allowed-origins";
  }
}
