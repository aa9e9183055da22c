package io.emqx.mcp.bench;

import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.HttpTestServer;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Load on the HTTP transport: N sessions at once, each calling {@code get_client} in a loop for a
 * fixed time, against the built jar ({@code --transport http}) in its own process and the fake EMQX
 * in this one. For each N it reports calls/s, p50/p99 latency and the server's peak RSS (VmHWM; a
 * fresh server per N), and the same N threads calling the fake directly over HTTP, which is the
 * floor the MCP layer adds to.
 *
 * <p>Not a test: run {@code ./mvnw -B -q package -DskipTests && java -cp
 * target/emqx-mcp-server.jar:target/test-classes io.emqx.mcp.bench.HttpLoadBench} (options:
 * {@code --sessions 1,16,64 --seconds 10 --warmup 3 --transport streamable|sse --jar PATH --jvm "-Xmx128m"},
 * the last for the server's JVM).
 */
public final class HttpLoadBench {

  private static final String CLIENT = "sensor-42";

  record Options(List<Integer> sessions, int seconds, int warmup, String transport, String jar, List<String> jvm) {
    static Options parse(String[] args) {
      Map<String, String> given = new java.util.HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      return new Options(
          Arrays.stream(given.getOrDefault("sessions", "1,16,64").split(",")).map(Integer::valueOf).toList(),
          Integer.parseInt(given.getOrDefault("seconds", "10")),
          Integer.parseInt(given.getOrDefault("warmup", "3")),
          given.getOrDefault("transport", "streamable"),
          given.getOrDefault("jar", "target/emqx-mcp-server.jar"),
          given.containsKey("jvm") ? List.of(given.get("jvm").trim().split("\\s+")) : List.of());
    }
  }

  /** One run's figures. */
  record Figures(long calls, long errors, double seconds, double p50Ms, double p99Ms, long peakRssKib) {
    String row(String what, int n) {
      return String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %s | %d |", what, n, calls / seconds, p50Ms,
          p99Ms, peakRssKib < 0 ? "n/a" : peakRssKib / 1024 + " MiB", errors);
    }
  }

  /** A loop body: one call, true when it succeeded. */
  interface Call {
    boolean run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    // The SDK client logs every initialize at INFO; 64 of them bury the figures.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options o = Options.parse(args);
    List<String> rows = new ArrayList<>();
    try (MockEmqx emqx = MockEmqx.start(MockEmqx.Options.defaults())) {
      for (int n : o.sessions()) {
        Server server = Server.launch(o, emqx.apiUrl());
        try {
          URI base = server.baseUrl();
          List<McpSyncClient> clients = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            clients.add(connect(base, o.transport()));
          }
          List<Call> calls = clients.stream().<Call>map(c -> () -> !Boolean.TRUE.equals(
              c.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", CLIENT))).isError())).toList();
          Figures mcp = measure(calls, o, server.process().pid());
          rows.add(mcp.row("MCP " + o.transport() + " → get_client", n));
          clients.forEach(McpSyncClient::closeGracefully);
        } finally {
          server.stop();
        }
        rows.add(measure(direct(emqx.apiUrl(), n), o, -1).row("direct GET /clients/{id} on the fake", n));
        System.err.println(rows.get(rows.size() - 2) + "\n" + rows.get(rows.size() - 1));
      }
    }
    System.out.println("| what | sessions | calls/s | p50 ms | p99 ms | server peak RSS | errors |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%n%d s per run after %d s warm-up; server JVM options %s; %d cores; %s%n",
        o.seconds(), o.warmup(), o.jvm().isEmpty() ? "none" : String.join(" ", o.jvm()),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"));
    System.exit(0);
  }

  /** The server under load: its process and the file its log goes to. */
  record Server(Process process, File log) {

    static Server launch(Options o, String apiUrl) throws Exception {
      File log = Files.createTempFile("http-bench", ".log").toFile();
      log.deleteOnExit();
      List<String> command = new ArrayList<>(List.of("java"));
      command.addAll(o.jvm());
      command.addAll(List.of("-jar", o.jar(), "--transport", "http", "--port", "0"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
      pb.environment().put("EMQX_API_URL", apiUrl);
      pb.environment().put("EMQX_API_KEY", MockEmqx.API_KEY);
      pb.environment().put("EMQX_API_SECRET", MockEmqx.API_SECRET);
      return new Server(pb.start(), log);
    }

    URI baseUrl() throws Exception {
      return HttpTestServer.awaitBaseUrl(process, log);
    }

    void stop() throws InterruptedException {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static McpSyncClient connect(URI base, String transport) {
    return transport.equals("sse") ? HttpTestServer.sseClient(base, null) : HttpTestServer.streamableClient(base, null);
  }

  /** N loops calling the fake's {@code GET /clients/{id}} over one shared HTTP client. */
  static List<Call> direct(String apiUrl, int n) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/clients/" + CLIENT))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (MockEmqx.API_KEY + ":" + MockEmqx.API_SECRET).getBytes(StandardCharsets.UTF_8)))
        .GET().build();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200);
    }
    return calls;
  }

  /** Runs every call in its own thread: warm-up, then {@code seconds} measured. */
  static Figures measure(List<Call> calls, Options o, long serverPid) throws InterruptedException {
    long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmup());
    long stopAt = warmUntil + TimeUnit.SECONDS.toNanos(o.seconds());
    long[][] latencies = new long[calls.size()][];
    long[] errors = new long[calls.size()];
    CountDownLatch done = new CountDownLatch(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      int id = i;
      Thread t = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int count = 0;
        try {
          for (long now = System.nanoTime(); now < stopAt; now = System.nanoTime()) {
            boolean ok;
            try {
              ok = calls.get(id).run();
            } catch (Exception e) {
              ok = false;
            }
            long took = System.nanoTime() - now;
            if (now >= warmUntil) {
              if (!ok) {
                errors[id]++;
              }
              if (count == mine.length) {
                mine = Arrays.copyOf(mine, count * 2);
              }
              mine[count++] = took;
            }
          }
        } finally {
          latencies[id] = Arrays.copyOf(mine, count);
          done.countDown();
        }
      }, "bench-" + i);
      t.start();
    }
    done.await();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Figures(all.length, Arrays.stream(errors).sum(), o.seconds(), percentile(all, 0.50),
        percentile(all, 0.99), serverPid < 0 ? -1 : peakRssKib(serverPid));
  }

  static double percentile(long[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }

  /** VmHWM from /proc: the most resident memory the process has had. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // not Linux: no figure
    }
    return -1;
  }
}
