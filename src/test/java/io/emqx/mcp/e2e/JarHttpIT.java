package io.emqx.mcp.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.SlowCall;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as a shared HTTP server: start-up, health, auth, SIGTERM, and what it logs. */
class JarHttpIT {

  static final String JAR = System.getProperty("server.jar", "target/emqx-mcp-server.jar");

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create(o -> o.globalTemplating(true))
          .standing(JarEmqx::runningNode)
          .standing(
              w -> {
                w.stubFor(
                    on(Route.GET_CLIENT, "slow")
                        .willReturn(okJson("{\"clientid\":\"slow\"}").withFixedDelay(1500)));
              });

  @TempDir Path dir;

  Process launch(File stderr, Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of("java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-jar", JAR));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectError(stderr)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().putAll(JarEmqx.env(wm));
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void sharedServer_healthAuthCalls_thenSigtermDrainsTheCallInFlight() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p =
        launch(
            stderr,
            Map.of("EMQX_MCP_TRANSPORT", "http", "EMQX_MCP_AUTH_TOKEN", HttpTestServer.TOKEN),
            "--port",
            "0");
    try {
      URI base = HttpTestServer.awaitBaseUrl(p, stderr);
      HttpClient http = HttpClient.newHttpClient();
      String health = awaitProbe(http, base);
      assertTrue(
          health.contains("\"answered\":true") && health.contains("\"broker_status\":\"started\""),
          health);
      HttpResponse<String> noToken =
          http.send(
              HttpRequest.newBuilder(base.resolve("/mcp"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, noToken.statusCode());

      McpSyncClient client = HttpTestServer.streamableClient(base, HttpTestServer.TOKEN);
      McpSchema.CallToolResult r =
          client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "x")));
      assertEquals("x", ((Map<?, ?>) r.structuredContent()).get("clientid"));

      CompletableFuture<McpSchema.CallToolResult> slow = SlowCall.inFlight(client, wm, "slow");
      p.destroy(); // SIGTERM
      assertEquals(
          "slow", ((Map<?, ?>) slow.get(10, TimeUnit.SECONDS).structuredContent()).get("clientid"));
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the server did not stop after SIGTERM");
      String log = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
      assertTrue(log.contains("draining"), log);
      assertFalse(log.contains(HttpTestServer.TOKEN), "the auth token leaked into the log");
      assertFalse(log.contains(TestServer.SECRET), "the API secret leaked into the log");
      assertFalse(health.contains(TestServer.SECRET) || health.contains(HttpTestServer.TOKEN));
      assertEquals(
          "", Files.readString(dir.resolve("out.txt")), "HTTP mode prints nothing on stdout");
    } finally {
      p.destroyForcibly();
    }
  }

  static String awaitProbe(HttpClient http, URI base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String body;
    do {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      body = r.body();
      if (body.contains("checked_at")) {
        return body;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return body;
  }

  @Test
  void beyondLoopbackWithoutToken_refusesToStart() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p = launch(stderr, Map.of(), "--transport", "http", "--host", "0.0.0.0", "--port", "0");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertTrue(Files.readString(stderr.toPath()).contains("EMQX_MCP_AUTH_TOKEN"));
  }

  /**
   * Listening on an address (127.0.0.2, a loopback address that is not in the defaults) prints the
   * URL clients use and accepts it; another name is allowed with the flag; any other Host gets 421
   * naming the environment variable, the flag and the key.
   */
  @Test
  void listenAddress_isPrintedAndAccepted_otherNamesByFlag_restGet421() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p =
        launch(
            stderr,
            Map.of("EMQX_MCP_AUTH_TOKEN", HttpTestServer.TOKEN),
            "--transport",
            "http",
            "--host",
            "127.0.0.2",
            "--port",
            "0",
            "--allowed-origins",
            "http://mcp.test.example:*");
    try {
      URI base = HttpTestServer.awaitBaseUrl(p, stderr);
      assertEquals("127.0.0.2", base.getHost());
      // Logged just after the line awaitBaseUrl waits for: wait for it too, with a deadline.
      String printed = "clients can connect to http://127.0.0.2:" + base.getPort() + "/mcp";
      String log = Files.readString(stderr.toPath());
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          !log.contains(printed) && System.nanoTime() < end;
          log = Files.readString(stderr.toPath())) {
        Thread.sleep(20); // a poll with a deadline: the file is what we observe
      }
      assertTrue(log.contains(printed), log);
      assertEquals(
          401,
          rawStatus(base, base.getHost() + ":" + base.getPort()),
          "its own address passes the Host check");
      assertEquals(
          401, rawStatus(base, "mcp.test.example:" + base.getPort()), "the flag's name passes");
      String refused = raw(base, "other.example:" + base.getPort());
      assertTrue(refused.startsWith("HTTP/1.1 421"), refused);
      assertTrue(
          refused.contains("EMQX_MCP_ALLOWED_ORIGINS=http://other.example:" + base.getPort())
              && refused.contains("--allowed-origins")
              && refused.contains("mcp.http.allowed-origins"),
          refused);
    } finally {
      p.destroy();
      p.waitFor(15, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  static int rawStatus(URI base, String host) throws Exception {
    return Integer.parseInt(raw(base, host).substring(9, 12));
  }

  /** A POST with the given Host header (java.net.http will not send a foreign one). */
  static String raw(URI base, String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /mcp HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void stdioStart_loadsNoJettyClass() throws Exception {
    Path classes = dir.resolve("classes.txt");
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xlog:class+load=info:file=" + classes, "-jar", JAR)
            .redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("EMQX_API_URL", wm.baseUrl());
    Process p = pb.start();
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    rpc.initialize();
    assertTrue(rpc.call("tools/list", Map.of(), Duration.ofSeconds(10)).containsKey("result"));
    rpc.close();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("io.emqx.mcp.Main"), "the class log is empty");
    assertFalse(loaded.contains("org.eclipse.jetty"), "stdio mode loaded Jetty");
  }
}
