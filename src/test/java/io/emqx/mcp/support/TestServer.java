package io.emqx.mcp.support;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The real server (catalog, policy, runner, {@code StdioTransport}) in this JVM, connected through
 * {@link BytePipe}s ({@link PipedServer}) to the SDK's own MCP client: not {@code
 * PipedInputStream}, which breaks when the thread that last wrote ends (Reactor's worker threads
 * come and go), nor NIO pipes, which an interrupt of a writing thread closes for good.
 */
public final class TestServer implements AutoCloseable {

  public static final String KEY = "test-key";

  /** A secret that must never appear in anything the server prints or returns. */
  public static final String SECRET = "S3cr3t-never-print-me-7f3a";

  private final McpSyncClient client;
  private final OutputStream toServer;
  private final InputStream fromServer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final Assembly assembly;

  private TestServer(
      Settings settings,
      Policy policy,
      java.util.function.UnaryOperator<McpClient.SyncSpec> customize)
      throws IOException {
    PipedServer piped =
        PipedServer.start(settings, policy, Duration.ofSeconds(5), closed::countDown, a -> null);
    assembly = piped.assembly();
    toServer = piped.toServer();
    fromServer = piped.fromServer();
    client =
        customize
            .apply(
                McpClient.sync(new PipeClientTransport(fromServer, toServer, clientMapper()))
                    .requestTimeout(Duration.ofSeconds(30))
                    .clientInfo(new McpSchema.Implementation("emqx-mcp-tests", "1.0"))
                    .progressConsumer(progress::add))
            .build();
    client.initialize();
  }

  /**
   * The mapper of the tests' MCP clients: a plain one, as a client's would be. The server's reads
   * fractions as BigDecimal (exact arguments), which a client comparing results to doubles is not.
   */
  public static io.modelcontextprotocol.json.McpJsonMapper clientMapper() {
    return new io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper(
        new com.fasterxml.jackson.databind.ObjectMapper());
  }

  /** A server whose EMQX is at {@code apiUrl}, with the test credentials. */
  public static TestServer against(String apiUrl) throws IOException {
    return start(settings(apiUrl, Duration.ofSeconds(2), false));
  }

  public static TestServer start(Settings settings) throws IOException {
    return new TestServer(settings, new Policy(settings), spec -> spec);
  }

  /**
   * With a policy of the test's making (a fake clock, an audit file) and client options
   * (elicitation).
   */
  public static TestServer start(
      Settings settings,
      Policy policy,
      java.util.function.UnaryOperator<McpClient.SyncSpec> customize)
      throws IOException {
    return new TestServer(settings, policy, customize);
  }

  public static Settings settings(String apiUrl, Duration timeout, boolean readOnly) {
    return new Settings(
        new Settings.Emqx(Settings.normalizeApiUrl(apiUrl), KEY, new Secret(SECRET), timeout),
        new Settings.Mcp(readOnly),
        io.emqx.mcp.topic.TopicRules.allowAll());
  }

  /** Settings against the built-in fake EMQX, with its credentials. */
  public static Settings settings(io.emqx.mcp.mock.MockEmqx mock, Duration timeout) {
    Settings s = settings(mock.apiUrl(), timeout, false);
    return s.withEmqx(
        s.emqx()
            .withApi(
                mock.apiUrl(),
                io.emqx.mcp.mock.MockEmqx.API_KEY,
                new Secret(io.emqx.mcp.mock.MockEmqx.API_SECRET)));
  }

  public McpSyncClient client() {
    return client;
  }

  public CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  /**
   * A call whose request carries {@code _meta.progressToken}; notifications land in {@link
   * #progress()}.
   */
  public CallToolResult callWithProgress(
      String tool, Map<String, Object> args, String progressToken) {
    return client.callTool(
        new McpSchema.CallToolRequest(tool, args, Map.of("progressToken", progressToken)));
  }

  /** Every progress notification received so far. */
  public List<McpSchema.ProgressNotification> progress() {
    return progress;
  }

  /** The structured content of a successful call, failing the test with the error otherwise. */
  public Map<String, Object> ok(String tool, Map<String, Object> args) {
    CallToolResult r = call(tool, args);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " failed: " + text(r));
    }
    return Json.MAPPER.convertValue(
        r.structuredContent(), new TypeReference<Map<String, Object>>() {});
  }

  /** The {@code error} object of a failed call, failing the test if it succeeded. */
  public Map<String, Object> error(String tool, Map<String, Object> args) {
    CallToolResult r = call(tool, args);
    if (!Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " unexpectedly succeeded: " + text(r));
    }
    Map<String, Object> body = parse(text(r));
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    return error;
  }

  public static String text(CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  public static Map<String, Object> parse(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    client.closeGracefully();
    try {
      toServer.close();
    } catch (IOException ignored) {
      // already closed
    }
    assembly.close();
  }
}
