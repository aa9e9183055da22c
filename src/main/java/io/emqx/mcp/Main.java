package io.emqx.mcp;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.TlsMaterial;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.Assembly;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.server.WarmUp;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import io.emqx.mcp.transport.StdioTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** argv → settings → {@link Assembly} (clusters, tool catalog, policy) → transport. */
public final class Main {

  private Main() {}

  public static void main(String[] argv) {
    // stdout is the protocol: keep it for the transport and send every stray print to stderr.
    PrintStream protocolOut = System.out;
    System.setOut(System.err);
    CommandLine cli;
    Settings settings;
    Supplier<List<ToolSpec>> catalog;
    try {
      cli = CommandLine.parse(argv);
      if (cli.help() || cli.version()) {
        protocolOut.print(
            cli.help()
                ? CommandLine.USAGE
                : McpServerFactory.NAME + " " + McpServerFactory.version() + "\n");
        protocolOut.flush();
        return;
      }
      // Prepares the protocol's JSON handling, and builds the tool catalog, on other threads while
      // the settings load.
      WarmUp.start();
      catalog = ToolCatalog.inBackground();
      // Demo kicks against the fake never mix with production history: their own default audit
      // file.
      // Warnings (a misspelt EMQX_MCP_* variable) go to stderr before logging is set up.
      settings =
          Settings.load(
              cli.configKeys(),
              System.getenv(),
              cli.configFile(),
              cli.mock() ? Settings.MOCK_DEFAULTS : Map.of(),
              warning -> System.err.println("emqx-mcp-server: warning: " + warning));
    } catch (IllegalArgumentException e) {
      System.err.println("emqx-mcp-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    Runnable stopMock = () -> {};
    if (cli.mock() && !cli.listTools()) {
      // Only here are WireMock's classes loaded: a normal start does not pay for the fake.
      // Each configured cluster gets a fake of its own (own port, own state), so a call that
      // reaches the wrong one shows.
      List<MockEmqx> mocks = new ArrayList<>();
      List<Settings.Cluster> faked = new ArrayList<>();
      for (Settings.Cluster c : settings.clusters()) {
        MockEmqx mock;
        try {
          mock = startMock(c, new MockEmqx.Options(0, 0, cli.mockEmqx()));
        } catch (IllegalArgumentException | IllegalStateException e) {
          System.err.println("emqx-mcp-server: " + e.getMessage());
          mocks.forEach(MockEmqx::close);
          System.exit(2);
          return;
        }
        mocks.add(mock);
        faked.add(
            c.withEmqx(
                c.emqx()
                    .withApi(mock.apiUrl(), MockEmqx.API_KEY, new Secret(MockEmqx.API_SECRET))));
        log.info(
            "--mock-emqx: serving cluster '{}' against a built-in fake EMQX {} at {} (demo data)",
            c.name(),
            cli.mockEmqx(),
            mock.apiUrl());
      }
      settings = settings.withClusters(faked);
      stopMock = () -> mocks.forEach(MockEmqx::close);
    }
    for (Settings.Cluster c : settings.clusters()) {
      String missing = c.emqx().missingCredentials();
      if (!cli.listTools() && missing != null) {
        log.warn(
            "{}{}. Serving anyway; every call that needs EMQX will answer with this message.",
            settings.clusters().size() > 1 ? "cluster '" + c.name() + "': " : "",
            missing);
      }
    }
    // tls.verify = false: said once at start-up, loudly (list_clusters shows it too).
    for (Settings.Cluster c : settings.clusters()) {
      for (String insecure :
          new String[] {c.emqx().tls().warning(), c.mqtt().tlsSettings().warning()}) {
        if (insecure != null && !cli.listTools()) {
          log.warn("{}", insecure);
        }
      }
    }
    if (cli.listTools()) {
      listTools(protocolOut, settings, catalog.get());
      return;
    }
    Assembly assembly;
    try {
      // One policy for every transport: one audit log, one rate-limit budget.
      assembly = Assembly.of(settings, catalog);
    } catch (IllegalArgumentException e) {
      System.err.println("emqx-mcp-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runnable stop = stopMock;
    if (settings.transport().kind() == Settings.Transport.Kind.HTTP) {
      try {
        HttpLauncher.serve(assembly, stop);
      } catch (IllegalStateException e) {
        log.error("{}", e.getMessage());
        System.exit(1);
      }
      return;
    }
    StdioTransport transport =
        new StdioTransport(
            McpServerFactory.jsonMapper(),
            System.in,
            protocolOut,
            settings.emqx().requestTimeout().plus(Duration.ofSeconds(2)),
            () -> {
              assembly.close();
              stop.run();
              // Reactor, OkHttp and the fake leave threads behind; the session is over, so end now.
              System.exit(0);
            },
            assembly.modernOnDemand());
    assembly.server(transport);
    assembly.prepareInBackground();
    log.info(
        "{} {} serving MCP on stdio; EMQX API {}{}",
        McpServerFactory.NAME,
        McpServerFactory.version(),
        settings.emqx().apiUrl(),
        settings.mcp().readOnly() ? " (read-only)" : "");
  }

  /**
   * {@code --list-tools}: every tool, its toolset and access, and whether it is offered (or why
   * not), on stdout.
   */
  /**
   * The fake standing in for cluster {@code c}: over HTTPS demanding a client certificate when the
   * cluster is reached with one (mTLS), serving its {@code cert-file} and {@code key-file} and
   * trusting its {@code ca-file}, so that the demo runs over the very TLS the config describes (one
   * certificate made for both ends, e.g. by scripts/smoke-inspector.sh).
   */
  private static MockEmqx startMock(Settings.Cluster c, MockEmqx.Options options) {
    var tls = c.emqx().tls();
    if (!tls.hasClientCertificate()) {
      return MockEmqx.start(options);
    }
    try {
      String password = UUID.randomUUID().toString();
      var stores = TlsMaterial.serverStores(tls, password.toCharArray());
      Path dir = Files.createTempDirectory("emqx-mcp-mock-tls");
      Path identity = dir.resolve("server.p12");
      Path trusted = dir.resolve("trusted.p12");
      for (var entry : Map.of(identity, stores.identity(), trusted, stores.trusted()).entrySet()) {
        try (var out = Files.newOutputStream(entry.getKey())) {
          entry.getValue().store(out, password.toCharArray());
        }
        entry.getKey().toFile().deleteOnExit();
      }
      dir.toFile().deleteOnExit();
      return MockEmqx.start(options, new MockEmqx.Tls(identity, trusted, password));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "--mock-emqx: cannot serve cluster '" + c.name() + "' over TLS", e);
    }
  }

  private static void listTools(PrintStream out, Settings settings, List<ToolSpec> catalog) {
    Policy policy = new Policy(settings.withMcp(settings.mcp().withoutAudit()));
    List<ToolSpec> tools = null;
    try {
      tools = policy.register(catalog);
    } catch (IllegalArgumentException e) {
      System.err.println("emqx-mcp-server: " + e.getMessage());
      System.exit(2);
    }
    int width = tools.stream().mapToInt(t -> t.name().length()).max().orElse(10);
    int setWidth = Arrays.stream(Toolset.values()).mapToInt(t -> t.id().length()).max().orElse(10);
    for (ToolSpec t : tools) {
      String why = policy.withheldBecause(t);
      out.printf(
          "%-" + width + "s  %-" + setWidth + "s  %-11s  %-15s  %s%n",
          t.name(),
          t.group().id(),
          t.access().name().toLowerCase(Locale.ROOT),
          // The oldest EMQX that serves it (docs/versions.md); "any" is every EMQX 5 and 6.
          t.requires().any() ? "any" : t.requires().toString(),
          why == null ? "offered" : "withheld: " + why);
    }
    out.printf(
        "toolsets on: %s (mcp.toolsets %s)%s%n",
        settings.mcp().toolsets().on().stream().map(io.emqx.mcp.config.Toolset::id).toList(),
        settings.mcp().toolsets().named(),
        settings.mcp().toolsets().dynamic()
            ? "; the agent may turn on more (mcp.dynamic-toolsets)"
            : "");
    out.flush();
  }
}
