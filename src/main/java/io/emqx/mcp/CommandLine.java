package io.emqx.mcp;

import io.emqx.mcp.config.Settings;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line: a few actions, and flags that set config keys (which outrank every other
 * source).
 */
record CommandLine(
    File configFile,
    String mockEmqx,
    boolean help,
    boolean version,
    boolean listTools,
    Map<String, String> configKeys) {

  /**
   * The releases {@code --mock-emqx=LINE} can play, by the line an operator names: the full version
   * the fake's nodes then report. Plain {@code --mock-emqx} is the first, the 5.8 LTS line.
   */
  static final Map<String, String> MOCK_RELEASES = mockReleases();

  private static Map<String, String> mockReleases() {
    Map<String, String> releases = new LinkedHashMap<>();
    releases.put("5.8", "5.8.9");
    releases.put("6.3", "6.3.0");
    return java.util.Collections.unmodifiableMap(releases);
  }

  /** Whether the server runs against the built-in fake. */
  boolean mock() {
    return mockEmqx != null;
  }

  static final String USAGE =
      """
      Usage: java -jar emqx-mcp-server.jar [options]

      Serves the Model Context Protocol (stdio, or HTTP with --transport http) so that an AI agent can
      operate an EMQX 5 cluster.

      Options:
        --config FILE    HOCON file merged over the defaults (application.conf)
        --mock-emqx[=LINE]
                         serve against the built-in fake EMQX (demo data, no broker needed), playing
                         EMQX 5.8 (default) or 6.3 (--mock-emqx=6.3: namespaces, 6.x answers)
        --list-tools     print every tool, its toolset, the oldest EMQX it needs, whether it is offered and why not, and exit
        --toolsets LIST  toolsets to offer, comma-separated: names, default, all (e.g. default,mqtt)
        --transport T    stdio (default) or http: streamable HTTP at /mcp, legacy SSE at /sse
        --host HOST      HTTP: address to listen on (default 127.0.0.1; others need EMQX_MCP_AUTH_TOKEN)
        --port PORT      HTTP: port to listen on (default 8080)
        --allowed-origins URL[,URL…]
                         HTTP: also accept these origins (the URLs clients use, e.g.
                         http://mcp.example.internal:8080), beyond loopback; may be repeated
        --version        print the version and exit
        --help           print this help and exit

      Environment: EMQX_API_URL, EMQX_API_KEY, EMQX_API_SECRET, EMQX_REQUEST_TIMEOUT, EMQX_MCP_READ_ONLY,
      EMQX_MCP_DISABLED_TOOLS, EMQX_MCP_TOOLSETS, EMQX_MCP_DYNAMIC_TOOLSETS, EMQX_MCP_AUDIT_LOG.
      HTTP: EMQX_MCP_TRANSPORT, EMQX_MCP_AUTH_TOKEN, EMQX_MCP_ALLOWED_ORIGINS.
      MQTT tools: EMQX_MQTT_URL, EMQX_MQTT_USERNAME, EMQX_MQTT_PASSWORD, EMQX_MQTT_CA_FILE,
      EMQX_MQTT_CLIENT_ID_PREFIX, EMQX_MQTT_RESPONSE_TOPIC_PREFIX.
      stdout carries the protocol; logs go to stderr.
      """;

  static CommandLine parse(String... argv) {
    File config = null;
    String mock = null;
    boolean help = false;
    boolean version = false;
    boolean listTools = false;
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      switch (arg) {
        case "--config" -> config = new File(value(argv, ++i, arg));
        case "--mock-emqx" -> mock = MOCK_RELEASES.get("5.8");
        case "--toolsets", "--transport", "--host", "--port" ->
            keys.put(Settings.FLAGS.get(arg), value(argv, ++i, arg));
        // Repeatable: each use adds origins (comma-separated), as EMQX_MCP_ALLOWED_ORIGINS does.
        case "--allowed-origins" ->
            keys.merge(
                Settings.FLAGS.get(arg),
                value(argv, ++i, arg),
                (before, more) -> before + "," + more);
        case "--help", "-h" -> help = true;
        case "--version" -> version = true;
        case "--list-tools" -> listTools = true;
        default -> {
          if (!arg.startsWith("--mock-emqx=")) {
            boolean lineAfterMock =
                i > 0 && argv[i - 1].equals("--mock-emqx") && arg.matches("\\d+(\\.\\d+)*");
            throw new IllegalArgumentException(
                "unknown option '"
                    + arg
                    + "'"
                    + (lineAfterMock ? ": write --mock-emqx=" + arg : " (see --help)"));
          }
          mock = mockRelease(arg.substring("--mock-emqx=".length()));
        }
      }
    }
    return new CommandLine(config, mock, help, version, listTools, Map.copyOf(keys));
  }

  /** The full version of a line {@code --mock-emqx=} names; anything else is refused. */
  private static String mockRelease(String line) {
    String release = MOCK_RELEASES.get(line);
    if (release == null) {
      throw new IllegalArgumentException(
          "--mock-emqx="
              + line
              + ": the fake plays EMQX "
              + String.join(" or ", MOCK_RELEASES.keySet())
              + " (e.g. --mock-emqx=6.3); plain --mock-emqx is "
              + MOCK_RELEASES.keySet().iterator().next());
    }
    return release;
  }

  private static String value(String[] argv, int i, String flag) {
    if (i >= argv.length || argv[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return argv[i];
  }
}
