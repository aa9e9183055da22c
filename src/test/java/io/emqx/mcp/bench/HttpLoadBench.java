package io.emqx.mcp.bench;

import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.HttpTestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingFile;

/**
 * Load on the HTTP transport: N sessions at once, each calling {@code get_client} in a loop for a
 * fixed time, against the built jar ({@code --transport http}) in its own process and the fake EMQX
 * in this one. For each N and each client it reports calls/s, p50/p99 latency, the server's CPU
 * time per call and its peak RSS (VmHWM; a fresh server per row), and the same N threads calling
 * the fake directly over HTTP, which is the floor the MCP layer adds to.
 *
 * <p>Two clients: the SDK's ({@code McpSyncClient} over its streamable or SSE transport), and a
 * bare one (streamable only): one keep-alive HTTP/1.1 socket per session, a request written by hand
 * and the answer read as it comes, JSON or SSE. The bare client is what the stdio benchmark ({@code
 * bench/Bench.java}) uses on its side of the pipe, so its rows compare with stdio's; the SDK rows
 * show what the Java SDK's client adds, which on two shared cores is most of a call.
 *
 * <p>Not a test: run {@code ./mvnw -B -q package -DskipTests && java -cp
 * target/emqx-mcp-server.jar:target/test-classes io.emqx.mcp.bench.HttpLoadBench} (options: {@code
 * --sessions 1,16,64 --seconds 10 --warmup 3 --transport streamable|sse --client bare,sdk --jar
 * PATH --jvm "-Xmx128m" --server-config FILE}, the last two for the server's JVM and its {@code
 * --config}).
 */
public final class HttpLoadBench {

  private static final String CLIENT = "sensor-42";

  record Options(
      List<Integer> sessions,
      int seconds,
      int warmup,
      String transport,
      List<String> clients,
      String jar,
      List<String> jvm,
      String serverConfig,
      boolean serverTime) {
    static final String USAGE =
        """
        Usage: java -cp target/emqx-mcp-server.jar:target/test-classes io.emqx.mcp.bench.HttpLoadBench [options]
        Load on the HTTP transport of the built jar, against the fake EMQX; prints a Markdown table.
          --sessions LIST      sessions at once, one row each (default 1,16,64)
          --seconds N          measured seconds per row (default 10)
          --warmup N           seconds of warm-up per row (default 3)
          --transport T        streamable or sse (default streamable)
          --client LIST        bare, sdk or both (default bare,sdk)
          --jar PATH           the server jar (default target/emqx-mcp-server.jar)
          --jvm "OPTS"         options for the server's JVM (default none)
          --server-config F    a HOCON file for the server (--config), e.g. to compare work-queue sizes
          --server-time on     also the server's own p50/p99 per call (a flight recording of the
                               server's io.emqx.mcp.HttpRequest events; default off: it costs RSS)
          -h, --help           this text
        """;

    static Options parse(String[] args) {
      Map<String, String> given =
          BenchOptions.parse(
              args,
              Map.of(
                  "sessions",
                  "1,16,64",
                  "seconds",
                  "10",
                  "warmup",
                  "3",
                  "transport",
                  "streamable",
                  "client",
                  "bare,sdk",
                  "jar",
                  "target/emqx-mcp-server.jar",
                  "server-time",
                  "off"),
              java.util.Set.of("jvm", "server-config"),
              USAGE);
      return new Options(
          Arrays.stream(given.get("sessions").split(",")).map(Integer::valueOf).toList(),
          Integer.parseInt(given.get("seconds")),
          Integer.parseInt(given.get("warmup")),
          given.get("transport"),
          List.of(given.get("client").split(",")),
          given.get("jar"),
          given.containsKey("jvm") ? List.of(given.get("jvm").trim().split("\\s+")) : List.of(),
          given.get("server-config"),
          given.get("server-time").equals("on"));
    }
  }

  static final String HEADER =
      "| what | sessions | calls/s | p50 ms | p99 ms | server p50 ms | server p99 ms "
          + "| server CPU ms/call | harness CPU ms/call | server peak RSS | errors | load avg |";

