import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The files of the dist build (packaging/dist.sh) that are generated, not written by hand. Run with the
 * built jar on the class path (for Jackson):
 *
 * <pre>
 * java -cp target/emqx-mcp-server.jar packaging/Bundle.java manifest STAGE VERSION PLATFORM LAUNCHER
 * java -cp target/emqx-mcp-server.jar packaging/Bundle.java registry SERVER_JSON MCPB OUT
 * </pre>
 *
 * {@code manifest} writes STAGE/manifest.json, the MCPB manifest. Its tools are what the bundle's own
 * launcher answers to {@code tools/list} (with nothing withheld), so the manifest cannot drift from the
 * catalog, and the server's reported version must be VERSION. {@code registry} copies the registry entry
 * SERVER_JSON to OUT with the SHA-256 of MCPB filled into the package whose download URL names that file.
 */
public class Bundle {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void main(String[] argv) throws Exception {
    if (argv.length == 5 && argv[0].equals("manifest")) {
      manifest(Path.of(argv[1]), argv[2], argv[3], argv[4]);
    } else if (argv.length == 4 && argv[0].equals("registry")) {
      registry(Path.of(argv[1]), Path.of(argv[2]), Path.of(argv[3]));
    } else {
      System.err.println("usage: Bundle manifest STAGE VERSION PLATFORM LAUNCHER | registry SERVER_JSON MCPB OUT");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static void manifest(Path stage, String version, String platform, String launcher) throws Exception {
    JsonNode[] answers = ask(stage.resolve(launcher));
    String served = answers[0].path("result").path("serverInfo").path("version").asText();
    if (!served.equals(version)) {
      throw new IllegalStateException("the bundle's server reports version " + served + ", not " + version);
    }
    ArrayNode tools = JSON.createArrayNode();
    for (JsonNode tool : answers[1].path("result").path("tools")) {
      tools.addObject().put("name", tool.path("name").asText()).put("description",
          firstSentence(tool.path("description").asText()));
    }
    if (tools.isEmpty()) {
      throw new IllegalStateException("the bundle's server listed no tools: " + answers[1]);
    }

    ObjectNode m = JSON.createObjectNode();
    m.put("manifest_version", "0.3");
    m.put("name", "emqx-mcp-server");
    m.put("display_name", "EMQX");
    m.put("version", version);
    m.put("description", "Operate an EMQX 5 MQTT cluster from Claude: clients, subscriptions, publishing, "
        + "retained messages, bans, rules and cluster health, through EMQX's REST API.");
    m.put("long_description", "Typed tools over EMQX's v5 REST API, with failures an agent can act on, a "
        + "read-only mode (on by default here), a topic policy and an audit log of every change. The bundle "
        + "carries its own Java runtime: nothing else to install. Create an API key in the EMQX dashboard "
        + "under System → API Keys; a viewer key is enough in read-only mode.");
    m.putObject("author").put("name", "emqx-mcp-server contributors");
    m.put("license", "Apache-2.0");
    m.putArray("keywords").add("emqx").add("mqtt").add("iot").add("broker").add("operations");

    ObjectNode server = m.putObject("server");
    server.put("type", "binary");
    server.put("entry_point", launcher);
    ObjectNode config = server.putObject("mcp_config");
    config.put("command", "${__dirname}/" + launcher);
    config.putArray("args");
    ObjectNode env = config.putObject("env");
    env.put("EMQX_API_URL", "${user_config.emqx_api_url}");
    env.put("EMQX_API_KEY", "${user_config.emqx_api_key}");
    env.put("EMQX_API_SECRET", "${user_config.emqx_api_secret}");
    env.put("EMQX_MCP_READ_ONLY", "${user_config.read_only}");
    env.put("EMQX_MCP_CONFIG", "${user_config.config_file}");

    m.set("tools", tools);
    m.putObject("compatibility").putArray("platforms").add(platform);

    ObjectNode user = m.putObject("user_config");
    option(user, "emqx_api_url", "string", "EMQX API URL",
        "The EMQX dashboard's HTTP API, e.g. http://emqx.example.internal:18083 (the /api/v5 suffix is optional)")
        .put("required", true);
    option(user, "emqx_api_key", "string", "API key", "An EMQX API key (System → API Keys in the dashboard)")
        .put("required", true).put("sensitive", true);
    option(user, "emqx_api_secret", "string", "API secret", "The secret of that API key; never logged or shown")
        .put("required", true).put("sensitive", true);
    option(user, "read_only", "boolean", "Read-only",
        "Offer only the tools that change nothing on the broker. Turn off to allow kicks, bans and publishing")
        .put("default", true);
    // An optional value with no default would reach the launcher as the literal ${user_config…} text:
    // the empty default makes "not chosen" an empty variable, which the launchers skip.
    option(user, "config_file", "file", "Config file (optional)",
        "A HOCON file with further settings (topic policy, protected clients, MQTT); see application.conf. "
        + "The fields above win over it")
        .put("required", false).put("default", "");

    Files.writeString(stage.resolve("manifest.json"), JSON.writeValueAsString(m) + "\n");
    System.err.printf("manifest.json: %d tools, version %s, platform %s%n", tools.size(), version, platform);
  }

  static ObjectNode option(ObjectNode user, String key, String type, String title, String description) {
    ObjectNode o = user.putObject(key);
    o.put("type", type).put("title", title).put("description", description);
    return o;
  }

  /** The first sentence: a tool's description goes on with when to use it and its limits. */
  static String firstSentence(String description) {
    int end = description.indexOf(". ");
    return end < 0 ? description.strip() : description.substring(0, end + 1);
  }

  /**
   * initialize and tools/list over stdio, as a client would, through the launcher with an environment
   * that withholds nothing: no EMQX settings of the machine it is built on, audit off, not read-only.
   */
  static JsonNode[] ask(Path launcher) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().keySet().removeIf(k -> k.startsWith("EMQX_"));
    pb.environment().put("EMQX_MCP_AUDIT_LOG", "off");
    pb.environment().put("EMQX_MCP_CDS", "off");
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bundle-build\",\"version\":\"1\"}}}");
      JsonNode init = reply(out, 1);
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
      JsonNode list = reply(out, 2);
      return new JsonNode[] {init, list};
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  static void send(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  static JsonNode reply(BufferedReader out, int id) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asInt(-1) == id) {
        if (message.has("error")) {
          throw new IllegalStateException("the bundle's server answered an error: " + line);
        }
        return message;
      }
    }
    throw new IllegalStateException("the bundle's server closed stdout before answering request " + id);
  }

  // ---------------------------------------------------------------------------------------------

  static void registry(Path serverJson, Path mcpb, Path out) throws Exception {
    ObjectNode entry = (ObjectNode) JSON.readTree(serverJson.toFile());
    String file = mcpb.getFileName().toString();
    String sha;
    try (InputStream in = Files.newInputStream(mcpb)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      sha = HexFormat.of().formatHex(digest.digest());
    }
    Map<String, String> filled = new LinkedHashMap<>();
    for (JsonNode p : entry.path("packages")) {
      String id = p.path("identifier").asText();
      if (p.path("registryType").asText().equals("mcpb") && id.endsWith("/" + file)) {
        ((ObjectNode) p).put("fileSha256", sha);
        filled.put(id, sha);
      }
    }
    if (filled.size() != 1) {
      throw new IllegalStateException(serverJson + " has " + filled.size() + " mcpb packages whose URL ends in /"
          + file + "; want exactly one (is its version the pom's?)");
    }
    Files.writeString(out, JSON.writeValueAsString(entry) + "\n");
    System.err.printf("%s: fileSha256 %s for %s%n", out, sha, file);
  }
}
