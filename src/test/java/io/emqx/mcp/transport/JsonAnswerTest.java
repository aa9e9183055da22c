package io.emqx.mcp.transport;

import static io.emqx.mcp.support.RawHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.conformance.ConformanceServer;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.RawHttp.Reply;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a POSTed request is answered on the streamable endpoint: the answer alone as one {@code
 * application/json} body with its length, and an SSE stream as soon as anything comes before the
 * answer (a log line, progress), so that nothing the client should see during a call waits for its
 * end. The conformance fixture's tools send each of these.
 */
class JsonAnswerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Http http;
  private static URI base;
  private static String session;

  @BeforeAll
  @BeforeContainer
  static void start() throws IOException {
    if (http != null) {
      return;
    }
    http = Http.start(HttpTestServer.httpSettings(null), ConformanceServer::build, Map::of);
    base = http.baseUri();
    Reply init =
        post(
            base,
            "127.0.0.1",
            "/mcp",
            null,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    session = init.headers().get("mcp-session-id");
    assertNotNull(session, init.text());
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  @AfterAll
  @AfterContainer
  static void stop() {
    if (http != null) {
      http.close();
      http = null;
    }
  }

  @Test
  void aCallAnsweredAtOnce_isOneJsonBodyWithItsLength() throws IOException {
    Reply r = call("7", "test_simple_text", "");
    assertEquals(200, r.status(), r.text());
    assertTrue(
        r.headers().get("content-type").startsWith("application/json"), r.headers()::toString);
    assertEquals(String.valueOf(r.body().length), r.headers().get("content-length"));
    assertNull(r.headers().get("transfer-encoding"), "not chunked: " + r.headers());
    JsonNode answer = JSON.readTree(r.body());
    assertEquals(7, answer.get("id").intValue(), r.text());
    assertEquals(
        "This is a simple text response for testing.",
        answer.at("/result/content/0/text").textValue(),
        r.text());
  }

  /**
   * An SSE answer: three notifications of {@code method}, then the answer (the fixture's tools).
   */
  private static List<JsonNode> streamed(Reply r, String method) throws IOException {
    assertTrue(
        r.headers().get("content-type").startsWith("text/event-stream"), r.headers()::toString);
    List<JsonNode> events = events(r);
    assertEquals(4, events.size(), r.text());
    for (int i = 0; i < 3; i++) {
      assertEquals(method, events.get(i).path("method").textValue(), r.text());
    }
    return events;
  }

  @Test
  void logLinesBeforeTheAnswer_openTheStream_inTheirOrder() throws IOException {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"level\",\"method\":\"logging/setLevel\","
            + "\"params\":{\"level\":\"debug\"}}");
    Reply r = call("\"logs\"", "test_tool_with_logging", "");
    List<JsonNode> events = streamed(r, "notifications/message");
    assertEquals("logs", events.get(3).get("id").textValue());
    assertEquals(
        "Tool with logging executed successfully",
        events.get(3).at("/result/content/0/text").textValue());
  }

  @Test
  void progressBeforeTheAnswer_opensTheStream() throws IOException {
    Reply r = call("9", "test_tool_with_progress", ",\"_meta\":{\"progressToken\":\"p-1\"}");
    List<JsonNode> events = streamed(r, "notifications/progress");
    for (int i = 0; i < 3; i++) {
      assertEquals("p-1", events.get(i).at("/params/progressToken").textValue());
    }
    assertEquals(9, events.get(3).get("id").intValue());
  }

  @Test
  void withoutAProgressToken_theSameToolIsAnsweredAsJson() throws IOException {
    Reply r = call("10", "test_tool_with_progress", "");
    assertTrue(r.headers().get("content-type").startsWith("application/json"), r.text());
    assertEquals(10, JSON.readTree(r.body()).get("id").intValue());
  }

  @Test
  void anErrorAnswer_isJsonToo() throws IOException {
    Reply r =
        send(
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"prompts/get\","
                + "\"params\":{\"name\":\"no_such_prompt\"}}");
    assertEquals(200, r.status(), r.text());
    assertTrue(r.headers().get("content-type").startsWith("application/json"), r.text());
    JsonNode answer = JSON.readTree(r.body());
    assertEquals(11, answer.get("id").intValue());
    assertTrue(answer.path("error").path("code").isInt(), r.text());
  }

  /**
   * Whatever id a client picks (numbers of any size, strings with escapes and any script), its
   * answer carries it back, as JSON.
   */
  @Property(tries = 40)
  void everyId_comesBackOnItsJsonAnswer(@ForAll("ids") String id) throws IOException {
    Reply r = call(id, "test_simple_text", "");
    assertEquals(200, r.status(), r.text());
    assertTrue(r.headers().get("content-type").startsWith("application/json"), r.text());
    assertEquals(JSON.readTree(id), JSON.readTree(r.body()).get("id"), r.text());
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings()
            .withCharRange('\u0001', '\uD7FF')
            .ofMaxLength(40)
            .map(
                s -> {
                  try {
                    return JSON.writeValueAsString(s);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }));
  }

  private static Reply call(String id, String tool, String moreParams) throws IOException {
    return send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":{}"
            + moreParams
            + "}}");
  }

  private static Reply send(String json) throws IOException {
    return post(
        base,
        "127.0.0.1",
        "/mcp",
        null,
        session == null
            ? null
            : "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25",
        json);
  }

  /** The messages of an SSE body, in order. */
  private static List<JsonNode> events(Reply r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.text().split("\n")) {
      if (line.startsWith("data:")) {
        out.add(JSON.readTree(line.substring(5).trim()));
      }
    }
    assertFalse(out.isEmpty(), r.text());
    return out;
  }
}
