import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.mock.MockEmqx;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The benchmark harness: start-up, latency and big-answer figures, measured against the built-in
 * fake EMQX, with the server run as a subprocess through the launcher and driven over stdio with
 * raw JSON-RPC. Prints a Markdown table; progress goes to stderr. Run from the repository root
 * after building the jar:
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests && java -cp target/emqx-mcp-server.jar bench/Bench.java
 * </pre>
 *
 * Options: {@code --java-home DIR} (the JDK that runs the server; default JAVA_HOME or java on
 * PATH), {@code --train} (train that JDK's archive first, as the build does), {@code --starts N},
 * {@code --warm-up N}, {@code --samples N}, {@code --rounds N}, {@code --calls N}, {@code
 * --in-flight N}, {@code --clients N}, {@code --big-clients N}, {@code --only start,calls,big},
 * {@code --launcher FILE} (default bin/emqx-mcp-server), {@code --bundle DIR} (also start the
 * unpacked runtime bundle, target/dist/emqx-mcp-server-VERSION-PLATFORM, in the cold-start
 * comparison).
 *
 * <p>{@code --train-only} is the build's training run: one realistic session through the launcher
 * with {@code EMQX_MCP_CDS=train}, so that the launcher writes the archive at exit.
 */
public class Bench {

  static final Map<String, String> DEFAULTS =
      Map.of(
          "--starts",
          "20",
          "--warm-up",
          "3000",
          "--samples",
          "2000",
          "--rounds",
          "10",
          "--calls",
          "320",
          "--in-flight",
          "16",
          "--clients",
          "10000",
          "--big-clients",
          "1000000",
          "--only",
          "start,calls,big");

  static final String USAGE =
      """
      Usage: java -cp target/emqx-mcp-server.jar bench/Bench.java [options]
      Measures start-up, call latency and big answers against the built-in fake EMQX, with the
      server run through bin/emqx-mcp-server; prints a Markdown table (progress on stderr).
        --java-home DIR     the JDK that runs the server (default: JAVA_HOME, else java on PATH)
        --launcher FILE     the launcher the start rows compare (default bin/emqx-mcp-server)
        --bundle DIR        an unpacked runtime bundle (target/dist/...) to compare as well
        --train             train that JDK's class-data archive first, as the build does
        --train-only        only that training run (the build's step); never fails
        --only LIST         which parts, of start,calls,big (default start,calls,big)
        --starts N          cold starts to time (default 20)
        --warm-up N         calls before sampling (default 3000)
        --samples N         sequential calls sampled (default 2000)
        --rounds N          rounds of concurrent calls (default 10)
        --calls N           calls per round (default 320)
        --in-flight N       calls in flight at once (default 16)
        --clients N         clients in the fake for the list figures (default 10000)
        --big-clients N     clients for the big-answer figure (default 1000000)
        -h, --help          this text
      See docs/performance.md for what each figure means.
      """;

  /**
   * Options without a default: {@code --java-home DIR}, {@code --launcher FILE}, {@code --bundle
   * DIR}.
   */
  static final List<String> OPTIONAL = List.of("--java-home", "--launcher", "--bundle");

  public static void main(String[] argv) throws Exception {
    Map<String, String> opts = new HashMap<>(DEFAULTS);
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return;
        }
        case "--train", "--train-only" -> opts.put(argv[i], "true");
        default -> {
          boolean known = DEFAULTS.containsKey(argv[i]) || OPTIONAL.contains(argv[i]);
          if (!known || i + 1 >= argv.length) {
            System.err.print("bench: unknown option or missing value: " + argv[i] + "\n" + USAGE);
            System.exit(2);
          }
          opts.put(argv[i], argv[++i]);
        }
      }
    }
    Launch launch =
        new Launch(
            Path.of(opts.getOrDefault("--launcher", "bin/emqx-mcp-server")),
            opts.get("--java-home"));
    if (opts.containsKey("--train-only")) {
      // The build's step: a JDK that cannot write an archive must not fail the build.
      int status;
      try {
        status = Training.run(launch);
      } catch (Exception e) {
        progress("training failed: %s", e);
        status = 1;
      }
      if (status != 0) {
        progress(
            "WARNING: no class-data archive; bin/emqx-mcp-server will start without one (slower)");
      }
      System.exit(0);
    }
    if (opts.containsKey("--train") && Training.run(launch) != 0) {
      progress("training failed; measuring without an archive");
    }
    new Figures(launch, opts).run();
    System.exit(0);
  }

  static int intOpt(Map<String, String> opts, String name) {
    return Integer.parseInt(opts.get(name));
  }

  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  // ---------------------------------------------------------------------------------------------

  /** How the server is started: the launcher (or plain {@code java -jar}), with a fake EMQX. */
  record Launch(Path launcher, String javaHome) {

    Session start(MockEmqx emqx, boolean viaLauncher, Map<String, String> env) throws IOException {
      return start(emqx, viaLauncher ? List.of(launcher.toString()) : plainJava(), env);
    }

    List<String> plainJava() {
      return List.of(
          javaHome == null ? "java" : javaHome + "/bin/java", "-jar", "target/emqx-mcp-server.jar");
    }

    Session start(MockEmqx emqx, List<String> cmd, Map<String, String> env) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      if (javaHome != null) {
        pb.environment().put("JAVA_HOME", javaHome);
      }
      pb.environment().put("EMQX_API_URL", emqx.apiUrl());
      pb.environment().put("EMQX_API_KEY", MockEmqx.API_KEY);
      pb.environment().put("EMQX_API_SECRET", MockEmqx.API_SECRET);
      // The calls go to a throw-away fake: keep them out of the user's audit log.
      pb.environment().put("EMQX_MCP_AUDIT_LOG", "off");
      pb.environment().putAll(env);
      return new Session(pb);
    }
  }

  /** One server process and a bare JSON-RPC client on its stdin/stdout. */
  static final class Session implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** One answer: its line as printed, and parsed. */
    record Reply(String line, Map<String, Object> message, long receivedNanos) {
      @SuppressWarnings("unchecked")
      Map<String, Object> result() {
        return (Map<String, Object>) message.get("result");
      }

      boolean failed() {
        return message.containsKey("error")
            || result() == null
            || Boolean.TRUE.equals(result().get("isError"));
      }

      /** The first text content of a tool result: what an LLM reads. */
      @SuppressWarnings("unchecked")
      String text() {
        return (String) ((List<Map<String, Object>>) result().get("content")).get(0).get("text");
      }

      @SuppressWarnings("unchecked")
      Map<String, Object> structured() {
        return (Map<String, Object>) result().get("structuredContent");
      }
    }

    final long startedNanos = System.nanoTime();
    final Process process;
    private final OutputStream in;
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    final AtomicInteger strayLines = new AtomicInteger();

    Session(ProcessBuilder pb) throws IOException {
      process = pb.start();
      in = process.getOutputStream();
      Thread reader = new Thread(this::read, "bench-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        while ((line = r.readLine()) != null) {
          long now = System.nanoTime();
          Map<String, Object> msg;
          try {
            msg = JSON.readValue(line, MAP);
          } catch (IOException notJson) {
            strayLines.incrementAndGet();
            continue;
          }
          CompletableFuture<Reply> f =
              msg.get("id") instanceof Number n ? pending.remove(n.longValue()) : null;
          if (f != null) {
            f.complete(new Reply(line, msg, now));
          } else if (!msg.containsKey("method")) {
            strayLines.incrementAndGet();
          }
        }
      } catch (IOException closed) {
        // the server closed its stdout
      }
      pending
          .values()
          .forEach(f -> f.completeExceptionally(new IOException("the server closed stdout")));
    }

    CompletableFuture<Reply> request(String method, Map<String, Object> params) {
      long id = ids.incrementAndGet();
      CompletableFuture<Reply> f = new CompletableFuture<>();
      pending.put(id, f);
      send(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
      return f;
    }

    Reply call(String method, Map<String, Object> params) throws Exception {
      return request(method, params).get(60, TimeUnit.SECONDS);
    }

    CompletableFuture<Reply> tool(String name, Map<String, Object> args) {
      return request("tools/call", Map.of("name", name, "arguments", args));
    }

    /** initialize, then notifications/initialized, as a client opens a session. */
    Reply initialize() throws Exception {
      Reply r =
          call(
              "initialize",
              Map.of(
                  "protocolVersion",
                  "2025-06-18",
                  "capabilities",
                  Map.of(),
                  "clientInfo",
                  Map.of("name", "bench", "version", "1")));
      send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
      return r;
    }

    private void send(Map<String, Object> message) {
      try {
        byte[] line = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (in) {
          in.write(line);
          in.flush();
        }
      } catch (IOException e) {
        throw new IllegalStateException("the server closed stdin", e);
      }
    }

    /** A figure from /proc/PID/status in MiB, e.g. VmHWM (peak RSS) or VmRSS. */
    double memoryMib(String field) throws IOException {
      for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (l.startsWith(field + ":")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      return Double.NaN;
    }

    /** CPU time the server process has used so far (every thread: JIT and GC included), in ms. */
    double cpuMs() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime, fields 14 and 15 of proc(5), in clock ticks of 10 ms.
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }

    /** Closes stdin, as a client ends the session, and waits for the process to exit. */
    @Override
    public void close() throws Exception {
      in.close();
      // A training run writes its archive on the way out: JDK 25's AOT cache takes seconds.
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the server did not exit after stdin closed");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The build's training run: a session that touches what real sessions touch. */
  static final class Training {

    static int run(Launch launch) throws Exception {
      progress("training run through %s (EMQX_MCP_CDS=train)", launch.launcher());
      try (MockEmqx emqx = MockEmqx.start(MockEmqx.Options.defaults())) {
        Session s = launch.start(emqx, true, Map.of("EMQX_MCP_CDS", "train"));
        s.initialize();
        Session.Reply tools = s.call("tools/list", Map.of());
        List<CompletableFuture<Session.Reply>> calls = new ArrayList<>();
        // Every tool, whatever the catalog holds: no arguments runs the list tools for real and
        // takes the others through argument checking and INVALID_ARGUMENT.
        for (Object t : (List<?>) tools.result().get("tools")) {
          calls.add(s.tool((String) ((Map<?, ?>) t).get("name"), Map.of()));
        }
        calls.add(s.tool("list_clients", Map.of("limit", 100)));
        calls.add(s.tool("get_client", Map.of("clientid", "sensor-42")));
        calls.add(s.tool("get_client", Map.of("clientid", "no-such-client")));
        calls.add(
            s.tool(
                "publish_message",
                Map.of("topic", "devices/sensor-42/cmd", "payload", "train", "qos", 1)));
        calls.add(s.tool("publish_message", Map.of("topic", "a/+", "payload", "x")));
        for (int i = 0; i < 64; i++) {
          calls.add(s.tool("get_client", Map.of("clientid", "sensor-42")));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        s.close(); // the archive is written as the JVM exits
        int status = s.process.exitValue();
        progress(status == 0 ? "archive written" : "no archive (launcher exit %d)", status);
        return status;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Sorted samples and their quantiles. */
  static double quantile(List<Double> samples, double q) {
    double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length == 0
        ? Double.NaN
        : s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
  }

  static double median(List<Double> samples) {
    return quantile(samples, 0.5);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A Markdown table of figures, targets and verdicts. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    void row(String figure, String target, String measured, Boolean met) {
      rows.add(
          new String[] {figure, target, measured, met == null ? "" : met ? "met" : "**MISSED**"});
    }

    void print(String title) {
      System.out.println();
      System.out.println(title);
      System.out.println();
      System.out.println("| figure | target | measured | |");
      System.out.println("|---|---|---|---|");
      rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The measurements, in the order of the table. */
  static final class Figures {
    private final Launch launch;
    private final Map<String, String> opts;
    private final Table table = new Table();
    private final String loadAverage = loadAverage();

    Figures(Launch launch, Map<String, String> opts) {
      this.launch = launch;
      this.opts = opts;
    }

    void run() throws Exception {
      List<String> parts = Arrays.asList(opts.get("--only").split(","));
      int clients = intOpt(opts, "--clients");
      try (MockEmqx emqx = MockEmqx.start(new MockEmqx.Options(0, clients))) {
        if (parts.contains("start")) {
          coldStart(emqx);
        }
        if (parts.contains("calls")) {
          perCall(emqx, clients);
        }
      }
      int big = intOpt(opts, "--big-clients");
      if (parts.contains("big")) {
        try (MockEmqx emqx = MockEmqx.start(new MockEmqx.Options(0, big))) {
          bigCluster(emqx, big);
        }
      }
      table.print(
          String.format(
              Locale.ROOT,
              "emqx-mcp-server benchmark: %s, %d cores, load average %s; server on JDK "
                  + "%s; fake EMQX with %,d generated clients (%,d for the last rows)",
              System.getProperty("os.name"),
              Runtime.getRuntime().availableProcessors(),
              loadAverage,
              serverJdk(),
              clients,
              big));
    }

    /** The 1-minute load average at the start: other work on the machine moves every figure. */
    private static String loadAverage() {
      try {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      } catch (IOException e) {
        return "unknown";
      }
    }

    /**
     * The server's JDK, from the release file of JAVA_HOME or of the java on PATH, as the launcher
     * does.
     */
    private String serverJdk() {
      String home = launch.javaHome() != null ? launch.javaHome() : System.getenv("JAVA_HOME");
      try {
        Path jdk =
            home != null ? Path.of(home) : onPath("java").toRealPath().getParent().getParent();
        return Files.readAllLines(jdk.resolve("release")).stream()
            .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION="))
            .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
            .findFirst()
            .orElse(jdk.toString());
      } catch (IOException | RuntimeException e) {
        return home != null ? home : "java on PATH";
      }
    }

    private static Path onPath(String command) {
      for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
        Path p = Path.of(dir, command);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
      throw new IllegalStateException("no " + command + " on PATH");
    }

    /** One way to start the server, for the cold-start comparison. */
    record Variant(String label, List<String> command) {}

    /**
     * Spawn → first tools/list answer → first tool call, for each way of starting the server, taken
     * in turn (interleaved, so that the machine's load moves every variant alike): the launcher,
     * the runtime bundle's launcher (--bundle DIR, the unpacked target/dist directory) and plain
     * java -jar.
     */
    private void coldStart(MockEmqx emqx) throws Exception {
      int starts = intOpt(opts, "--starts");
      List<Variant> variants = new ArrayList<>();
      variants.add(new Variant("`bin/emqx-mcp-server`", List.of(launch.launcher().toString())));
      String bundle = opts.get("--bundle");
      if (bundle != null) {
        variants.add(
            new Variant(
                "runtime bundle", List.of(Path.of(bundle, "bin", "emqx-mcp-server").toString())));
      }
      variants.add(new Variant("plain `java -jar`", launch.plainJava()));
      Map<Variant, List<double[]>> samples = new java.util.LinkedHashMap<>();
      variants.forEach(v -> samples.put(v, new ArrayList<>()));
      for (int i = -1; i < starts; i++) {
        for (Variant v : variants) {
          Session s = launch.start(emqx, v.command(), Map.of());
          Session.Reply init = s.initialize();
          Session.Reply list = s.call("tools/list", Map.of());
          // What a client does next: one real call (the fake's first generated client).
          Session.Reply call =
              s.tool("get_client", Map.of("clientid", "client-0000001")).get(60, TimeUnit.SECONDS);
          if (call.failed()) {
            throw new IllegalStateException(
                v.label() + ": the first get_client failed: " + call.line());
          }
          double rssMib = s.memoryMib("VmHWM");
          double cpuMs = s.cpuMs();
          s.close();
          if (i >= 0) { // i = -1: one discarded warm-up of the page cache and the fake
            samples
                .get(v)
                .add(
                    new double[] {
                      ms(init.receivedNanos() - s.startedNanos),
                      ms(list.receivedNanos() - s.startedNanos),
                      ms(call.receivedNanos() - list.receivedNanos()),
                      rssMib,
                      cpuMs
                    });
          }
        }
        progress("cold start %d/%d", i + 1, starts);
      }
      for (Variant v : variants) {
        List<double[]> rows = samples.get(v);
        List<Double> list = column(rows, 1);
        List<Double> call = column(rows, 2);
        double rss = median(column(rows, 3));
        boolean isBundle = v.label().equals("runtime bundle");
        boolean isLauncher = v.command().equals(List.of(launch.launcher().toString()));
        table.row(
            "cold start, "
                + v.label()
                + ": spawn → first `tools/list` answer (median of "
                + starts
                + ")",
            isBundle ? "≤ 227 ms" : isLauncher ? "≤ 250 ms" : "",
            String.format(
                Locale.ROOT,
                "%.0f ms (p90 %.0f; `initialize` answered at %.0f)",
                median(list),
                quantile(list, 0.9),
                median(column(rows, 0))),
            met(isBundle ? 227 : isLauncher ? 250 : 0, median(list)));
        table.row(
            "… then the first tool call (`get_client`), " + v.label(),
            isBundle ? "≤ 60 ms" : "",
            String.format(Locale.ROOT, "%.0f ms (p90 %.0f)", median(call), quantile(call, 0.9)),
            met(isBundle ? 60 : 0, median(call)));
        table.row(
            "… CPU time and peak RSS to the end of that call, " + v.label(),
            isBundle ? "≤ 100 MiB" : "",
            String.format(Locale.ROOT, "%.0f ms CPU, %.0f MiB", median(column(rows, 4)), rss),
            met(isBundle ? 100 : 0, rss));
      }
      if (bundle != null) {
        bundleSize(Path.of(bundle));
      }
      classCount(emqx);
    }

    /** Whether a figure is within its target, or null (no verdict) for a target of 0. */
    private static Boolean met(double target, double measured) {
      return target == 0 ? null : Boolean.valueOf(measured <= target);
    }

    private static List<Double> column(List<double[]> rows, int i) {
      return rows.stream().map(r -> r[i]).toList();
    }

    /** The bundle's download (the .tar.gz or .zip next to its directory) and its size unpacked. */
    private void bundleSize(Path dir) throws IOException {
      long unpacked;
      try (var files = Files.walk(dir)) {
        unpacked = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
      String download = "";
      for (String ext : List.of(".tar.gz", ".zip", ".mcpb")) {
        Path f = dir.resolveSibling(dir.getFileName() + ext);
        if (Files.exists(f)) {
          download +=
              String.format(
                  Locale.ROOT,
                  "%s%s %.1f MB",
                  download.isEmpty() ? "" : ", ",
                  ext,
                  Files.size(f) / 1e6);
        }
      }
      table.row(
          "runtime bundle size",
          "",
          String.format(
              Locale.ROOT,
              "%s; %.1f MB unpacked",
              download.isEmpty() ? "no archive next to it" : download,
              unpacked / 1e6),
          null);
    }

    /** What initialize and tools/list load, and how much of it comes from the archive. */
    private void classCount(MockEmqx emqx) throws Exception {
      File log = File.createTempFile("bench-classes", ".log");
      try {
        Session s =
            launch.start(
                emqx, true, Map.of("EMQX_MCP_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        s.initialize();
        s.call("tools/list", Map.of());
        List<String> lines = Files.readAllLines(log.toPath());
        s.close();
        long total = lines.stream().filter(l -> l.contains("source:")).count();
        long archived =
            lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        boolean appArchived =
            lines.stream().anyMatch(l -> l.contains(" io.emqx.mcp.Main source: shared"));
        table.row(
            "classes loaded up to the `tools/list` answer",
            "",
            String.format(
                Locale.ROOT,
                "%,d, of which %,d from class-data archives (app archive %s)",
                total,
                archived,
                appArchived
                    ? "used"
                    : "**not used**: build it with ./mvnw -B package, or pass --train"),
            null);
      } finally {
        Files.deleteIfExists(log.toPath());
      }
    }

    /**
     * Per-call overhead, throughput, RSS, list_clients bytes and tools/list bytes on one session.
     */
    private void perCall(MockEmqx emqx, int clients) throws Exception {
      OkHttpClient http = new OkHttpClient();
      String auth = Credentials.basic(MockEmqx.API_KEY, MockEmqx.API_SECRET);
      try (Session s = launch.start(emqx, true, Map.of())) {
        s.initialize();
        Session.Reply tools = s.call("tools/list", Map.of());
        int samples = intOpt(opts, "--samples");
        List<Double> stdio = new ArrayList<>();
        List<Double> rest = new ArrayList<>();
        // Warm-up (discarded: the server's one C1 thread compiles in the background for a couple of
        // seconds), then the same client fetched both ways in turn, one call at a time.
        for (int i = -intOpt(opts, "--warm-up"); i < samples; i++) {
          String id =
              String.format(Locale.ROOT, "client-%07d", 1 + Math.floorMod(i * 7919, clients));
          long t0 = System.nanoTime();
          try (Response r =
              http.newCall(
                      new Request.Builder()
                          .url(emqx.apiUrl() + "/clients/" + id)
                          .header("Authorization", auth)
                          .build())
                  .execute()) {
            r.body().bytes();
            if (r.code() != 200) {
              throw new IllegalStateException("direct REST call answered " + r.code());
            }
          }
          long t1 = System.nanoTime();
          Session.Reply reply =
              s.tool("get_client", Map.of("clientid", id)).get(30, TimeUnit.SECONDS);
          if (reply.failed()) {
            throw new IllegalStateException("get_client failed: " + reply.line());
          }
          if (i >= 0) {
            // Both end when the answer is read: OkHttp reads on this thread, the stdio line on the
            // reader's.
            rest.add(ms(t1 - t0));
            stdio.add(ms(reply.receivedNanos() - t1));
          }
        }
        double overhead = median(stdio) - median(rest);
        table.row(
            "`get_client` over stdio, one at a time (median of "
                + samples
                + ", after "
                + opts.get("--warm-up")
                + " to warm up)",
            "",
            String.format(Locale.ROOT, "%.3f ms (p90 %.3f)", median(stdio), quantile(stdio, 0.9)),
            null);
        table.row(
            "the same REST call made directly (OkHttp, keep-alive)",
            "",
            String.format(Locale.ROOT, "%.3f ms (p90 %.3f)", median(rest), quantile(rest, 0.9)),
            null);
        table.row(
            "`get_client` over stdio minus the direct REST call",
            "≤ 0.3 ms",
            String.format(Locale.ROOT, "%.3f ms", overhead),
            overhead <= 0.3);
        throughput(s, clients);
        listBytes(s, "`list_clients` with `limit=100`: text an LLM receives");
        int toolCount = ((List<?>) tools.result().get("tools")).size();
        int bytes = tools.line().getBytes(StandardCharsets.UTF_8).length;
        table.row(
            "whole `tools/list` answer (" + toolCount + " tools)",
            "≤ 25 KB",
            String.format(Locale.ROOT, "%,d bytes", bytes),
            bytes <= 25_000);
      }
    }

    /** Rounds of calls with a fixed number in flight; every answer matched to its request. */
    private void throughput(Session s, int clients) throws Exception {
      int rounds = intOpt(opts, "--rounds");
      int calls = intOpt(opts, "--calls");
      int inFlight = intOpt(opts, "--in-flight");
      List<Double> rates = new ArrayList<>();
      int errors = 0;
      int lost = 0;
      double cpuBefore = s.cpuMs();
      for (int round = 0; round < rounds; round++) {
        Semaphore slots = new Semaphore(inFlight);
        List<CompletableFuture<Session.Reply>> futures = new ArrayList<>(calls);
        List<String> ids = new ArrayList<>(calls);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          slots.acquire();
          String id = String.format(Locale.ROOT, "client-%07d", 1 + (round * calls + i) % clients);
          ids.add(id);
          CompletableFuture<Session.Reply> f = s.tool("get_client", Map.of("clientid", id));
          f.whenComplete((r, e) -> slots.release());
          futures.add(f);
        }
        try {
          CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
              .get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // counted below as lost
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          Session.Reply r = futures.get(i).getNow(null);
          if (r == null) {
            lost++;
          } else if (r.failed() || !ids.get(i).equals(r.structured().get("clientid"))) {
            errors++;
          }
        }
        rates.add(calls / (ms(t1 - t0) / 1000));
      }
      double cpuPerCall = (s.cpuMs() - cpuBefore) / (rounds * calls);
      double median = median(rates);
      int inFlightTotal = rounds * calls;
      table.row(
          String.format(
              Locale.ROOT,
              "`get_client` throughput, %d in flight on one stdio session (median of %d "
                  + "rounds of %d)",
              inFlight,
              rounds,
              calls),
          "≥ 2,000 calls/s",
          String.format(
              Locale.ROOT,
              "%,.0f calls/s (slowest round %,.0f); server CPU %.3f ms per call",
              median,
              rates.stream().mapToDouble(d -> d).min().orElse(0),
              cpuPerCall),
          median >= 2000);
      table.row(
          "errors and lost responses over those " + inFlightTotal + " calls",
          "0 and 0",
          errors
              + " and "
              + lost
              + (s.strayLines.get() > 0 ? ", " + s.strayLines.get() + " stray lines" : ""),
          errors == 0 && lost == 0 && s.strayLines.get() == 0);
      double peak = s.memoryMib("VmHWM");
      table.row(
          "peak RSS of the server process (VmHWM) through that load",
          "≤ 100 MiB",
          String.format(Locale.ROOT, "%.0f MiB", peak),
          peak <= 100);
    }

    private void listBytes(Session s, String figure) throws Exception {
      Session.Reply r = s.tool("list_clients", Map.of("limit", 100)).get(30, TimeUnit.SECONDS);
      if (r.failed()) {
        throw new IllegalStateException("list_clients failed: " + r.line());
      }
      int text = r.text().getBytes(StandardCharsets.UTF_8).length;
      int rows = ((List<?>) r.structured().get("data")).size();
      table.row(
          figure,
          "≤ 15 KB",
          String.format(
              Locale.ROOT,
              "%,d bytes for %d clients (whole answer %,d)",
              text,
              rows,
              r.line().getBytes(StandardCharsets.UTF_8).length),
          text <= 15_000 && rows == 100);
    }

    /**
     * list_clients against a huge cluster: one EMQX request per call, bounded text, flat memory.
     */
    private void bigCluster(MockEmqx emqx, int big) throws Exception {
      try (Session s = launch.start(emqx, true, Map.of())) {
        s.initialize();
        int pages = big / 100;
        int[] warmPages = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (int page : warmPages) {
          s.tool("list_clients", Map.of("limit", 100, "page", page)).get(30, TimeUnit.SECONDS);
        }
        long requestsBefore = emqx.requestCount();
        int calls = 400;
        long maxText = 0;
        int failed = 0;
        double[] rss = new double[3];
        for (int i = 0; i < calls; i++) {
          if (i % 200 == 0) {
            rss[i / 200] = s.memoryMib("VmRSS");
          }
          int page = 1 + (int) ((long) i * 4999 % pages);
          Session.Reply r =
              s.tool("list_clients", Map.of("limit", 100, "page", page)).get(30, TimeUnit.SECONDS);
          failed += r.failed() ? 1 : 0;
          maxText =
              Math.max(maxText, r.failed() ? 0 : r.text().getBytes(StandardCharsets.UTF_8).length);
        }
        long requests = emqx.requestCount() - requestsBefore;
        rss[2] = s.memoryMib("VmRSS");
        Session.Reply last =
            s.tool("list_clients", Map.of("limit", 100, "page", pages)).get(30, TimeUnit.SECONDS);
        Object count =
            last.failed() ? "?" : ((Map<?, ?>) last.structured().get("meta")).get("count");
        table.row(
            String.format(
                Locale.ROOT,
                "`list_clients` (`limit=100`, pages 1 to %,d) against %,d clients: "
                    + "EMQX requests per call",
                pages,
                big),
            "1",
            String.format(
                Locale.ROOT,
                "%.2f (%d calls, %d failed; " + "meta.count %s)",
                requests / (double) calls,
                calls,
                failed,
                count),
            requests == calls && failed == 0);
        table.row(
            "… largest text an LLM receives",
            "bounded",
            String.format(Locale.ROOT, "%,d bytes", maxText),
            maxText <= 15_000);
        // The heap settles in the first calls; after that a server that keeps nothing per call
        // stays flat.
        table.row(
            "… server RSS after 0, 200 and 400 of those calls",
            "no growth",
            String.format(Locale.ROOT, "%.1f, %.1f, %.1f MiB", rss[0], rss[1], rss[2]),
            rss[2] - rss[1] <= 2);
      }
    }
  }
}
