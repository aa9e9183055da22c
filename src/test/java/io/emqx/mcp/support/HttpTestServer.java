package io.emqx.mcp.support;

import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import io.emqx.mcp.server.HealthProbes;
import io.emqx.mcp.transport.Http;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server (catalog, policy, runner) behind the real HTTP transport on a free loopback port,
 * with the SDK's own HTTP clients for both transports.
 */
public final class HttpTestServer implements AutoCloseable {

  /** A token that must never appear in anything the server prints or returns. */
  public static final String TOKEN = "t0ken-never-print-me-5b0c2e9a41d7";

  public final Http http;
  private final Assembly assembly;
  private final HealthProbes health;

  private HttpTestServer(
      Settings settings,
      HttpSettings httpSettings,
      Policy policy,
      java.time.Clock clock,
      Duration probeInterval) {
    assembly = Assembly.of(settings, policy);
    // Without probes (most tests count EMQX requests), /healthz says nothing of EMQX.
    health = probeInterval == null ? null : HealthProbes.start(assembly.clusters(), probeInterval);
    http =
        Http.start(
            httpSettings,
            assembly::server,
            assembly.modern(clock),
            health == null ? Map::of : health);
  }

  /** With /healthz probing every cluster as the launcher's does, every {@code probeInterval}. */
  public static HttpTestServer withHealth(
      Settings settings, HttpSettings httpSettings, Duration probeInterval) {
    return new HttpTestServer(
        settings, httpSettings, new Policy(settings), java.time.Clock.systemUTC(), probeInterval);
  }

  /** EMQX at {@code apiUrl}; {@code token} null for none. */
  public static HttpTestServer start(String apiUrl, String token) {
    return start(TestServer.settings(apiUrl, Duration.ofSeconds(10), false), httpSettings(token));
  }

  public static HttpTestServer start(Settings settings, HttpSettings httpSettings) {
    return new HttpTestServer(
        settings, httpSettings, new Policy(settings), java.time.Clock.systemUTC(), null);
  }

  /**
   * With a policy of the test's making, and the clock that dates 2026-07-28 confirmation states.
   */
  public static HttpTestServer start(
      Settings settings, HttpSettings httpSettings, Policy policy, java.time.Clock clock) {
    return new HttpTestServer(settings, httpSettings, policy, clock, null);
  }

  /** The defaults on a free loopback port, with {@code token} (null: none). */
  public static HttpSettings httpSettings(String token) {
    return HttpSettings.defaults().listening("127.0.0.1", 0).withAuthToken(new Secret(token));
  }

  public URI base() {
    return http.baseUri();
  }

  public McpSyncClient streamableClient(String token) {
    return streamableClient(base(), token);
  }

  public McpSyncClient sseClient(String token) {
    return sseClient(base(), token);
  }

  /** An initialized SDK client over streamable HTTP, sending {@code token} if not null. */
  public static McpSyncClient streamableClient(URI base, String token) {
    return client("streamable", base, token, spec -> spec);
  }

  /** An initialized SDK client over legacy HTTP+SSE, sending {@code token} if not null. */
  public static McpSyncClient sseClient(URI base, String token) {
    return client("sse", base, token, spec -> spec);
  }

  /**
   * An initialized SDK client over legacy HTTP+SSE ({@code "sse"}) or streamable HTTP (any other
   * {@code transport}), sending {@code token} if not null, with client options (a tools-change
   * consumer).
   */
  public static McpSyncClient client(
      String transport,
      URI base,
      String token,
      java.util.function.UnaryOperator<McpClient.SyncSpec> customize) {
    McpClientTransport wire =
        transport.equals("sse")
            ? HttpClientSseClientTransport.builder(base.toString())
                .sseEndpoint("/sse")
                .requestBuilder(withToken(token))
                .jsonMapper(TestServer.clientMapper())
                .build()
            : HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint("/mcp")
                .requestBuilder(withToken(token))
                .jsonMapper(TestServer.clientMapper())
                .build();
    return connect(wire, customize);
  }

  /**
   * An SDK client over legacy HTTP+SSE that opens its stream ({@code GET /sse}) with {@code
   * streamToken} and posts every message with {@code messageToken}, not initialized yet: a client,
   * or a proxy, that mixes two tokens.
   */
  public static McpSyncClient sseClient(URI base, String streamToken, String messageToken) {
    return McpClient.sync(
            HttpClientSseClientTransport.builder(base.toString())
                .sseEndpoint("/sse")
                .httpRequestCustomizer(
                    (request, method, uri, body, context) ->
                        request.setHeader(
                            "Authorization",
                            "Bearer " + ("GET".equals(method) ? streamToken : messageToken)))
                .jsonMapper(TestServer.clientMapper())
                .build())
        .requestTimeout(Duration.ofSeconds(30))
        .clientInfo(new McpSchema.Implementation("emqx-mcp-http-tests", "1.0"))
        .build();
  }

  private static McpSyncClient connect(
      McpClientTransport transport,
      java.util.function.UnaryOperator<McpClient.SyncSpec> customize) {
    McpSyncClient client =
        customize
            .apply(
                McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30))
                    .clientInfo(new McpSchema.Implementation("emqx-mcp-http-tests", "1.0")))
            .build();
    client.initialize();
    return client;
  }

  /**
   * The base URL of the jar started with {@code --transport http --port 0}: waits for the start-up
   * line in its log (stderr) and reads the URL from it.
   */
  public static URI awaitBaseUrl(Process server, File log) throws Exception {
    Pattern url = Pattern.compile("streamable (http://\\S+)/mcp");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && server.isAlive()) {
      Matcher m = url.matcher(Files.readString(log.toPath(), StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the server did not start: " + Files.readString(log.toPath()));
  }

  private static HttpRequest.Builder withToken(String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder();
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  @Override
  public void close() {
    http.close();
    if (health != null) {
      health.close();
    }
    assembly.close();
  }
}
