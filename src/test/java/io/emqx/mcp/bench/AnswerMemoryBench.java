package io.emqx.mcp.bench;

import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.support.HostileEmqx;
import io.emqx.mcp.support.HostileEmqx.Mode;
import io.emqx.mcp.support.PipeClientTransport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory figure under hostile EMQX answers: the server started through {@code
 * bin/emqx-mcp-server} (so with the launcher's 256 MB heap), N calls at once against an EMQX whose
 * every answer is hostile (1 GiB chunked, 1 GiB declared, a 2 MB gzip inflating to 2 GiB), then one
 * more call that must be answered. The server's RSS is sampled from {@code /proc/PID/status} every
 * 20 ms throughout, and its peak (VmHWM) read at the end.
 *
 * <p>Not a timed test: run {@code ./mvnw -B -o package -DskipTests -Dcds.skip=true && java -cp
 * target/emqx-mcp-server.jar:target/test-classes io.emqx.mcp.bench.AnswerMemoryBench} (options:
 * {@code --calls 20 --rounds 3 --launcher bin/emqx-mcp-server --max-response-size 4MiB}). Exits 1
 * when RSS reached 300 MiB or a next call was not answered; {@code AnswerMemoryIT} runs one small
 * round of it in the build.
 */
public final class AnswerMemoryBench {

  /** What the issue allows. */
  public static final long RSS_LIMIT_KIB = 300 * 1024;

  /** One hostile answer kind's figures. */
  public record Row(
      String answer,
      int calls,
      Map<String, Integer> outcomes,
      long maxCallMs,
      long nextCallMs,
      boolean nextOk,
      long peakRssKib) {
    String line() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %s | %d | %s | %d MiB |",
          answer,
          calls,
          outcomes,
          maxCallMs,
          nextOk ? nextCallMs + " ms" : "FAILED",
          peakRssKib / 1024);
    }
  }

  /** The whole run. */
  public record Result(List<Row> rows, long vmHwmKib, long maxSampledKib) {
    public boolean passed() {
      return vmHwmKib < RSS_LIMIT_KIB
          && maxSampledKib < RSS_LIMIT_KIB
          && rows.stream().allMatch(Row::nextOk);
    }
  }

  static final String USAGE =
      """
      Usage: java -cp target/emqx-mcp-server.jar:target/test-classes io.emqx.mcp.bench.AnswerMemoryBench [options]
      The server's peak RSS while N calls at once meet hostile EMQX answers; exits 1 over 300 MiB.
        --calls N                 calls at once (default 20)
        --rounds N                rounds per answer kind (default 3)
        --launcher PATH           the launcher (default bin/emqx-mcp-server)
        --jar PATH                the server jar (default target/emqx-mcp-server.jar)
        --max-response-size SIZE  the server's emqx.max-response-size (default: its own default)
        -h, --help                this text
      """;

  public static void main(String[] args) throws Exception {
    Map<String, String> given =
        BenchOptions.parse(
            args,
            Map.of(
                "calls",
                "20",
                "rounds",
                "3",
                "launcher",
                "bin/emqx-mcp-server",
                "jar",
                "target/emqx-mcp-server.jar"),
            java.util.Set.of("max-response-size"),
            USAGE);
    int calls = Integer.parseInt(given.getOrDefault("calls", "20"));
    int rounds = Integer.parseInt(given.getOrDefault("rounds", "3"));
    Path launcher = Path.of(given.getOrDefault("launcher", "bin/emqx-mcp-server"));
    Path jar = Path.of(given.getOrDefault("jar", "target/emqx-mcp-server.jar"));
    String cap = given.get("max-response-size");
    System.out.printf(
        Locale.ROOT,
        "%d calls at once, %d round(s) per answer kind; launcher %s; "
            + "emqx.max-response-size %s; %d cores, load %.2f%n",
        calls,
        rounds,
        launcher,
        cap == null ? "default" : cap,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Result r =
        run(
            launcher,
            jar,
            cap,
            calls,
            rounds,
            List.of(
                new Answer("1 GiB chunked", Mode.CHUNKED, 1L << 30),
                new Answer("1 GiB declared", Mode.DECLARED, 1L << 30),
                new Answer("gzip bomb, 2 GiB inflated", Mode.GZIP_BOMB, 2L << 30)));
    System.out.println(
        "| answer | calls | outcomes | slowest call | next call | peak RSS so far |");
    System.out.println("|---|---|---|---|---|---|");
    r.rows().forEach(row -> System.out.println(row.line()));
    System.out.printf(
        Locale.ROOT,
        "server VmHWM %d MiB, highest sampled VmRSS %d MiB (limit %d MiB): %s%n",
        r.vmHwmKib() / 1024,
        r.maxSampledKib() / 1024,
        RSS_LIMIT_KIB / 1024,
        r.passed() ? "PASS" : "FAIL");
    System.exit(r.passed() ? 0 : 1);
  }

  /** A kind of hostile answer: the mode and its size. */
  public record Answer(String name, Mode mode, long size) {}

  /** Starts the server through the launcher, feeds it each answer kind, and returns the figures. */
  public static Result run(
      Path launcher, Path jar, String maxResponseSize, int calls, int rounds, List<Answer> answers)
      throws Exception {
    try (HostileEmqx emqx = new HostileEmqx()) {
      ProcessBuilder pb =
          new ProcessBuilder(launcher.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> env = pb.environment();
      env.put("EMQX_MCP_JAR", jar.toAbsolutePath().toString());
      env.put("EMQX_API_URL", emqx.apiUrl());
      env.put("EMQX_API_KEY", "bench");
      env.put("EMQX_API_SECRET", "bench-secret");
      env.put("EMQX_REQUEST_TIMEOUT", "15s");
      env.put("EMQX_MCP_AUDIT_LOG", "off");
      if (maxResponseSize != null) {
        env.put("EMQX_MAX_RESPONSE_SIZE", maxResponseSize);
      }
      Process server = pb.start();
      Sampler rss = new Sampler(server.pid());
      McpSyncClient client =
          McpClient.sync(
                  new PipeClientTransport(
                      server.getInputStream(),
                      server.getOutputStream(),
                      McpServerFactory.jsonMapper()))
              .requestTimeout(Duration.ofSeconds(60))
              .clientInfo(new McpSchema.Implementation("answer-memory-bench", "1.0"))
              .build();
      ExecutorService pool = Executors.newFixedThreadPool(calls);
      try {
        client.initialize();
        rss.start();
        List<Row> rows = new ArrayList<>();
        for (Answer answer : answers) {
          emqx.serve(answer.mode(), answer.size());
          for (int round = 0; round < rounds; round++) {
            rows.add(round(client, pool, calls, answer.name(), rss));
          }
        }
        return new Result(rows, rss.hwm(), rss.max());
      } finally {
        rss.stop();
        pool.shutdownNow();
        client.closeGracefully();
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  private static Row round(
      McpSyncClient client, ExecutorService pool, int calls, String answer, Sampler rss)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<long[]>> futures = new ArrayList<>();
    Map<String, Integer> outcomes = Collections.synchronizedMap(new TreeMap<>());
    for (int i = 0; i < calls; i++) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                long t0 = System.nanoTime();
                McpSchema.CallToolResult r =
                    client.callTool(
                        new McpSchema.CallToolRequest("list_clients", Map.of("limit", 100)));
                outcomes.merge(outcome(r), 1, Integer::sum);
                return new long[] {(System.nanoTime() - t0) / 1_000_000};
              }));
    }
    go.countDown();
    long slowest = 0;
    for (Future<long[]> f : futures) {
      slowest = Math.max(slowest, f.get(120, TimeUnit.SECONDS)[0]);
    }
    long t0 = System.nanoTime();
    McpSchema.CallToolResult next =
        client.callTool(new McpSchema.CallToolRequest("get_client", Map.of("clientid", "healthy")));
    long nextMs = (System.nanoTime() - t0) / 1_000_000;
    boolean ok = !Boolean.TRUE.equals(next.isError()) && nextMs < 15_000;
    return new Row(answer, calls, outcomes, slowest, nextMs, ok, rss.max());
  }

  /** The error code, or "ok". */
  private static String outcome(McpSchema.CallToolResult r) {
    if (!Boolean.TRUE.equals(r.isError())) {
      return "ok";
    }
    String text = ((McpSchema.TextContent) r.content().get(0)).text();
    int at = text.indexOf("\"code\":\"");
    return at < 0 ? "?" : text.substring(at + 8, text.indexOf('"', at + 8));
  }

  /** Samples VmRSS every 20 ms on a daemon thread; reads VmHWM at the end. */
  static final class Sampler {
    private final Path status;
    private final AtomicLong max = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    Sampler(long pid) {
      this.status = Path.of("/proc/" + pid + "/status");
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  long kib = read("VmRSS:");
                  max.accumulateAndGet(kib, Math::max);
                  try {
                    Thread.sleep(20); // the sampling period
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long max() {
      return Math.max(max.get(), read("VmRSS:"));
    }

    long hwm() {
      return read("VmHWM:");
    }

    void stop() {
      running = false;
    }

    private long read(String field) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith(field)) {
            return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
          }
        }
      } catch (IOException | NumberFormatException gone) {
        // the process ended
      }
      return -1;
    }
  }
}
