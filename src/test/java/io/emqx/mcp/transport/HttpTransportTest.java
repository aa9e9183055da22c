package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.conformance.ConformanceServer;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.HttpLines;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.SlowCall;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP transport through the real interfaces: the SDK's HTTP clients and raw HTTP against the
 * real server on Jetty, EMQX answered by WireMock. Both MCP transports run every behaviour test.
 */
class HttpTransportTest {

  @RegisterExtension
  static final WireMockEmqx wm =
      StdioTransportTest.echoingOutOfOrder()
          .standing(
              w ->
                  w.stubFor(
                      on(Route.GET_CLIENT, "slow")
                          .willReturn(okJson("{\"clientid\":\"slow\"}").withFixedDelay(1500))));

  static McpSyncClient client(HttpTestServer server, String transport, String token) {
    return transport.equals("sse") ? server.sseClient(token) : server.streamableClient(token);
  }

  static HttpLines lines(HttpTestServer server, String transport, String token) throws Exception {
    return transport.equals("sse")
        ? HttpLines.sse(server.base(), token)
        : HttpLines.streamable(server.base(), token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void sdkClient_listsTheCatalog_andCallsATool(String transport) {
    try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null)) {
      McpSyncClient client = client(server, transport, null);
      List<String> listed = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      List<String> catalog = ToolCatalog.all().stream().map(ToolSpec::name).toList();
      assertEquals(catalog, listed, "HTTP serves the same tools as stdio");
      CallToolResult ok =
          client.callTool(
              new McpSchema.CallToolRequest("get_client", Map.of("clientid", "sensor-1")));
      assertEquals("sensor-1", ((Map<?, ?>) ok.structuredContent()).get("clientid"));
      CallToolResult bad =
          client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "..")));
      assertTrue(
          bad.isError() && TestServer.text(bad).contains("INVALID_ARGUMENT"), TestServer.text(bad));
      client.closeGracefully();
    }
  }

  /**
   * The same hold as StdioTransportTest: the SDK's stdio transport drops answers under this load.
   */
  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void fiveHundredCalls_sixteenInFlight_everyResponseMatchesItsRequest(String transport)
      throws Exception {
    try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null);
        HttpLines http = lines(server, transport, null)) {
      http.rpc.assertConcurrentCallsAnswered(500, 16);
      assertEquals(List.of(), http.httpErrors());
    }
  }

  @Test
  void manySessionsAtOnce_onBothTransports_eachGetsItsOwnAnswers() throws Exception {
    try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null)) {
      List<CompletableFuture<Void>> sessions = new ArrayList<>();
      for (int s = 0; s < 12; s++) {
        String transport = s % 2 == 0 ? "streamable" : "sse";
        String prefix = "s" + s + "-";
        sessions.add(
            CompletableFuture.runAsync(
                () -> {
                  McpSyncClient client = client(server, transport, null);
                  for (int i = 0; i < 10; i++) {
                    CallToolResult r =
                        client.callTool(
                            new McpSchema.CallToolRequest(
                                "get_client", Map.of("clientid", prefix + i)));
                    assertEquals(
                        prefix + i, ((Map<?, ?>) r.structuredContent()).get("clientid"), transport);
                  }
                  client.closeGracefully();
                }));
      }
      CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void fixtureResourcesAndPrompts_areServedOnBothTransports(String transport) {
    // The real server's resources and prompts come through the same feature function; the
    // conformance fixtures stand in for them here.
    Http http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of);
    try {
      McpSyncClient client =
          transport.equals("sse")
              ? HttpTestServer.sseClient(http.baseUri(), null)
              : HttpTestServer.streamableClient(http.baseUri(), null);
      assertTrue(
          client.listResources().resources().stream()
              .anyMatch(r -> r.uri().equals("test://static-text")));
      McpSchema.ReadResourceResult read =
          client.readResource(new McpSchema.ReadResourceRequest("test://template/7/data"));
      assertTrue(
          ((McpSchema.TextResourceContents) read.contents().get(0))
              .text()
              .contains("Data for ID: 7"));
      assertTrue(
          client.listPrompts().prompts().stream()
              .anyMatch(p -> p.name().equals("test_prompt_with_arguments")));
      McpSchema.GetPromptResult prompt =
          client.getPrompt(
              new McpSchema.GetPromptRequest(
                  "test_prompt_with_arguments", Map.of("arg1", "hello", "arg2", "world")));
      assertEquals(
          "Prompt with arguments: arg1='hello', arg2='world'",
          ((McpSchema.TextContent) prompt.messages().get(0).content()).text());
      client.closeGracefully();
    } finally {
      http.close();
    }
  }

  @Nested
  class Security {

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/sse", "/message?sessionId=x"})
    void noToken_is401_withWwwAuthenticate(String path) throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), HttpTestServer.TOKEN)) {
        Raw r =
            Raw.send(server.base(), path.equals("/sse") ? "GET" : "POST", path, List.of(), "{}");
        assertEquals(401, r.status(), r.text());
        assertEquals("Bearer realm=\"emqx-mcp-server\"", r.header("WWW-Authenticate"));
        assertTrue(r.body().contains("\"unauthorized\""), r.body());
      }
    }

    @Test
    void wrongToken_is401_invalidToken_andNeverEchoed() throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), HttpTestServer.TOKEN)) {
        for (String wrong :
            List.of(HttpTestServer.TOKEN + "x", HttpTestServer.TOKEN.substring(1), "short")) {
          Raw r =
              Raw.send(
                  server.base(), "POST", "/mcp", List.of("Authorization: Bearer " + wrong), "{}");
          assertEquals(401, r.status(), r.text());
          assertTrue(r.header("WWW-Authenticate").contains("error=\"invalid_token\""), r.text());
          assertFalse(r.text().contains(wrong), "the presented token is echoed");
          assertFalse(r.text().contains(HttpTestServer.TOKEN), "the real token leaked");
        }
        Raw basic =
            Raw.send(
                server.base(), "POST", "/mcp", List.of("Authorization: Basic dXNlcjpwYXNz"), "{}");
        assertEquals(401, basic.status());
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse"})
    void rightToken_sdkClientWorks(String transport) {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), HttpTestServer.TOKEN)) {
        McpSyncClient client = client(server, transport, HttpTestServer.TOKEN);
        CallToolResult r =
            client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "x")));
        assertEquals("x", ((Map<?, ?>) r.structuredContent()).get("clientid"));
        assertFalse(r.toString().contains(HttpTestServer.TOKEN));
        client.closeGracefully();
      }
    }

    @Test
    void healthz_needsNoToken() throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), HttpTestServer.TOKEN)) {
        Raw r = Raw.send(server.base(), "GET", "/healthz", List.of(), null);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "evil.example",
          "evil.example:8080",
          "localhost.evil.example",
          "127.0.0.1.nip.io"
        })
    void foreignHost_is421(String host) throws Exception {
      assertRefusedSayingHow(
          "Host: " + host,
          421,
          "mcp.http.allowed-origins",
          "EMQX_MCP_ALLOWED_ORIGINS=http://" + host,
          "--allowed-origins");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://evil.example",
          "https://localhost.evil.example",
          "null",
          "http://localhost.:80"
        })
    void foreignOrigin_is403(String origin) throws Exception {
      assertRefusedSayingHow(
          "Origin: " + origin,
          403,
          "EMQX_MCP_ALLOWED_ORIGINS",
          "--allowed-origins",
          "mcp.http.allowed-origins");
    }

    /** A POST with {@code header} gets {@code status}, with a body that names every setting. */
    void assertRefusedSayingHow(String header, int status, String... settings) throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null)) {
        Raw r = Raw.send(server.base(), "POST", "/mcp", List.of(header), "{}");
        assertEquals(status, r.status(), r.text());
        assertTrue(
            java.util.Arrays.stream(settings).allMatch(r.body()::contains),
            "says which setting to change: " + r.body());
      }
    }

    @Test
    void loopbackOrigin_andHost_pass() throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null)) {
        int port = server.base().getPort();
        Raw r =
            Raw.postMcp(
                server.base(),
                List.of("Host: localhost:" + port, "Origin: http://localhost:5173"),
                INITIALIZE);
        assertEquals(200, r.status(), r.text());
      }
    }

    @Test
    void bodyOverTheLimit_is413() throws Exception {
      try (HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null)) {
        int limit = HttpSettings.defaults().maxRequestBytes();
        String big =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"pad\":\""
                + "x".repeat(limit)
                + "\"}";
        Raw r = Raw.postMcp(server.base(), List.of(), big);
        assertEquals(413, r.status(), r.text());
      }
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void idleSession_expires_andItsIdIsThenUnknown() throws Exception {
      HttpSettings quick =
          HttpTestServer.httpSettings(null)
              .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5));
      try (HttpTestServer server =
              HttpTestServer.start(
                  TestServer.settings(wm.baseUrl(), Duration.ofSeconds(5), false), quick);
          HttpLines http = HttpLines.streamable(server.base(), null)) {
        http.rpc.initialize();
        assertTrue(
            http.rpc.call("tools/list", Map.of(), Duration.ofSeconds(5)).containsKey("result"));
        Thread.sleep(1600); // idle for more than two sweeps
        http.rpc.request("tools/list", Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (http.httpErrors().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(http.httpErrors().get(0).startsWith("404"), http.httpErrors().toString());
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse"})
    void close_letsTheCallInFlightAnswer_refusesNewRequests_thenStops(String transport)
        throws Exception {
      HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null);
      URI base = server.base();
      McpSyncClient client = client(server, transport, null);
      CompletableFuture<CallToolResult> slow = SlowCall.inFlight(client, wm, "slow");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      awaitDraining(base);
      assertFalse(closing.isDone(), "close waits for the call in flight");
      Raw refused = Raw.postMcp(base, List.of(), INITIALIZE);
      assertEquals(503, refused.status(), refused.text());
      CallToolResult answered = slow.get(10, TimeUnit.SECONDS);
      assertEquals("slow", ((Map<?, ?>) answered.structuredContent()).get("clientid"));
      closing.get(10, TimeUnit.SECONDS);
      assertTrue(refusesConnections(base), "Jetty still listens after close");
    }

    /**
     * A call waiting for the user (elicitation) is in flight: the user's answer must still get in.
     */
    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse"})
    void close_stillAcceptsTheAnswerACallInFlightWaitsFor(String transport) throws Exception {
      Http http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of);
      CountDownLatch asked = new CountDownLatch(1);
      CompletableFuture<Void> drainStarted = new CompletableFuture<>();
      McpSyncClient client =
          McpClient.sync(
                  transport.equals("sse")
                      ? HttpClientSseClientTransport.builder(http.baseUri().toString())
                          .sseEndpoint("/sse")
                          .build()
                      : HttpClientStreamableHttpTransport.builder(http.baseUri().toString())
                          .endpoint("/mcp")
                          .build())
              .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
              .elicitation(
                  request -> {
                    asked.countDown();
                    drainStarted.join(); // answer only once the server has begun to drain
                    return new McpSchema.ElicitResult(
                        McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("username", "ops", "email", "ops@example.com"));
                  })
              .requestTimeout(Duration.ofSeconds(20))
              .build();
      client.initialize();
      CompletableFuture<CallToolResult> call =
          CompletableFuture.supplyAsync(
              () ->
                  client.callTool(
                      new McpSchema.CallToolRequest(
                          "test_elicitation", Map.of("message", "Kick sensor-42?"))));
      assertTrue(asked.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closed = CompletableFuture.runAsync(http::close);
      awaitDraining(http.baseUri());
      drainStarted.complete(null);
      String text = TestServer.text(call.get(10, TimeUnit.SECONDS));
      assertTrue(text.contains("action=ACCEPT") && text.contains("ops@example.com"), text);
      closed.get(10, TimeUnit.SECONDS);
    }
  }

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  static boolean refusesConnections(URI base) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  /**
   * One HTTP/1.1 exchange over a plain socket: the JDK's client will not send a forged Host header,
   * which is what a DNS-rebinding attack sends.
   */
  /** Waits (up to 10 s) until the server says it is draining: /healthz answers 503 from then on. */
  static void awaitDraining(URI base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Raw.send(base, "GET", "/healthz", List.of(), null).status() != 503) {
      assertTrue(System.nanoTime() < deadline, "the server never began to drain");
      Thread.sleep(10);
    }
  }

  record Raw(int status, String text) {
    /** A POST to /mcp with a streamable client's Accept and Content-Type, plus {@code extra}. */
    static Raw postMcp(URI base, List<String> extra, String body) throws IOException {
      List<String> headers = new ArrayList<>(extra);
      headers.add("Accept: application/json, text/event-stream");
      headers.add("Content-Type: application/json");
      return send(base, "POST", "/mcp", headers, body);
    }

    static Raw send(URI base, String method, String path, List<String> headers, String body)
        throws IOException {
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(10_000);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        if (headers.stream().noneMatch(h -> h.startsWith("Host:"))) {
          head.append("Host: ")
              .append(base.getHost())
              .append(':')
              .append(base.getPort())
              .append("\r\n");
        }
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("Content-Length: ")
            .append(content.length)
            .append("\r\nConnection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        try {
          out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
          out.write(content);
          out.flush();
        } catch (IOException refusedMidBody) {
          // A server may answer (413) and close before the whole body is sent: read what it said.
        }
        return read(socket.getInputStream(), method.equals("GET") && path.equals("/sse"));
      }
    }

    /** Reads to the end, or (an event stream) up to the end of the headers. */
    private static Raw read(InputStream in, boolean stream) throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        all.write(buffer, 0, n);
        if (stream && all.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
          break;
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      return new Raw(Integer.parseInt(text.substring(9, 12)), text);
    }

    String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return "";
    }

    String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }
  }
}
