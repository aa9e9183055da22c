package io.emqx.mcp;

import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.EmqxProbe;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.tools.ToolSpec;
import io.emqx.mcp.transport.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  static void serve(Settings settings, EmqxClient emqx, List<ToolSpec> tools, Policy policy, Runnable onStopped) {
    HttpSettings config = settings.transport().http();
    // Many clients' headers pass through here: whatever a library logs of them, credentials are cut.
    LogRedaction.install(List.of(config.authToken().reveal(), settings.emqx().apiSecret().reveal(),
        settings.mqtt().password().reveal()));
    Logger log = LoggerFactory.getLogger(HttpLauncher.class);
    EmqxProbe probe = EmqxProbe.start(emqx, PROBE_INTERVAL);
    Http http = Http.start(config, spec -> McpServerFactory.build(spec, tools, policy, emqx),
        () -> Map.of("emqx", probe.last()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      http.close();
      probe.close();
      emqx.close();
      policy.close();
      onStopped.run();
    }, "mcp-http-shutdown"));
    log.info("{} {} serving MCP over HTTP: streamable {}/mcp, legacy SSE {}/sse; {}; EMQX API {}{}",
        McpServerFactory.NAME, McpServerFactory.version(), http.baseUri(), http.baseUri(),
        config.authToken().isEmpty() ? "no auth token (loopback only)" : "bearer token required",
        settings.emqx().apiUrl(), settings.mcp().readOnly() ? " (read-only)" : "");
  }
}
