package io.emqx.mcp.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.emqx.mcp.support.RawHttp.assertJsonRpcError;
import static io.emqx.mcp.support.RawHttp.assertQuietError;
import static io.emqx.mcp.support.RawHttp.exchange;
import static io.emqx.mcp.support.RawHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.RawHttp.Reply;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a hostile or broken HTTP client meets: methods we do not serve, requests the SDK used to
 * answer with a serialised exception, slow bodies, too many connections from one address and
 * session floods. Raw sockets from several loopback addresses stand in for several clients.
 */
class HttpHardeningTest {

  static final String TOKEN = HttpTestServer.TOKEN;
  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"%s\",\"version\":\"1\"}}}";

  static WireMockServer wm;
  static HttpTestServer server;
  static URI base;

  @BeforeAll
  @BeforeContainer
  static void start() {
    if (wm != null) {
      return;
    }
    wm =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(true));
    wm.start();
    wm.stubFor(
        get(urlPathMatching("/api/v5/clients/[^/]+"))
            .willReturn(
                okJson("{\"clientid\":\"{{request.pathSegments.[3]}}\",\"connected\":true}")));
    server = HttpTestServer.start(wm.baseUrl(), TOKEN);
    base = server.base();
  }

  @AfterAll
  @AfterContainer
  static void stop() {
    if (wm != null) {
      server.close();
      wm.stop();
      wm = null;
    }
  }

  static HttpTestServer startWith(HttpSettings.Limits limits) {
    return HttpTestServer.start(
        TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false),
        HttpTestServer.httpSettings(TOKEN).withLimits(limits));
  }

  static HttpSettings.Limits limits(
      int sessions, int perClient, int connections, Duration bodyTimeout) {
    HttpSettings.Limits d = HttpSettings.defaults().limits();
    return new HttpSettings.Limits(
        sessions,
        perClient,
        d.maxInitializeBytes(),
        connections,
        bodyTimeout,
        d.maxWorkingRequests());
  }

  /** A new streamable session from {@code from}; its id. */
  static String initialize(URI at, String from, int id) throws IOException {
    Reply r = post(at, from, "/mcp", TOKEN, null, INIT.formatted(id, "c" + id));
    assertEquals(200, r.status(), r.text());
    return r.header("Mcp-Session-Id");
  }

  static Reply toolsList(URI at, String session, int id) throws IOException {
    return post(
        at,
        "127.0.0.1",
        "/mcp",
        TOKEN,
        "Mcp-Session-Id: " + session,
        "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}");
  }

  // ---- methods ----------------------------------------------------------------------------------

  /** TRACE echoed the request, credentials included, even with no token and a foreign Host. */
  @ParameterizedTest
  @CsvSource({
    "TRACE, /mcp, 'GET, POST, DELETE'",
    "TRACE, /healthz, 'GET, HEAD'",
    "TRACE, /, 'GET, HEAD, POST, DELETE'",
    "PUT, /mcp, 'GET, POST, DELETE'",
    "OPTIONS, /sse, GET",
    "PATCH, /message, POST",
    "DELETE, /sse, GET",
    "GET, /message, POST",
    "PROPFIND, /nowhere, 'GET, HEAD, POST, DELETE'",
    "MKCOL, /mcp, 'GET, POST, DELETE'"
  })
  void methodsNotServed_405WithAllow_beforeAnythingElse(String method, String path, String allow)
      throws IOException {
    for (String auth :
        new String[] {
          "Authorization: Bearer " + TOKEN, "Authorization: Bearer wrong-token-0123456789"
        }) {
      Reply r =
          exchange(
              base,
              "127.0.0.1",
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: evil.example\r\n"
                  + auth
                  + "\r\nCookie: session=s3cr3t-cookie\r\nContent-Type: message/http",
              null);
      assertEquals(405, r.status(), r.text());
      assertEquals(allow, r.header("Allow"));
      assertFalse(
          r.text().contains(TOKEN)
              || r.text().contains("s3cr3t-cookie")
              || r.text().contains("Bearer"),
          r.text());
      assertJsonRpcError(r, null);
    }
  }

  // ---- error bodies -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown session | POST /mcp | Mcp-Session-Id: nope | {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"} | 404 | 7",
        "no session | POST /mcp | | {\"jsonrpc\":\"2.0\",\"id\":\"a-b\",\"method\":\"tools/list\"} | 400 | a-b",
        "batch | POST /mcp | | [{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}] | 400 |",
        "garbage | POST /mcp | | {{{ not json | 400 |",
        "empty body | POST /mcp | | '' | 400 |",
        "a number | POST /mcp | | 42 | 400 |",
        "not JSON-RPC | POST /mcp | | {\"id\":3,\"method\":\"ping\"} | 400 | 3",
        "415 | POST /mcp | Content-Type: text/plain | {\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"} | 415 | 4",
        "no Accept on initialize | POST /mcp | Accept: text/html | {\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"initialize\",\"params\":{}} | 400 | 5",
        "legacy, unknown session | POST /message?sessionId=nope | | {\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"} | 404 | 9",
        "legacy, no session | POST /message | | {\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"} | 400 | 10",
        "legacy, garbage | POST /message?sessionId=nope | | <xml/> | 400 |",
        "huge id not echoed | POST /mcp | Mcp-Session-Id: nope | {\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\"} | 400 |",
      })
  void postErrors_areSmallJsonRpcErrors(
      String name, String request, String header, String body, int status, String id)
      throws IOException {
    String[] line = request.split(" ");
    String extra = header == null ? null : header;
    String head =
        "POST "
            + line[1]
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + base.getPort()
            + "\r\nAuthorization: Bearer "
            + TOKEN
            + (extra != null && extra.startsWith("Content-Type")
                ? ""
                : "\r\nContent-Type: application/json")
            + (extra != null && extra.startsWith("Accept")
                ? ""
                : "\r\nAccept: application/json, text/event-stream")
            + (extra == null ? "" : "\r\n" + extra);
    Reply r = exchange(base, "127.0.0.1", head, body.getBytes(StandardCharsets.UTF_8));
    assertEquals(status, r.status(), r.text());
    assertJsonRpcError(r, id == null ? null : id.matches("\\d+") ? Integer.valueOf(id) : id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET without Accept | GET /mcp | Mcp-Session-Id: nope | 400",
        "GET unknown session | GET /mcp | Mcp-Session-Id: nope ~ Accept: text/event-stream | 404",
        "GET no session | GET /mcp | Accept: text/event-stream | 400",
        "DELETE unknown session | DELETE /mcp | Mcp-Session-Id: nope | 404",
        "DELETE no session | DELETE /mcp | | 400",
        "unknown path | GET /nowhere | | 404",
        "bad header line | GET /mcp | X: a\u0001b | 400",
      })
  void otherErrors_areSmallJsonRpcErrors(String name, String request, String headers, int status)
      throws IOException {
    Reply r =
        exchange(
            base,
            "127.0.0.1",
            request
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + base.getPort()
                + "\r\nAuthorization: Bearer "
                + TOKEN
                + (headers == null ? "" : "\r\n" + headers.replace(" ~ ", "\r\n")),
            null);
    assertEquals(status, r.status(), r.text());
    assertJsonRpcError(r, null);
  }

  @Test
  void expiredSession_everyMethod_getsTheSameSmallError() throws IOException {
    String session = initialize(base, "127.0.0.1", 1);
    Reply deleted =
        exchange(
            base,
            "127.0.0.1",
            "DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                + base.getPort()
                + "\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nMcp-Session-Id: "
                + session,
            null);
    assertEquals(200, deleted.status(), deleted.text());
    Reply again = toolsList(base, session, 2);
    assertEquals(404, again.status());
    assertTrue(
        assertJsonRpcError(again, 2).path("error").path("message").asText().contains("initialize"));
  }

  /** Whatever arrives as a body, the answer is a small JSON-RPC error or a real answer. */
  @Property(tries = 60)
  void anyBody_neverLeaksInternals(@ForAll("bodies") String body, @ForAll("paths") String path)
      throws IOException {
    start();
    Reply r = post(base, "127.0.0.1", path, TOKEN, "Mcp-Session-Id: nope", body);
    assertTrue(r.status() >= 400, r.text());
    assertQuietError(r);
    assertTrue(r.json().has("error"), r.text());
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings()
            .ofMaxLength(30)
            .map(s -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":" + s + "}"),
        Arbitraries.strings()
            .alpha()
            .ofMaxLength(20)
            .map(m -> "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"" + m + "\",\"params\":[1]}"),
        Arbitraries.of(
            "[]",
            "[1,2]",
            "null",
            "true",
            "\"s\"",
            "{}",
            "{\"jsonrpc\":\"1.0\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}"));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("/mcp", "/message?sessionId=nope", "/message");
  }

  // ---- slow bodies ------------------------------------------------------------------------------

  /**
   * 40 senders that promise 5,000 more bytes than they send: each gets 408 once the body timeout
   * has passed and its connection is closed, and a real client is answered meanwhile.
   */
  @Test
  void slowBodies_get408_andOthersAreServedMeanwhile() throws Exception {
    try (HttpTestServer small = startWith(limits(100, 100, 256, Duration.ofSeconds(2)))) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          slow.add(
              RawHttp.startPost(
                  small.base(), "127.0.0.2", TOKEN, "Content-Length: 5010\r\n\r\n{\"jsonrpc\""));
        }
        McpSyncClient client = small.streamableClient(TOKEN);
        McpSchema.CallToolResult r =
            client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "x")));
        assertEquals("x", ((Map<?, ?>) r.structuredContent()).get("clientid"));
        client.closeGracefully();
        for (Socket s : slow) {
          Reply reply =
              RawHttp.read(s.getInputStream()); // blocks until the server answers and closes
          assertEquals(408, reply.status(), reply.text());
          assertEquals("close", reply.header("Connection"));
          assertJsonRpcError(reply, null);
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  /** A body that arrives in pieces but in time is served as if it came at once. */
  @Test
  void bodyInPieces_withinTheTimeout_isServed() throws Exception {
    byte[] body = INIT.formatted(1, "pieces").getBytes(StandardCharsets.UTF_8);
    try (Socket s =
        RawHttp.startPost(
            base,
            "127.0.0.1",
            TOKEN,
            "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")) {
      for (int i = 0; i < body.length; i += 20) {
        s.getOutputStream().write(body, i, Math.min(20, body.length - i));
        s.getOutputStream().flush();
      }
      Reply r = RawHttp.read(s.getInputStream());
      assertEquals(200, r.status(), r.text());
      assertNotNull(r.header("Mcp-Session-Id"));
    }
  }

  /** A Content-Length over the limit is refused before any of the body is read. */
  @Test
  void bodyOverTheLimit_413() throws IOException {
    try (Socket s =
        RawHttp.startPost(
            base, "127.0.0.1", TOKEN, "Content-Length: " + (5 * 1024 * 1024) + "\r\n\r\n[1,")) {
      Reply r = RawHttp.read(s.getInputStream());
      assertEquals(413, r.status());
      assertJsonRpcError(r, null);
    }
  }

  /** A chunked body (no Content-Length) that outgrows the limit is cut off as it arrives. */
  @Test
  void chunkedBodyOverTheLimit_413() throws IOException {
    try (Socket s =
        RawHttp.startPost(base, "127.0.0.1", TOKEN, "Transfer-Encoding: chunked\r\n\r\n")) {
      byte[] chunk =
          ("100000\r\n" + "1".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.UTF_8);
      try {
        for (int i = 0; i < 6; i++) {
          s.getOutputStream().write(chunk);
        }
      } catch (IOException closedByTheServer) {
        // expected once the limit is passed: the answer is already waiting
      }
      Reply r = RawHttp.read(s.getInputStream());
      assertEquals(413, r.status());
      assertJsonRpcError(r, null);
    }
  }

  // ---- connections per address ------------------------------------------------------------------

  @Test
  void connectionsPerAddress_beyondTheLimitClosed_otherAddressesServed() throws Exception {
    try (HttpTestServer small = startWith(limits(100, 100, 4, Duration.ofSeconds(10)))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(RawHttp.connect(small.base(), "127.0.0.2"));
        }
        // The fifth from the same address is closed without an answer.
        try (Socket fifth = RawHttp.connect(small.base(), "127.0.0.2")) {
          fifth
              .getOutputStream()
              .write(
                  ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                      .getBytes(StandardCharsets.UTF_8));
          assertEquals(-1, readOrEnd(fifth.getInputStream()));
        }
        Reply other =
            exchange(small.base(), "127.0.0.3", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1", null);
        assertEquals(200, other.status());
        held.remove(0).close();
        // Once one closes, the address may connect again (the server notices the close soon after).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply again = null;
        while (again == null && System.nanoTime() < deadline) {
          try {
            again =
                exchange(
                    small.base(), "127.0.0.2", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1", null);
          } catch (IOException closedYet) {
            Thread.onSpinWait();
          }
        }
        assertNotNull(again, "no connection from 127.0.0.2 after one of its four closed");
        assertEquals(200, again.status());
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException reset) {
      return -1;
    }
  }

  // ---- sessions ---------------------------------------------------------------------------------

  @Test
  void sessionsPerClient_atTheLimit_theIdlestGoes_andBusyOnesStay() throws Exception {
    try (HttpTestServer small = startWith(limits(4, 2, 256, Duration.ofSeconds(10)))) {
      URI at = small.base();
      String a = initialize(at, "127.0.0.1", 1);
      String b = initialize(at, "127.0.0.1", 2);
      assertEquals(200, toolsList(at, b, 3).status()); // b is now more recent than a
      String c = initialize(at, "127.0.0.1", 4); // over the per-client limit: a, idle longest, goes
      assertJsonRpcError(toolsList(at, a, 5), 5);
      assertEquals(200, toolsList(at, b, 6).status());
      assertEquals(200, toolsList(at, c, 7).status());

      // With a GET stream open, b and c are busy: no place for another session from this address.
      try (Socket streamB = openStream(small, b);
          Socket streamC = openStream(small, c)) {
        Reply refused = post(at, "127.0.0.1", "/mcp", TOKEN, null, INIT.formatted(8, "d"));
        assertEquals(503, refused.status(), refused.text());
        assertEquals("5", refused.header("Retry-After"));
        assertJsonRpcError(refused, 8);
        // Other addresses still get sessions, up to the total (4) ...
        String e = initialize(at, "127.0.0.2", 9);
        initialize(at, "127.0.0.2", 10);
        // ... where a new one takes the place of the idlest session of anyone: e.
        initialize(at, "127.0.0.3", 11);
        assertEquals(404, toolsList(at, e, 12).status());
        assertEquals(200, toolsList(at, b, 13).status());
      }
    }
  }

  /** A GET stream of {@code session}, open once the server counts its session busy. */
  private static Socket openStream(HttpTestServer at, String session) throws Exception {
    Socket s = RawHttp.connect(at.base(), "127.0.0.1");
    s.getOutputStream()
        .write(
            ("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
                    + at.base().getPort()
                    + "\r\nAuthorization: Bearer "
                    + TOKEN
                    + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: "
                    + session
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!at.http.sessions().busy(session)) {
      assertTrue(System.nanoTime() < deadline, "the stream of " + session + " did not open");
      Thread.onSpinWait();
    }
    return s;
  }

  @Test
  void initializeOverItsLimit_413_andNoSession() throws IOException {
    String big = INIT.formatted(21, "x".repeat(20_000));
    Reply r = post(base, "127.0.0.1", "/mcp", TOKEN, null, big);
    assertEquals(413, r.status(), r.text());
    assertJsonRpcError(r, 21);
    assertEquals(null, r.header("Mcp-Session-Id"));
  }

  /** 300 initializes from one address leave at most the per-client limit of sessions. */
  @Test
  void sessionFlood_staysWithinTheLimit() throws Exception {
    try (HttpTestServer small = startWith(limits(50, 10, 256, Duration.ofSeconds(10)))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ids.add(initialize(small.base(), "127.0.0.4", i));
      }
      int live = 0;
      for (String id : ids) {
        live += toolsList(small.base(), id, 1).status() == 200 ? 1 : 0;
      }
      assertEquals(10, live);
    }
  }
}