  /**
   * One run's figures. The server's p50/p99 are its own view of a call (NaN unless {@code
   * --server-time on}); the harness's CPU is this process's (the clients and the fake EMQX).
   */
  record Figures(
      long calls,
      long errors,
      double seconds,
      double p50Ms,
      double p99Ms,
      double serverP50Ms,
      double serverP99Ms,
      double serverCpuMsPerCall,
      double harnessCpuMsPerCall,
      long peakRssKib,
      String loadAverage,
      Instant from,
      Instant to) {
    Figures withServerTimes(double p50, double p99) {
      return new Figures(
          calls,
          errors,
          seconds,
          p50Ms,
          p99Ms,
          p50,
          p99,
          serverCpuMsPerCall,
          harnessCpuMsPerCall,
          peakRssKib,
          loadAverage,
          from,
          to);
    }

    String row(String what, int n) {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %.0f | %.1f | %.1f | %s | %s | %s | %s | %s | %d | %s |",
          what,
          n,
          calls / seconds,
          p50Ms,
          p99Ms,
          orBlank(serverP50Ms, "%.1f"),
          orBlank(serverP99Ms, "%.1f"),
          orBlank(serverCpuMsPerCall, "%.3f"),
          orBlank(harnessCpuMsPerCall, "%.3f"),
          peakRssKib < 0 ? "" : peakRssKib / 1024 + " MiB",
          errors,
          loadAverage);
    }

