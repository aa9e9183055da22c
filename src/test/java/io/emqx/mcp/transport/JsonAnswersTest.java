package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import io.emqx.mcp.conformance.ConformanceServer;
import io.emqx.mcp.support.HttpTestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A request's lone response goes out as JSON; anything else streams as the SDK's SSE. Two levels:
 * the real server (raw HTTP and the SDK's client, against the conformance fixture's tools), and the
 * filter alone in front of a servlet that writes events exactly as the SDK's streamable servlet
 * does, fed random message sequences.
 */
class JsonAnswersTest {

  // ---- the real server ----

  static final String INITIALIZE = HttpTransportTest.INITIALIZE;
  static final String ACCEPT = "Accept: application/json, text/event-stream";

  /** A session on the real server over plain sockets; returns its id. */
  static String initialize(URI base) throws IOException {
    HttpTransportTest.Raw init = HttpTransportTest.Raw.send(base, "POST", "/mcp",
        List.of(ACCEPT, "Content-Type: application/json"), INITIALIZE);
    String session = init.header("Mcp-Session-Id");
    HttpTransportTest.Raw.send(base, "POST", "/mcp", List.of(ACCEPT, "Content-Type: application/json",
        "Mcp-Session-Id: " + session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  static HttpTransportTest.Raw call(URI base, String session, String body) throws IOException {
    return HttpTransportTest.Raw.send(base, "POST", "/mcp", List.of(ACCEPT, "Content-Type: application/json",
        "Mcp-Session-Id: " + session), body);
  }

  @Test
  void aToolCall_isAnsweredAsOneJsonBody_withItsLength() throws Exception {
    try (Http http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of)) {
      String session = initialize(http.baseUri());
      HttpTransportTest.Raw r = call(http.baseUri(), session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"test_simple_text\",\"arguments\":{}}}");
      assertEquals(200, r.status());
      assertTrue(r.header("Content-Type").startsWith("application/json"), r.text());
      assertEquals(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length),
          r.header("Content-Length"), r.text());
      Map<String, Object> answer = Json.MAPPER.readValue(r.body(), new TypeReference<>() {});
      assertEquals(7, answer.get("id"));
      assertTrue(r.body().contains("This is a simple text response for testing."), r.body());
      HttpTransportTest.Raw ping = call(http.baseUri(), session,
          "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}", ping.body());
    }
  }

  /** Progress comes before the answer: the client must see it, so the answer streams as SSE. */
  @Test
  void aCallThatReportsProgress_streamsItsNotificationsAndThenItsAnswer() throws Exception {
    try (Http http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of)) {
      String session = initialize(http.baseUri());
      HttpTransportTest.Raw r = call(http.baseUri(), session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t\"}}}");
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"), r.text());
      String sse = r.header("Transfer-Encoding").equals("chunked") ? dechunked(r.body()) : r.body();
      List<String> data = dataLines(sse);
      assertEquals(4, data.size(), r.body());
      for (int i = 0; i < 3; i++) {
        assertTrue(data.get(i).contains("notifications/progress"), data.get(i));
      }
      assertTrue(data.get(3).contains("\"id\":8") && data.get(3).contains("\"result\""), data.get(3));
    }
  }

