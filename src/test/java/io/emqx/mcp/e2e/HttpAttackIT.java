package io.emqx.mcp.e2e;

import static io.emqx.mcp.support.RawHttp.assertJsonRpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.RawHttp;
import io.emqx.mcp.support.RawHttp.Reply;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack suite against the built jar, started by {@code bin/emqx-mcp-server} as an operator
 * would (its default heap for HTTP): slow bodies, slow headers and a session flood at once, from
 * other loopback addresses, while a well-behaved client keeps calling from 127.0.0.1; then every
 * malformed request and method the issue found, each answer checked for size and internals.
 * Bounded: about 15 s of attack and 40 s in all (the departed SSE client needs one 30 s ping).
 */
class HttpAttackIT {

  static final String TOKEN = HttpTestServer.TOKEN;
  static final long MIB = 1024 * 1024;
  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"%s\",\"version\":\"1\"}}}";

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create(o -> o.containerThreads(20).globalTemplating(true))
          .standing(JarEmqx::runningNode);

  @TempDir Path dir;

  @Test
  void underAttack_aWellBehavedClientKeepsBeingAnswered_andNothingLeaks() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    ProcessBuilder pb =
        new ProcessBuilder("sh", "bin/emqx-mcp-server", "--transport", "http", "--port", "0")
            .redirectError(stderr)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().putAll(JarEmqx.env(wm));
    pb.environment()
        .putAll(
            Map.of(
                "EMQX_MCP_JAR",
                new File(JarHttpIT.JAR).getAbsolutePath(),
                "EMQX_MCP_CDS",
                "off",
                "EMQX_MCP_AUTH_TOKEN",
                TOKEN));
    Process server = pb.start();
    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicBoolean attacking = new AtomicBoolean(true);
    try {
      URI base = HttpTestServer.awaitBaseUrl(server, stderr);
      AtomicLong peakRss = new AtomicLong();
      Future<?> rss = pool.submit(() -> sampleRss(server.pid(), peakRss, attacking));
      long departedAt = departSseClient(base);

      // The well-behaved client: one call after another for the whole attack.
      List<Long> latencies = new CopyOnWriteArrayList<>();
      List<String> clientErrors = new CopyOnWriteArrayList<>();
      McpSyncClient client = HttpTestServer.streamableClient(base, TOKEN);
      Future<?> calls =
          pool.submit(
              () -> {
                while (attacking.get()) {
                  long t0 = System.nanoTime();
                  try {
                    McpSchema.CallToolResult r =
                        client.callTool(
                            new McpSchema.CallToolRequest(
                                "get_client", Map.of("clientid", "good")));
                    if (Boolean.TRUE.equals(r.isError())) {
                      clientErrors.add(String.valueOf(r.content()));
                    }
                  } catch (RuntimeException e) {
                    clientErrors.add(e.toString());
                  }
                  latencies.add(System.nanoTime() - t0);
                }
              });

      Map<Integer, AtomicInteger> slowBodyAnswers = new ConcurrentHashMap<>();
      Map<Integer, AtomicInteger> floodAnswers = new ConcurrentHashMap<>();
      List<Future<?>> attacks = new ArrayList<>();
      attacks.add(pool.submit(() -> slowBodies(base, "127.0.0.2", 300, slowBodyAnswers)));
      attacks.add(pool.submit(() -> slowHeaders(base, "127.0.0.3", 300)));
      for (int i = 4; i <= 7; i++) {
        String from = "127.0.0." + i;
        attacks.add(
            pool.submit(() -> sessionFlood(base, from, Duration.ofSeconds(10), floodAnswers)));
      }
      attacks.add(pool.submit(() -> bigInitializes(base, "127.0.0.8", 30)));
      for (Future<?> attack : attacks) {
        attack.get(60, TimeUnit.SECONDS);
      }
      attacking.set(false);
      calls.get(30, TimeUnit.SECONDS);
      rss.get(5, TimeUnit.SECONDS);

      // Every slow body that got a connection was answered 408; the rest were refused at accept.
      assertTrue(
          slowBodyAnswers.getOrDefault(408, new AtomicInteger()).get() > 0,
          slowBodyAnswers.toString());
      slowBodyAnswers
          .keySet()
          .forEach(status -> assertTrue(status == 408 || status == -1, slowBodyAnswers.toString()));
      floodAnswers
          .keySet()
          .forEach(status -> assertTrue(status == 200 || status == 503, floodAnswers.toString()));

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      long p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
      String figures =
          latencies.size()
              + " calls, p50 "
              + sorted.get(sorted.size() / 2) / 1_000_000
              + " ms, p99 "
              + p99 / 1_000_000
              + " ms, peak RSS "
              + peakRss.get() / MIB
              + " MiB; slow bodies "
              + slowBodyAnswers
              + ", session flood "
              + floodAnswers;
      System.err.println("attack suite: " + figures);
      assertEquals(List.of(), clientErrors, figures);
      assertTrue(p99 < TimeUnit.SECONDS.toNanos(1), "well-behaved client p99 over 1 s: " + figures);
      assertTrue(peakRss.get() < 300 * MIB, "RSS over 300 MiB: " + figures);

      malformedRequests(base);

      // The departed SSE client is found by the ping 30 s after it opened; then the log is read.
      while (System.nanoTime() - departedAt < TimeUnit.SECONDS.toNanos(36)) {
        Thread.sleep(200);
      }
      client.closeGracefully();
      String log = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
      assertFalse(log.contains(TOKEN), "the token in the log");
      assertFalse(log.contains(TestServer.SECRET), "the API secret in the log");
      assertFalse(log.contains("\tat "), "a stack trace in the log:\n" + log);
      assertFalse(log.contains(" ERROR "), "an ERROR in the log:\n" + log);
      assertFalse(log.contains("Client initialize request"), "the SDK's per-session INFO dump");
      assertFalse(log.contains("Keep-alive ping"), "pings to a departed client logged:\n" + log);
    } finally {
      attacking.set(false);
      pool.shutdownNow();
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /**
   * Jetty at debug, asked for by name, logs every parsed header: the bearer token and any
   * Authorization or Cookie value must still not reach stderr.
   */
  @Test
  void jettyAtDebug_credentialsStayOutOfTheLog() throws Exception {
    File stderr = dir.resolve("debug.txt").toFile();
    ProcessBuilder pb =
        new ProcessBuilder(
                "java",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug",
                "-jar",
                JarHttpIT.JAR,
                "--transport",
                "http",
                "--port",
                "0")
            .redirectError(stderr)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().putAll(JarEmqx.env(wm));
    pb.environment().put("EMQX_MCP_AUTH_TOKEN", TOKEN);
    Process server = pb.start();
    try {
      URI base = HttpTestServer.awaitBaseUrl(server, stderr);
      McpSyncClient client = HttpTestServer.streamableClient(base, TOKEN);
      client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "x")));
      client.closeGracefully();
      Reply r =
          RawHttp.exchange(
              base,
              "127.0.0.1",
              "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Authorization: Basic dXNlcjpwYXNzd29yZC1vdGhlcg==\r\nCookie: sid=c00kie-value-42",
              null);
      assertEquals(200, r.status());
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
    String log = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
    assertTrue(log.contains("parsedHeader"), "Jetty was not at debug: the test proves nothing");
    assertFalse(log.contains(TOKEN), "the bearer token in the log");
    // Header lines are redacted whatever the credential; Jetty's raw buffer dumps at debug show a
    // request's first and last bytes, where only the configured secrets are known to be cut.
    assertFalse(log.contains("Basic dXNlcjpwYXNzd29yZC1vdGhlcg=="), "a Basic header in the log");
    assertFalse(log.contains("Cookie: sid=c00kie-value-42"), "a Cookie header in the log");
    assertFalse(log.contains(TestServer.SECRET), "the API secret in the log");
  }

  /** Headers with a Content-Length 5,000 bytes over what is sent, then a byte every 2 s. */
  static void slowBodies(URI base, String from, int count, Map<Integer, AtomicInteger> answers) {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        try {
          sockets.add(
              RawHttp.startPost(
                  base,
                  from,
                  TOKEN,
                  "Accept: application/json, text/event-stream\r\nContent-Length: 5100\r\n\r\n"
                      + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\""));
        } catch (IOException refused) {
          answers.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
        }
      }
      for (int tick = 0; tick < 6; tick++) {
        sleep(2000);
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write('a');
          } catch (IOException closed) {
            // answered (and closed) already: read below
          }
        }
      }
      for (Socket s : sockets) {
        int status;
        try {
          Reply r = RawHttp.read(s.getInputStream());
          status = r.status();
          if (status >= 400) {
            assertJsonRpcError(r, null);
          }
        } catch (IOException reset) {
          status = -1;
        }
        answers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
      }
    } finally {
      sockets.forEach(HttpAttackIT::closeQuietly);
    }
  }

  /** Slowloris: a header line every 2 s, never the end of the headers. */
  static void slowHeaders(URI base, String from, int count) {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        try {
          Socket s = RawHttp.connect(base, from);
          s.getOutputStream()
              .write(
                  ("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\n")
                      .getBytes(StandardCharsets.UTF_8));
          sockets.add(s);
        } catch (IOException refused) {
          // over the per-address limit: refused is the point
        }
      }
      for (int tick = 0; tick < 6; tick++) {
        sleep(2000);
        for (Socket s : sockets) {
          try {
            s.getOutputStream()
                .write(("X-Slow-" + tick + ": 1\r\n").getBytes(StandardCharsets.UTF_8));
          } catch (IOException closed) {
            // closed by the server: fine
          }
        }
      }
    } finally {
      sockets.forEach(HttpAttackIT::closeQuietly);
    }
  }

  /** initialize after initialize, as fast as one connection each allows, for {@code time}. */
  static void sessionFlood(
      URI base, String from, Duration time, Map<Integer, AtomicInteger> answers) {
    long end = System.nanoTime() + time.toNanos();
    int id = 0;
    while (System.nanoTime() < end) {
      try {
        Reply r = RawHttp.post(base, from, "/mcp", TOKEN, null, INIT.formatted(id++, "flood"));
        if (r.status() != 200) {
          assertJsonRpcError(r, id - 1);
        }
        answers.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
      } catch (IOException e) {
        answers.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
      }
    }
  }

  /** initialize requests of 3.8 MB each (under the body limit, far over the initialize limit). */
  static void bigInitializes(URI base, String from, int count) {
    String big = INIT.formatted(7, "x".repeat(3_800_000));
    for (int i = 0; i < count; i++) {
      try {
        Reply r = RawHttp.post(base, from, "/mcp", TOKEN, null, big);
        assertEquals(413, r.status(), r.text());
        assertJsonRpcError(r, 7);
      } catch (IOException e) {
        throw new AssertionError("a 3.8 MB initialize got no answer", e);
      }
    }
  }

  /**
   * Each malformed request the issue found, and variations: small JSON-RPC errors, nothing more.
   */
  static void malformedRequests(URI base) throws IOException {
    String host = "Host: 127.0.0.1:" + base.getPort();
    String auth = "Authorization: Bearer " + TOKEN;
    String json = "Content-Type: application/json\r\nAccept: application/json, text/event-stream";
    String call = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\"}";
    byte[] callBytes = call.getBytes(StandardCharsets.UTF_8);
    record Case(String head, byte[] body, int status, Object id) {}
    List<Case> cases =
        List.of(
            new Case(
                "POST /mcp HTTP/1.1\r\n"
                    + host
                    + "\r\n"
                    + auth
                    + "\r\n"
                    + json
                    + "\r\nMcp-Session-Id: expired",
                callBytes,
                404,
                11),
            new Case(
                "POST /mcp HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\n" + json,
                callBytes,
                400,
                11),
            new Case(
                "GET /mcp HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\nMcp-Session-Id: expired",
                null,
                400,
                null),
            new Case(
                "POST /mcp HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\n" + json,
                ("[" + call + "]").getBytes(StandardCharsets.UTF_8),
                400,
                null),
            new Case(
                "POST /mcp HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\n" + json,
                "\u0000garbage".getBytes(StandardCharsets.UTF_8),
                400,
                null),
            new Case(
                "POST /mcp HTTP/1.1\r\n"
                    + host
                    + "\r\n"
                    + auth
                    + "\r\nContent-Type: text/plain\r\nAccept: application/json, text/event-stream",
                callBytes,
                415,
                11),
            new Case(
                "POST /message?sessionId=nope HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\n" + json,
                callBytes,
                404,
                11),
            new Case(
                "DELETE /mcp HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\nMcp-Session-Id: expired",
                null,
                404,
                null),
            new Case("GET /nowhere HTTP/1.1\r\n" + host + "\r\n" + auth, null, 404, null));
    for (Case c : cases) {
      Reply r = RawHttp.exchange(base, "127.0.0.1", c.head(), c.body());
      assertEquals(c.status(), r.status(), c.head() + " -> " + r.text());
      assertJsonRpcError(r, c.id());
    }
    for (String method : List.of("TRACE", "PUT", "OPTIONS", "PATCH")) {
      // No token and a foreign Host: refused before anything reads either.
      Reply r =
          RawHttp.exchange(
              base,
              "127.0.0.1",
              method
                  + " /mcp HTTP/1.1\r\nHost: evil.example\r\n"
                  + "Authorization: Bearer "
                  + TOKEN
                  + "\r\nCookie: sid=s3cr3t",
              null);
      assertEquals(405, r.status(), method + " -> " + r.text());
      assertEquals("GET, POST, DELETE", r.header("Allow"));
      assertFalse(r.text().contains(TOKEN) || r.text().contains("s3cr3t"), r.text());
    }
  }

  /** Opens a legacy SSE stream, reads its endpoint event and goes away without a word. */
  static long departSseClient(URI base) throws IOException {
    try (Socket s = RawHttp.connect(base, "127.0.0.9")) {
      s.getOutputStream()
          .write(
              ("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:"
                      + base.getPort()
                      + "\r\nAuthorization: Bearer "
                      + TOKEN
                      + "\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("data:")) {
        // until the endpoint event
      }
      assertTrue(line != null, "no endpoint event");
    }
    return System.nanoTime();
  }

  static void sampleRss(long pid, AtomicLong peak, AtomicBoolean running) {
    Path status = Path.of("/proc/" + pid + "/status");
    while (running.get()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmRSS:")) {
            long kib = Long.parseLong(line.replaceAll("\\D", ""));
            peak.accumulateAndGet(kib * 1024, Math::max);
          }
        }
      } catch (IOException | NumberFormatException gone) {
        return;
      }
      sleep(100);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