    private static String orBlank(double value, String format) {
      return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
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
        for (String client : o.clients()) {
          if (client.equals("bare") && o.transport().equals("sse")) {
            continue; // the bare client speaks streamable HTTP only
          }
          rows.add(mcpRow(o, emqx.apiUrl(), n, client));
          System.err.println(rows.get(rows.size() - 1));
        }
        rows.add(
            measure(direct(emqx.apiUrl(), n), o, -1)
                .row("direct GET /clients/{id} on the fake", n));
        System.err.println(rows.get(rows.size() - 1));
      }
    }
    System.out.println(HEADER);
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf(
        Locale.ROOT,
        "%n%d s per run after %d s warm-up; server JVM options %s; server config %s; "
            + "%d cores; %s; load avg: the 1-minute load average at the end of each run%n",
        o.seconds(),
        o.warmup(),
        o.jvm().isEmpty() ? "none" : String.join(" ", o.jvm()),
        o.serverConfig() == null ? "defaults" : o.serverConfig(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.exit(0);
  }

  /** One row: a fresh server, N sessions of one client kind calling get_client. */
  static String mcpRow(Options o, String apiUrl, int n, String client) throws Exception {
    Server server = Server.launch(o, apiUrl);
    try {
      URI base = server.baseUrl();
      List<Call> calls = new ArrayList<>();
      List<AutoCloseable> sessions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (client.equals("bare")) {
          BareSession s = BareSession.open(base);
          sessions.add(s);
          calls.add(s::callGetClient);
        } else {
          McpSyncClient c = connect(base, o.transport());
          sessions.add(c::closeGracefully);
          calls.add(
              () ->
                  !Boolean.TRUE.equals(
                      c.callTool(
                              new McpSchema.CallToolRequest(
                                  "get_client", Map.of("clientid", CLIENT)))
                          .isError()));
        }
      }
      Figures f = measure(calls, o, server.process().pid());
      for (AutoCloseable s : sessions) {
        s.close();
      }
      if (server.recording() != null) {
        server.stop(); // the recording is written as the server exits
        f = serverTimes(f, server.recording());
      }
      return f.row(
          "MCP "
              + o.transport()
              + ", "
              + (client.equals("bare") ? "bare HTTP client" : "SDK client")
              + " → get_client",
          n);
    } finally {
      server.stop();
    }
  }

  /**
   * A bare streamable-HTTP session: one keep-alive socket, requests written by hand, the answer
   * read whole whether it comes as JSON (Content-Length) or as an SSE stream (chunked, read to its
   * end). Nothing is pooled or hopped between threads, so what it measures is the server.
   */
  static final class BareSession implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private String sessionId;
    private long nextId = 1;

    private BareSession(URI base) throws Exception {
      socket = new Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream());
      in = new BufferedInputStream(socket.getInputStream());
      host = base.getHost() + ":" + base.getPort();
    }

    static BareSession open(URI base) throws Exception {
      BareSession s = new BareSession(base);
      Answer init =
          s.post(
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bare\","
                  + "\"version\":\"1\"}}}");
      s.sessionId = init.sessionId();
      if (init.status() != 200 || s.sessionId == null) {
        throw new IllegalStateException("initialize failed: " + init.status() + " " + init.body());
      }
      s.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      return s;
    }

    boolean callGetClient() throws IOException {
      long id = nextId++;
      Answer a =
          post(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id
                  + ",\"method\":\"tools/call\",\"params\":{"
                  + "\"name\":\"get_client\",\"arguments\":{\"clientid\":\""
                  + CLIENT
                  + "\"}}}");
      return a.status() == 200
          && a.body().contains("\"id\":" + id + ",")
          && !a.body().contains("\"isError\":true")
          && a.body().contains("\"clientid\":\"" + CLIENT + "\"");
    }

    record Answer(int status, String sessionId, String body) {}

    private Answer post(String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String head =
          "POST /mcp HTTP/1.1\r\nHost: "
              + host
              + "\r\nContent-Type: application/json\r\n"
              + "Accept: application/json, text/event-stream\r\nContent-Length: "
              + body.length
              + "\r\n"
              + (sessionId == null
                  ? ""
                  : "Mcp-Session-Id: " + sessionId + "\r\nMCP-Protocol-Version: 2025-11-25\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      int status = Integer.parseInt(line().split(" ")[1]);
      Map<String, String> headers = new java.util.HashMap<>();
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        for (int size = Integer.parseInt(line().trim(), 16);
            size > 0;
            size = Integer.parseInt(line().trim(), 16)) {
          content.write(in.readNBytes(size));
          line();
        }
        line();
      } else if (headers.containsKey("content-length")) {
        content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      }
      return new Answer(
          status, headers.get("mcp-session-id"), content.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException("the server closed the connection");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * The server under load: its process, the file its log goes to, and its flight recording (null
   * unless {@code --server-time on}).
   */
  record Server(Process process, File log, Path recording) {

    static Server launch(Options o, String apiUrl) throws Exception {
      File log = Files.createTempFile("http-bench", ".log").toFile();
      log.deleteOnExit();
      List<String> command = new ArrayList<>(List.of("java"));
      command.addAll(o.jvm());
      Path recording = null;
      if (o.serverTime()) {
        // Only the server's request event: a recording of everything would cost the server CPU.
        Path settings = Files.createTempFile("http-bench", ".jfc");
        settings.toFile().deleteOnExit();
        Files.writeString(
            settings,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + "  <event name=\"io.emqx.mcp.HttpRequest\">\n"
                + "    <setting name=\"enabled\">true</setting>\n"
                + "    <setting name=\"threshold\">0 ms</setting>\n"
                + "  </event>\n</configuration>\n");
        recording = Files.createTempFile("http-bench", ".jfr");
        recording.toFile().deleteOnExit();
        command.add("-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings);
      }
      command.addAll(List.of("-jar", o.jar(), "--transport", "http", "--port", "0"));
      if (o.serverConfig() != null) {
        command.addAll(
            List.of("--config", o.serverConfig())); // e.g. mcp.http.max-working-requests = 4
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
      pb.environment().put("EMQX_API_URL", apiUrl);
      pb.environment().put("EMQX_API_KEY", MockEmqx.API_KEY);
      pb.environment().put("EMQX_API_SECRET", MockEmqx.API_SECRET);
      return new Server(pb.start(), log, recording);
    }

    URI baseUrl() throws Exception {
      return HttpTestServer.awaitBaseUrl(process, log);
    }

    void stop() throws InterruptedException {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The server's own p50/p99 for the measured window's {@code tools/call}s: each request from its
   * body read to its answer written, as its flight recording has them.
   */
  static Figures serverTimes(Figures f, Path recording) throws IOException {
    if (!Files.exists(recording) || Files.size(recording) == 0) {
      return f; // the server did not write it (killed): no figure rather than a wrong one
    }
    List<jdk.jfr.consumer.RecordedEvent> calls =
        RecordingFile.readAllEvents(recording).stream()
            .filter(e -> e.getEventType().getName().equals("io.emqx.mcp.HttpRequest"))
            .filter(e -> "tools/call".equals(e.getString("method")))
            .filter(e -> !e.getStartTime().isBefore(f.from()) && e.getEndTime().isBefore(f.to()))
            .toList();
    long[] took = calls.stream().mapToLong(e -> e.getDuration().toNanos()).sorted().toArray();
    long[] queued =
        calls.stream().mapToLong(e -> e.getDuration("queued").toNanos()).sorted().toArray();
    long[] emqx = calls.stream().mapToLong(e -> e.getDuration("emqx").toNanos()).sorted().toArray();
    long[] own =
        calls.stream()
            .mapToLong(e -> e.getDuration().minus(e.getDuration("emqx")).toNanos())
            .sorted()
            .toArray();
    // The parts, for where the time goes: waiting for a turn, waiting for the fake EMQX (in this
    // process), and the rest (the server's own work and its waits for the CPU).
    System.err.printf(
        Locale.ROOT,
        "  server, %d calls: p50/p99 ms: whole %.1f/%.1f; waiting for a turn %.1f/%.1f;"
            + " waiting for EMQX %.1f/%.1f; the rest %.1f/%.1f%n",
        took.length,
        percentile(took, 0.50),
        percentile(took, 0.99),
        percentile(queued, 0.50),
        percentile(queued, 0.99),
        percentile(emqx, 0.50),
        percentile(emqx, 0.99),
        percentile(own, 0.50),
        percentile(own, 0.99));
    return f.withServerTimes(percentile(took, 0.50), percentile(took, 0.99));
  }

  static McpSyncClient connect(URI base, String transport) {
    return transport.equals("sse")
        ? HttpTestServer.sseClient(base, null)
        : HttpTestServer.streamableClient(base, null);
  }

  /** N loops calling the fake's {@code GET /clients/{id}} over one shared HTTP client. */
  static List<Call> direct(String apiUrl, int n) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(apiUrl + "/clients/" + CLIENT))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (MockEmqx.API_KEY + ":" + MockEmqx.API_SECRET)
                                .getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(
          () -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200);
    }
    return calls;
  }

  /** Runs every call in its own thread: warm-up, then {@code seconds} measured. */
  static Figures measure(List<Call> calls, Options o, long serverPid) throws InterruptedException {
    Optional<ProcessHandle> server = serverPid < 0 ? Optional.empty() : ProcessHandle.of(serverPid);
    long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmup());
    long stopAt = warmUntil + TimeUnit.SECONDS.toNanos(o.seconds());
    long[][] latencies = new long[calls.size()][];
    long[] errors = new long[calls.size()];
    CountDownLatch done = new CountDownLatch(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      int id = i;
      Thread t =
          new Thread(
              () -> {
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
              },
              "bench-" + i);
      t.start();
    }
    // The server's CPU time over the measured window: a figure that the load from other processes
    // on a shared machine moves much less than calls/s.
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(warmUntil - System.nanoTime())));
    Instant from = Instant.now();
    long cpuBefore = cpuNanos(server);
    long harnessBefore = cpuNanos(Optional.of(ProcessHandle.current()));
    done.await();
    long cpuAfter = cpuNanos(server);
    long harnessAfter = cpuNanos(Optional.of(ProcessHandle.current()));
    Instant to = Instant.now();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Figures(
        all.length,
        Arrays.stream(errors).sum(),
        o.seconds(),
        percentile(all, 0.50),
        percentile(all, 0.99),
        Double.NaN,
        Double.NaN,
        cpuBefore < 0 || all.length == 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e6 / all.length,
        harnessBefore < 0 || all.length == 0
            ? Double.NaN
            : (harnessAfter - harnessBefore) / 1e6 / all.length,
        serverPid < 0 ? -1 : peakRssKib(serverPid),
        loadAverage(),
        from,
        to);
  }

  private static long cpuNanos(Optional<ProcessHandle> process) {
    return process
        .flatMap(p -> p.info().totalCpuDuration())
        .map(java.time.Duration::toNanos)
        .orElse(-1L);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "n/a";
    }
  }

  static double percentile(long[] sorted, double q) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
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
