package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.emqx.mcp.support.WireMockEmqx.echoClient;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.HttpLines;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a client got wrong get one answer each, with the request's id and the right JSON-RPC
 * code, on every transport, and never a Java message: over stdio (raw lines) and over both HTTP
 * transports (raw POSTs after initialize), against the real server.
 */
class MalformedRequestsTest {

  /** What no message may contain: Java's exception and class names. */
  static final Pattern JAVA =
      Pattern.compile("Exception|java\\.|io\\.modelcontextprotocol|\\bat [a-z]+\\.|Cannot invoke");

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create(o -> o.globalTemplating(true))
          .standing(
              w -> {
                w.stubFor(onAny(Route.GET_CLIENT).willReturn(echoClient()));
              });

  /** A transport with a RawRpc on it, initialized. */
  interface Session extends AutoCloseable {
    RawRpc rpc();
  }

  static Session open(String transport) throws Exception {
    if (transport.equals("stdio")) {
      InProcessStdio stdio =
          new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(5), false));
      stdio.rpc.initialize();
      return new Session() {
        public RawRpc rpc() {
          return stdio.rpc;
        }

        public void close() throws Exception {
          stdio.close();
        }
      };
    }
    HttpTestServer server = HttpTestServer.start(wm.baseUrl(), null);
    HttpLines lines =
        transport.equals("sse")
            ? HttpLines.sse(server.base(), null)
            : HttpLines.streamable(server.base(), null);
    lines.rpc.initialize();
    return new Session() {
      public RawRpc rpc() {
        return lines.rpc;
      }

      public void close() throws Exception {
        assertEquals(List.of(), lines.httpErrors(), "HTTP errors");
        lines.close();
        server.close();
      }
    };
  }

  static Map<String, Object> answer(RawRpc rpc, String method, String params) throws Exception {
    return rpc.requestRaw(method, params).get(15, TimeUnit.SECONDS);
  }

  /** The error object of a JSON-RPC error response, checked for its code and for Java text. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> rpcError(Map<String, Object> response, int code) {
    Map<String, Object> error = (Map<String, Object>) response.get("error");
    assertNotNull(error, "expected a JSON-RPC error: " + response);
    assertEquals(code, error.get("code"), response.toString());
    assertFalse(JAVA.matcher(response.toString()).find(), "Java text in " + response);
    return error;
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "streamable", "sse"})
  void toolsCall_withoutParamsOrWithBadArguments_isInvalidParams_withTheId(String transport)
      throws Exception {
    wm.resetRequests();
    try (Session s = open(transport)) {
      RawRpc rpc = s.rpc();
      String message = rpcError(answer(rpc, "tools/call", null), -32602).get("message").toString();
      assertTrue(message.contains("tools/call needs params"), message);
      message =
          rpcError(answer(rpc, "tools/call", "{\"name\":\"get_client\",\"arguments\":[1]}"), -32602)
              .get("message")
              .toString();
      assertTrue(message.contains("'arguments'") && message.contains("an array"), message);
      for (String params :
          List.of(
              "[1]",
              "\"get_client\"",
              "{\"arguments\":{}}",
              "{\"name\":7,\"arguments\":{}}",
              "{\"name\":\"get_client\",\"arguments\":\"clientid=a\"}",
              "{\"name\":\"\",\"arguments\":{}}",
              "{\"name\":\"get_client\",\"arguments\":{\"clientid\":\"a\"},\"_meta\":5}")) {
        rpcError(answer(rpc, "tools/call", params), -32602);
      }
      // The session goes on, and every request got exactly one answer.
      Map<String, Object> ok =
          rpc.callTool("get_client", Map.of("clientid", "after")).get(15, TimeUnit.SECONDS);
      assertEquals("after", RawRpc.structured(ok).get("clientid"));
      assertEquals(List.of(), rpc.unexpected(), "answers nobody asked for, or twice");
      wm.verify(1, anyRequestedFor(anyUrl()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "streamable", "sse"})
  @SuppressWarnings("unchecked")
  void unknownTool_isOurInvalidArgument_withCloseNames(String transport) throws Exception {
    try (Session s = open(transport)) {
      Map<String, Object> response =
          answer(s.rpc(), "tools/call", "{\"name\":\"kick_client\",\"arguments\":{}}");
      Map<String, Object> result = (Map<String, Object>) response.get("result");
      assertNotNull(result, response.toString());
      assertEquals(true, result.get("isError"));
      String text =
          ((List<Map<String, Object>>) result.get("content")).get(0).get("text").toString();
      Map<String, Object> error = (Map<String, Object>) TestServer.parse(text).get("error");
      assertEquals("INVALID_ARGUMENT", error.get("code"));
      assertTrue(
          ((List<String>) error.get("did_you_mean")).contains("kick_mqtt_client"),
          error.toString());
      assertTrue(error.get("message").toString().contains("kick_mqtt_client"), error.toString());
      // A long name with a lone surrogate is quoted cut and clean, and still answered.
      response =
          answer(
              s.rpc(),
              "tools/call",
              "{\"name\":\"k\\ud800" + "k".repeat(5000) + "\",\"arguments\":{}}");
      assertTrue(
          response.get("result").toString().contains("INVALID_ARGUMENT"), response.toString());
      assertTrue(response.toString().length() < 2000, "the name is quoted whole");
      // The hidden tool that answers these cannot be called by its name either.
      response =
          answer(
              s.rpc(),
              "tools/call",
              "{\"name\":\".refused-call\",\"arguments\":{\"problem\":\"x\"}}");
      assertTrue(
          response.get("result").toString().contains("INVALID_ARGUMENT"), response.toString());
      Map<String, Object> listed = s.rpc().call("tools/list", Map.of(), Duration.ofSeconds(10));
      assertFalse(listed.toString().contains(".refused-call"), "the hidden tool is listed");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "streamable", "sse"})
  void otherRequestsWithoutParams_areInvalidParams(String transport) throws Exception {
    try (Session s = open(transport)) {
      for (String method :
          List.of("resources/read", "prompts/get", "completion/complete", "logging/setLevel")) {
        rpcError(answer(s.rpc(), method, null), -32602);
        rpcError(answer(s.rpc(), method, "[1]"), -32602);
      }
      assertEquals(List.of(), s.rpc().unexpected());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "streamable", "sse"})
  @SuppressWarnings("unchecked")
  void readingClientDotDot_isInvalidArgument_notInternalError(String transport) throws Exception {
    wm.resetRequests();
    try (Session s = open(transport)) {
      for (String uri :
          List.of(
              "emqx://clients/..",
              "emqx://clients/.",
              "emqx://clients/%2E%2E",
              "emqx://clients/a\\ud800b",
              "emqx://clients/%ED%A0%80")) {
        Map<String, Object> error =
            rpcError(answer(s.rpc(), "resources/read", "{\"uri\":\"" + uri + "\"}"), -32602);
        Map<String, Object> ours =
            (Map<String, Object>) ((Map<String, Object>) error.get("data")).get("error");
        assertEquals("INVALID_ARGUMENT", ours.get("code"), uri + ": " + error);
      }
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "streamable"})
  @SuppressWarnings("unchecked")
  void loneSurrogate_isRefused_notSentAsQuestionMark(String transport) throws Exception {
    wm.resetRequests();
    try (Session s = open(transport)) {
      for (String args :
          List.of("{\"clientid\":\"plc\\ud800\"}", "{\"clientid\":\"\\udc00plc\"}")) {
        Map<String, Object> response =
            answer(s.rpc(), "tools/call", "{\"name\":\"get_client\",\"arguments\":" + args + "}");
        Map<String, Object> result = (Map<String, Object>) response.get("result");
        assertEquals(true, result.get("isError"), response.toString());
        assertTrue(
            result.toString().contains("INVALID_ARGUMENT")
                && result.toString().contains("surrogate"),
            result.toString());
      }
      Map<String, Object> publish =
          answer(
              s.rpc(),
              "tools/call",
              "{\"name\":\"publish_message\",\"arguments\":{\"topic\":\"t/\\ud83d\",\"payload\":\"x\"}}");
      assertTrue(publish.toString().contains("INVALID_ARGUMENT"), publish.toString());
      // A whole pair is a character like any other.
      Map<String, Object> ok =
          answer(
              s.rpc(),
              "tools/call",
              "{\"name\":\"get_client\",\"arguments\":{\"clientid\":\"plc\\ud83d\\ude00\"}}");
      assertEquals("plc\ud83d\ude00", RawRpc.structured(ok).get("clientid"));
      wm.verify(1, anyRequestedFor(anyUrl()));
    }
  }

  @Test
  void integerOverflow_overHttp_isRefusedToo() throws Exception {
    wm.resetRequests();
    try (Session s = open("streamable")) {
      Map<String, Object> response =
          answer(
              s.rpc(),
              "tools/call",
              "{\"name\":\"list_clients\",\"arguments\":{\"limit\":18446744073709551617}}");
      assertTrue(response.toString().contains("INVALID_ARGUMENT"), response.toString());
      wm.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  // -- stdio only: lines the SDK cannot read at all
  // ---------------------------------------------------

  @Test
  void oddIds_areInvalidRequest_answeredWithTheIdAsSent() throws Exception {
    try (Session s = open("stdio")) {
      RawRpc rpc = s.rpc();
      rpc.sendLine("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}");
      rpc.sendLine("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"tools/list\"}");
      rpc.sendLine("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}");
      rpc.sendLine("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":[7]}");
      rpc.sendLine("[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}]");
      List<Map<String, Object>> answers = awaitUnexpected(rpc, 5);
      assertEquals(new BigDecimal("1.5"), new BigDecimal(answers.get(0).get("id").toString()));
      assertEquals(true, answers.get(1).get("id"));
      assertTrue(
          answers.get(2).containsKey("id") && answers.get(2).get("id") == null,
          answers.get(2).toString());
      assertEquals("s-1", answers.get(3).get("id"));
      assertNull(answers.get(4).get("id"));
      answers.forEach(a -> rpcError(a, -32600));
    }
  }

  @Test
  void initializeWithoutParams_isInvalidParams() throws Exception {
    try (InProcessStdio stdio =
        new InProcessStdio(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(5), false))) {
      rpcError(answer(stdio.rpc, "initialize", null), -32602);
      rpcError(answer(stdio.rpc, "initialize", "[]"), -32602);
    }
  }

  @Test
  void lineOverTheSizeLimit_isAnsweredWithItsId_evenWhenTheIdComesLast() throws Exception {
    try (Session s = open("stdio")) {
      RawRpc rpc = s.rpc();
      String pad = "x".repeat(StdioTransport.MAX_LINE_CHARS);
      rpc.sendLine(
          "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":{\"pad\":\""
              + pad
              + "\",\"id\":\"inner\"},\"id\":\"after-the-pad\"}");
      rpc.sendLine(
          "{\"jsonrpc\":\"2.0\",\"id\":12345,\"method\":\"tools/list\",\"params\":{\"pad\":\""
              + pad
              + "\"}}");
      List<Map<String, Object>> answers = awaitUnexpected(rpc, 2);
      assertEquals("after-the-pad", answers.get(0).get("id"));
      assertEquals(12345, answers.get(1).get("id"));
      answers.forEach(
          a -> assertTrue(rpcError(a, -32600).get("message").toString().contains("longer than")));
      assertTrue(rpc.call("tools/list", Map.of(), Duration.ofSeconds(10)).containsKey("result"));
    }
  }

  /** Waits for {@code n} answers to lines RawRpc did not send as its own requests. */
  static List<Map<String, Object>> awaitUnexpected(RawRpc rpc, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (rpc.unexpected().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, rpc.unexpected().size(), rpc.unexpected().toString());
    return rpc.unexpected();
  }
}
