package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fake EMQX 5.8 for demos and tests: WireMock serving the mappings in {@code mock-emqx/} from the
 * classpath, with a stateful cluster behind them (kicks, subscriptions, retained messages, bans)
 * and fault knobs. It answers as EMQX 5.8 does: status codes, bodies, {@code meta} and auth errors.
 * With {@link Options#emqxVersion} 6.3.0 it plays EMQX 6.3 instead: the version and edition in
 * {@code GET /nodes}, the namespaces ({@code /mt/...}, and the {@code ns} parameter and {@code
 * namespace} field of rules, connectors, actions and sources), keys with roles and scopes, and
 * 6.x's 401 and 403 bodies.
 *
 * <pre>{@code
 * try (MockEmqx emqx = MockEmqx.start(MockEmqx.Options.defaults())) {
 *   client.get(emqx.apiUrl() + "/clients"); // Basic auth with API_KEY:API_SECRET
 * }
 * }</pre>
 */
public final class MockEmqx implements AutoCloseable {
  public static final String API_KEY = "mock-api-key";
  public static final String API_SECRET = "mock-api-secret";

  /**
   * Keys with a role, answered from 5.9 on (every such build is Enterprise; an Opensource 5.8 has
   * no roles), each with {@link #API_SECRET}: a viewer (every GET), a publisher (only POST /publish
   * and /publish/bulk), and an administrator whose scopes (6.2+) are {@code connections} only.
   */
  public static final String VIEWER_KEY = "mock-viewer-key";

  public static final String PUBLISHER_KEY = "mock-publisher-key";
  public static final String SCOPED_KEY = "mock-connections-key";

  /**
   * Where the mappings and {@code __files} live on the classpath (the repo's {@code mock-emqx/}).
   */
  static final String CLASSPATH_ROOT = "mock-emqx";

  /**
   * Starts on 127.0.0.1; port 0 = a free port. generatedClients 0 = the seeded demo data from
   * mock-emqx/; N > 0 = a synthetic cluster of N clients generated on the fly (never all held in
   * memory).
   */
  public record Options(int port, int generatedClients, String emqxVersion) {

    /** The release the fake answers as by default: the 5.8 LTS line. */
    public static final String DEFAULT_VERSION = "5.8.9";

    public Options(int port, int generatedClients) {
      this(port, generatedClients, DEFAULT_VERSION);
    }

    public Options {
      if (emqxVersion == null || !emqxVersion.matches("[56]\\.\\d{1,2}\\.\\d{1,3}")) {
        throw new IllegalArgumentException("emqxVersion must be 5.x.y or 6.x.y: " + emqxVersion);
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      }
      if (generatedClients < 0 || generatedClients > 9_999_999) {
        throw new IllegalArgumentException(
            "generatedClients must be 0..9999999: " + generatedClients);
      }
    }

    public static Options defaults() {
      return new Options(0, 0);
    }
  }

  /**
   * HTTPS only, demanding a client certificate, as an EMQX listener with {@code ssl_options {
   * verify = verify_peer, fail_if_no_peer_cert = true }}: the fake's certificate and key, and the
   * CAs whose client certificates it accepts, as PKCS#12 files under one password.
   */
  public record Tls(Path keyStore, Path trustStore, String password) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(trustStore, "trustStore");
      Objects.requireNonNull(password, "password");
    }
  }

  private final WireMockServer server;
  private final ClusterState state;
  private final Faults faults;
  private final LongAdder requests;
  private final boolean https;

  private MockEmqx(
      WireMockServer server, ClusterState state, Faults faults, LongAdder requests, boolean https) {
    this.server = server;
    this.state = state;
    this.faults = faults;
    this.requests = requests;
    this.https = https;
  }

  /** Loads mock-emqx/ from the classpath and starts serving. */
  public static MockEmqx start(Options options) {
    return start(options, null);
  }

  /** The same over HTTPS with client certificates ({@code tls} null: plain HTTP). */
  public static MockEmqx start(Options options, Tls tls) {
    var faults = new Faults();
    var extension =
        new MockEmqxExtension(options.generatedClients(), faults, options.emqxVersion());
    var config =
        WireMockConfiguration.options()
            .bindAddress("127.0.0.1")
            .port(options.port())
            .usingFilesUnderClasspath(CLASSPATH_ROOT)
            .extensions(extension)
            .extensionScanningEnabled(false)
            // stdout carries the MCP protocol: WireMock logs through SLF4J (stderr), and only
            // warnings.
            .notifier(new Slf4jNotifier(false))
            // Nothing reads the journal, and it would grow with every request of a long demo.
            .disableRequestJournal()
            .stubRequestLoggingDisabled(true)
            .templatingEnabled(false)
            .gzipDisabled(true)
            // EMQX answers with a Content-Length, not chunked: its API runs on cowboy, whose
            // cowboy_req:reply/4 sets the length of a whole body (ninenines.eu cowboy manual,
            // cowboy_req.reply). A chunked fake made every client read take a different path.
            .useChunkedTransferEncoding(
                com.github.tomakehurst.wiremock.core.Options.ChunkedEncodingPolicy.NEVER)
            .containerThreads(16)
            .jettyAcceptors(1)
            .asynchronousResponseEnabled(false);
    if (tls != null) {
      config =
          config
              .httpDisabled(true)
              .httpsPort(options.port())
              .keystorePath(tls.keyStore().toString())
              .keystoreType("PKCS12")
              .keystorePassword(tls.password())
              .keyManagerPassword(tls.password())
              .needClientAuth(true)
              .trustStorePath(tls.trustStore().toString())
              .trustStoreType("PKCS12")
              .trustStorePassword(tls.password());
    }
    var server = new WireMockServer(config);
    server.start();
    if (extension.state() == null) {
      server.stop();
      throw new IllegalStateException(
          "no " + CLASSPATH_ROOT + "/__files/seed/clients.json on the classpath");
    }
    return new MockEmqx(server, extension.state(), faults, extension.requests(), tls != null);
  }

  /** E.g. {@code http://127.0.0.1:PORT}, no suffix. */
  public String baseUrl() {
    return (https ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /** {@link #baseUrl()} + {@code /api/v5}. */
  public String apiUrl() {
    return baseUrl() + "/api/v5";
  }

  public int port() {
    return https ? server.httpsPort() : server.port();
  }

  public Faults faults() {
    return faults;
  }

  /**
   * How many API requests the fake has answered since it started, whatever the path or status: what
   * a test or the benchmark reads to check how many EMQX calls one tool call made.
   */
  public long requestCount() {
    return requests.sum();
  }

  /**
   * Listener {@code id} (e.g. {@code tcp:default}) stops running on {@code node}, or on every node
   * when node is null, as when it could not start there (a certificate, a port in use). On some
   * nodes only, {@code GET /listeners} shows it {@code running: "inconsistent"}. Holds until {@link
   * #reset()}.
   */
  public void stopListener(String id, String node) {
    Objects.requireNonNull(id, "id");
    state.locked(
        s -> {
          s.stopListener(id, node);
          return null;
        });
  }

  /** Back to the seed state, faults cleared. */
  public void reset() {
    faults.clear();
    state.reset();
  }

  @Override
  public void close() {
    server.stop();
  }
}
