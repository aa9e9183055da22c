package io.emqx.mcp;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.server.WarmUp;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.transport.StdioTransport;
import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** argv → settings → EMQX client → tool catalog → policy → transport. */
public final class Main {

  private Main() {}

  public static void main(String[] argv) {
    // stdout is the protocol: keep it for the transport and send every stray print to stderr.
    PrintStream protocolOut = System.out;
    System.setOut(System.err);
    CommandLine cli;
    Settings settings;
    try {
      cli = CommandLine.parse(argv);
      if (cli.help() || cli.version()) {
        protocolOut.print(cli.help() ? CommandLine.USAGE : McpServerFactory.NAME + " " + McpServerFactory.version() + "\n");
        protocolOut.flush();
        return;
      }
      // Prepares the protocol's JSON handling on a second core while the settings load.
      WarmUp.start();
      settings = Settings.load(cli.configKeys(), System.getenv(), cli.configFile());
    } catch (IllegalArgumentException e) {
      System.err.println("emqx-mcp-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    Runnable stopMock = () -> { };
    if (cli.mockEmqx()) {
      // Only here are WireMock's classes loaded: a normal start does not pay for the fake.
      MockEmqx mock = MockEmqx.start(MockEmqx.Options.defaults());
      settings = settings.withEmqx(settings.emqx().withApi(mock.apiUrl(), MockEmqx.API_KEY,
          new Secret(MockEmqx.API_SECRET)));
      stopMock = mock::close;
      log.info("--mock-emqx: serving against the built-in fake EMQX at {} (demo data)", mock.apiUrl());
    }
    if (!settings.emqx().hasCredentials()) {
      log.warn("No EMQX API key configured: set EMQX_API_KEY and EMQX_API_SECRET. Serving anyway; every "
          + "call that needs EMQX will answer with this message.");
    }
    EmqxClient emqx = new EmqxClient(settings.emqx(), settings.mcp().readOnly());
    Runnable stop = stopMock;
    StdioTransport transport = new StdioTransport(McpServerFactory.jsonMapper(), System.in, protocolOut,
        settings.emqx().requestTimeout().plus(Duration.ofSeconds(2)),
        () -> {
          emqx.close();
          stop.run();
          // Reactor, OkHttp and the fake leave threads behind; the session is over, so end now.
          System.exit(0);
        });
    McpServerFactory.build(transport, ToolCatalog.all(emqx), new Policy(settings));
    log.info("{} {} serving MCP on stdio; EMQX API {}{}", McpServerFactory.NAME, McpServerFactory.version(),
        settings.emqx().apiUrl(), settings.mcp().readOnly() ? " (read-only)" : "");
  }
}