  /** The SDK's client reads both kinds: JSON answers, and streams that carry a log notification first. */
  @Test
  void sdkClient_getsJsonAnswers_andStreamedOnes() {
    try (Http http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of)) {
      List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
      McpSyncClient client = io.modelcontextprotocol.client.McpClient.sync(
              io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport
                  .builder(http.baseUri().toString()).endpoint("/mcp").build())
          .loggingConsumer(m -> logged.add(String.valueOf(m.data())))
          .requestTimeout(Duration.ofSeconds(20))
          .build();
      client.initialize();
      for (int i = 0; i < 20; i++) {
        assertEquals("This is a simple text response for testing.", text(client.callTool(
            new McpSchema.CallToolRequest("test_simple_text", Map.of()))));
      }
      McpSchema.CallToolResult logging = client.callTool(new McpSchema.CallToolRequest("test_tool_with_logging",
          Map.of()));
      assertFalse(Boolean.TRUE.equals(logging.isError()), text(logging));
      assertFalse(logged.isEmpty(), "the log notifications sent before the answer reach the client");
      client.closeGracefully();
    }
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  /** The payload of a chunked body, as Raw read it. */
  static String dechunked(String body) {
    byte[] in = body.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int eol = at;
      while (in[eol] != '\r') {
        eol++;
      }
      int size = Integer.parseInt(new String(in, at, eol - at, StandardCharsets.US_ASCII).trim(), 16);
      if (size == 0) {
        return out.toString(StandardCharsets.UTF_8);
      }
      out.write(in, eol + 2, size);
      at = eol + 2 + size + 2;
    }
  }

  static List<String> dataLines(String sse) {
    return sse.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).toList();
  }

  // ---- the filter alone, against the SDK's way of writing a request's stream ----

  static final int HELD_CAP = 400;
  static Server jetty;
  static URI base;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeContainer
  static void startJetty() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new JsonAnswers(HELD_CAP));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder(new SdkLikeStream());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
  }

  @AfterContainer
  static void stopJetty() throws Exception {
    jetty.stop();
  }

  /**
   * Writes each message of the request body (a JSON array of strings) as one SSE event, as the
   * SDK's {@code HttpServletStreamableServerTransportProvider} does for a request: content type and
   * headers, {@code startAsync()}, then per message {@code id:}, {@code event:}, {@code data:} and
   * a flush checked with {@code checkError()}, then {@code complete()}.
   */
  static final class SdkLikeStream extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      List<String> messages = Json.MAPPER.readValue(req.getInputStream(), new TypeReference<>() {});
      res.setContentType("text/event-stream");
      res.setCharacterEncoding("UTF-8");
      res.setHeader("Cache-Control", "no-cache");
      AsyncContext async = req.startAsync();
      async.setTimeout(0);
      PrintWriter writer = res.getWriter();
      for (String m : messages) {
        writer.write(event(m));
        writer.flush();
        if (writer.checkError()) {
          throw new IOException("client gone");
        }
      }
      async.complete();
    }
  }

  static String event(String data) {
    return "id: s-1\nevent: message\ndata: " + data + "\n\n";
  }

  @Property(tries = 200)
  @StatisticsReport(onFailureOnly = true)
  void aResponseFirst_isJson_everythingElseStreamsUnchanged(@ForAll("streams") List<String> messages)
      throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base)
        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(messages)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    String type = r.headers().firstValue("Content-Type").orElse("");
    // The SDK writes nothing after a request's response but closes the stream; should a message race
    // in after it, the JSON answer has been sent and the message is dropped.
    boolean answered = !messages.isEmpty() && messages.get(0).startsWith("{\"jsonrpc\":\"2.0\",\"id\"")
        && event(messages.get(0)).length() <= HELD_CAP;
    Statistics.label("answered as JSON").collect(answered);
    Statistics.label("answered as JSON").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("answered as JSON").coverage(c -> c.check(false).percentage(p -> p > 20));
    if (answered) {
      assertTrue(type.startsWith("application/json"), type);
      assertEquals(messages.get(0), r.body());
      assertEquals(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length),
          r.headers().firstValue("Content-Length").orElse(""));
    } else {
      assertTrue(type.startsWith("text/event-stream"), type);
      StringBuilder expected = new StringBuilder();
      messages.forEach(m -> expected.append(event(m)));
      assertEquals(expected.toString(), r.body(), "the SDK's stream, byte for byte");
    }
  }

  @Provide
  Arbitrary<List<String>> streams() {
    return message().list().ofMaxSize(4);
  }

  /** A JSON-RPC message as the SDK serializes it: a response, an error, a notification or a request. */
  static Arbitrary<String> message() {
    // No lone surrogates: they do not survive UTF-8, in the SDK's stream or here.
    Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars("\n\r\t\"\\\u0000")
        .ofMaxLength(300);
    Arbitrary<Integer> id = Arbitraries.integers().between(0, 1_000_000);
    return Arbitraries.oneOf(
        Combinators.combine(id, text).as((i, t) -> json(Map.of("jsonrpc", "2.0", "id", i,
            "result", Map.of("content", List.of(Map.of("type", "text", "text", t)))), "jsonrpc", "id", "result")),
        Combinators.combine(id, text).as((i, t) -> json(Map.of("jsonrpc", "2.0", "id", i,
            "error", Map.of("code", -32602, "message", t)), "jsonrpc", "id", "error")),
        text.map(t -> json(Map.of("jsonrpc", "2.0", "method", "notifications/message",
            "params", Map.of("level", "info", "data", t)), "jsonrpc", "method", "params")),
        Combinators.combine(id, text).as((i, t) -> json(Map.of("jsonrpc", "2.0", "method", "elicitation/create",
            "id", i, "params", Map.of("message", t)), "jsonrpc", "method", "id", "params")));
  }

  /** Serialized with the fields in the SDK's order (its records' component order). */
  private static String json(Map<String, Object> fields, String... order) {
    Map<String, Object> ordered = new java.util.LinkedHashMap<>();
    for (String f : order) {
      ordered.put(f, fields.get(f));
    }
    try {
      return Json.MAPPER.writeValueAsString(ordered);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void isResponse_readsTopLevelNamesOnly() {
    assertTrue(JsonAnswers.isResponse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"method\":\"x\"}}"));
    assertTrue(JsonAnswers.isResponse("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"m\"}}"));
    assertFalse(JsonAnswers.isResponse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}"));
    assertFalse(JsonAnswers.isResponse("{\"jsonrpc\":\"2.0\",\"params\":{\"result\":1},\"method\":\"n\"}"));
    assertFalse(JsonAnswers.isResponse("[{\"result\":1}]"));
    assertFalse(JsonAnswers.isResponse("not json"));
    assertFalse(JsonAnswers.isResponse(""));
  }

  @Test
  void onlyEventData_isNullUnlessExactlyOneWholeEvent() {
    assertEquals("{}", JsonAnswers.onlyEventData("id: 1\nevent: message\ndata: {}\n\n"));
    assertEquals("a\nb", JsonAnswers.onlyEventData("data: a\ndata:b\n\n"));
    assertEquals(null, JsonAnswers.onlyEventData("data: {}\n"));
    assertEquals(null, JsonAnswers.onlyEventData("data: {}\n\ndata: {}\n\n"));
    assertEquals(null, JsonAnswers.onlyEventData("event: message\n\n"));
  }
}
