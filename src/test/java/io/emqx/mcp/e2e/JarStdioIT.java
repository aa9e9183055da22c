package io.emqx.mcp.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.onAny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestBroker;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, launched as Claude Desktop launches it: a subprocess speaking MCP on stdio. */
class JarStdioIT {

  static final String JAR = System.getProperty("server.jar", "target/emqx-mcp-server.jar");

  /** Every tool of the default toolsets, in catalog order: what tools/list must show. */
  static final List<String> CATALOG =
      ToolCatalog.all().stream()
          .filter(t -> io.emqx.mcp.config.Toolset.defaults().contains(t.group()))
          .map(ToolSpec::name)
          .toList();

  @RegisterExtension
  static final WireMockEmqx wm =
      WireMockEmqx.create()
          .standing(
              w -> {
                JarEmqx.sensor42(w);
                w.stubFor(
                    on(Route.GET_CLIENT, "locked")
                        .willReturn(
                            json(
                                401,
                                "{\"code\":\"BAD_API_KEY_OR_SECRET\",\"message\":\"Check api_key/api_secret\"}")));
                w.stubFor(
                    onAny(Route.LIST_CLIENTS)
                        .willReturn(
                            okJson(
                                "{\"data\":[{\"clientid\":\"sensor-42\",\"connected\":true}],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false,\"count\":1}}")));
              });

  @TempDir Path dir;

  static Map<String, String> withAuditOff(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("EMQX_MCP_AUDIT_LOG", "off");
    return all;
  }

  Process launch(File stderr, String... extra) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-jar", JAR));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr);
    pb.environment().putAll(JarEmqx.env(wm));
    pb.environment().put("EMQX_MCP_AUDIT_LOG", dir.resolve("audit.log").toString());
    return pb.start();
  }

  @Test
  void everyStdoutLineIsJsonRpc_andTheSecretNeverAppears() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p = launch(stderr);
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    Map<String, Object> init = rpc.initialize();
    assertEquals(
        McpServerFactory.NAME,
        ((Map<?, ?>) ((Map<?, ?>) init.get("result")).get("serverInfo")).get("name"));
    Map<String, Object> tools = rpc.call("tools/list", Map.of(), Duration.ofSeconds(10));
    List<?> listed = (List<?>) ((Map<?, ?>) tools.get("result")).get("tools");
    assertEquals(CATALOG.size(), listed.size());

    List<Map<String, Object>> answers =
        List.of(
            rpc.callTool("get_client", Map.of("clientid", "sensor-42")).get(10, TimeUnit.SECONDS),
            rpc.callTool("get_client", Map.of("clientid", "locked")).get(10, TimeUnit.SECONDS),
            rpc.callTool("list_clients", Map.of("limit", 5)).get(10, TimeUnit.SECONDS),
            rpc.callTool("kick_mqtt_client", Map.of("clientid", "..")).get(10, TimeUnit.SECONDS));
    assertEquals("sensor-42", RawRpc.structured(answers.get(0)).get("clientid"));
    assertTrue(answers.get(1).toString().contains("EMQX_AUTH_FAILED"), answers.get(1).toString());
    assertTrue(answers.get(3).toString().contains("INVALID_ARGUMENT"), answers.get(3).toString());

    rpc.close(); // stdin EOF: the server must exit by itself
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server did not exit after stdin closed");
    assertEquals(0, p.exitValue());
    assertEquals(List.of(), rpc.badLines(), "stdout carries the protocol and nothing else");
    String log = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
    assertTrue(log.contains("serving MCP on stdio"), log);
    assertFalse(log.contains(TestServer.SECRET), "the secret leaked into the log");
    assertFalse(answers.toString().contains(TestServer.SECRET), "the secret leaked into a result");
    String audit = Files.readString(dir.resolve("audit.log"));
    assertTrue(audit.contains("\"kick_mqtt_client\"") && audit.contains("INVALID_ARGUMENT"), audit);
    assertFalse(audit.contains(TestServer.SECRET), "the secret leaked into the audit log");
  }

  /**
   * The launched server builds its 2026-07-28 server only when a connection opens with a modern
   * request: that connection must be served by it from its first line on (and stay so).
   */
  @Test
  @SuppressWarnings("unchecked")
  void modernFirstRequest_overTheJar_isServedByTheModernServer() throws Exception {
    Process p = launch(dir.resolve("stderr.txt").toFile());
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    Map<String, Object> discover =
        rpc.call("server/discover", Modern.params(Map.of()), Duration.ofSeconds(20));
    Map<String, Object> found = (Map<String, Object>) discover.get("result");
    assertEquals(List.of(Modern.VERSION), found.get("supportedVersions"), discover::toString);
    Map<String, Object> list =
        rpc.call("tools/list", Modern.params(Map.of()), Duration.ofSeconds(20));
    Map<String, Object> listed = (Map<String, Object>) list.get("result");
    assertEquals("complete", listed.get("resultType"), list::toString);
    assertEquals(CATALOG.size(), ((List<?>) listed.get("tools")).size(), list::toString);
    Map<String, Object> called =
        rpc.call(
            "tools/call",
            Modern.call("get_client", Map.of("clientid", "sensor-42")),
            Duration.ofSeconds(20));
    assertEquals("sensor-42", RawRpc.structured(called).get("clientid"), called::toString);
    rpc.close();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server did not exit after stdin closed");
    assertEquals(List.of(), rpc.badLines(), "stdout carries the protocol and nothing else");
  }

  @Test
  void sdkClient_overTheJar_listsAndCalls() {
    ServerParameters params =
        ServerParameters.builder("java")
            .args("-jar", JAR)
            .env(withAuditOff(JarEmqx.env(wm)))
            .build();
    McpSyncClient client =
        McpClient.sync(
                new StdioClientTransport(params, io.emqx.mcp.support.TestServer.clientMapper()))
            .requestTimeout(Duration.ofSeconds(20))
            .build();
    try {
      client.initialize();
      List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertEquals(CATALOG, names);
      McpSchema.CallToolResult r =
          client.callTool(new McpSchema.CallToolRequest("list_clients", Map.of()));
      assertFalse(Boolean.TRUE.equals(r.isError()), TestServer.text(r));
      assertEquals(2, client.listResources().resources().size());
      assertEquals(1, client.listResourceTemplates().resourceTemplates().size());
      assertEquals(2, client.listPrompts().prompts().size());
      McpSchema.ReadResourceResult policy =
          client.readResource(new McpSchema.ReadResourceRequest("emqx://topics/policy"));
      assertTrue(
          ((McpSchema.TextResourceContents) policy.contents().get(0))
              .text()
              .contains("\"restricted\":false"));
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void listTools_printsEveryToolAndWhyItIsWithheld() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", JAR, "--list-tools").redirectError(stderr);
    pb.environment().put("EMQX_MCP_DISABLED_TOOLS", "publish_*");
    pb.environment().put("EMQX_MCP_READ_ONLY", "true");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(stderr.toPath()));
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("list_clients") && l.endsWith("offered")), out);
    assertTrue(
        out.lines()
            .anyMatch(l -> l.startsWith("kick_mqtt_client") && l.contains("withheld: read-only")),
        out);
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("publish_message") && l.contains("withheld")), out);
    // Each tool's toolset, and the toolset as a reason of its own.
    assertTrue(
        out.lines().anyMatch(l -> l.matches("list_clients +clients +read +any +offered")), out);
    // The oldest EMQX each tool needs (docs/versions.md).
    assertTrue(
        out.lines().anyMatch(l -> l.matches("list_client_mqueue +\\S+ +read +5\\.6\\+ .*")), out);
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.startsWith("mqtt_subscribe")
                        && l.contains(" mqtt ")
                        && l.contains(
                            "withheld: its toolset 'mqtt' is not in mcp.toolsets [default]")),
        out);
    assertTrue(
        out.contains(
            "toolsets on: [clients, subscriptions, messaging, bans, cluster, rules, diagnosis]"),
        out);
  }

  @Test
  void unwritableAuditLog_isReportedAtStartup() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR).redirectError(stderr);
    pb.environment().put("EMQX_MCP_AUDIT_LOG", blocker.resolve("audit.log").toString());
    pb.environment().put("EMQX_API_URL", wm.baseUrl());
    Process p = pb.start();
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    rpc.initialize();
    Map<String, Object> refused =
        rpc.callTool("publish_message", Map.of("topic", "t", "payload", "x"))
            .get(10, TimeUnit.SECONDS);
    assertTrue(refused.toString().contains("AUDIT_UNAVAILABLE"), refused.toString());
    rpc.close();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertTrue(Files.readString(stderr.toPath()).contains("cannot write the audit log"));
  }

  @Test
  void badConfig_failsFastOnStderr_withExitCode2() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p = launch(stderr, "--config", dir.resolve("missing.conf").toString());
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(Files.readString(stderr.toPath()).contains("missing.conf"));
  }

  /** Through Main: typos in the file and the environment stop the jar with exit code 2. */
  @Test
  void configTypos_exitWithCode2_namingWhatWasSet_andWarnAboutLookalikeVariables()
      throws Exception {
    Path conf = Files.writeString(dir.resolve("typo.conf"), "mcp {\n  readonly = true\n}\n");
    File stderr = dir.resolve("stderr.txt").toFile();
    Process p = launch(stderr, "--config", conf.toString());
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    String log = Files.readString(stderr.toPath());
    assertTrue(
        log.contains("unknown key mcp.readonly in " + conf + ":2; did you mean mcp.read-only?"),
        log);

    ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR).redirectError(stderr);
    pb.environment().put("EMQX_REQUEST_TIMEOUT", "10");
    pb.environment().put("EMQX_MCP_READONLY", "true");
    pb.environment().put("EMQX_API_URL", "http://admin:hunter2-pw@127.0.0.1:1");
    Process env = pb.start();
    assertTrue(env.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, env.exitValue());
    String envLog = Files.readString(stderr.toPath());
    assertTrue(envLog.contains("EMQX_REQUEST_TIMEOUT=10: a bare number has no unit"), envLog);
    assertTrue(
        envLog.contains(
            "warning: environment variable EMQX_MCP_READONLY is not one this server reads; "
                + "ignored (did you mean EMQX_MCP_READ_ONLY?)"),
        envLog);
    assertFalse(envLog.contains("hunter2-pw"), envLog);
  }

  /** A key without its secret is named at start-up, which goes on serving. */
  @Test
  void keyWithoutSecret_isNamedAtStartup() throws Exception {
    File stderr = dir.resolve("stderr.txt").toFile();
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR).redirectError(stderr);
    pb.environment().put("EMQX_API_URL", wm.baseUrl());
    pb.environment().put("EMQX_API_KEY", "ops-key");
    pb.environment().put("EMQX_MCP_AUDIT_LOG", "off");
    Process p = pb.start();
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    rpc.initialize();
    Map<String, Object> refused =
        rpc.callTool("get_client", Map.of("clientid", "sensor-42")).get(10, TimeUnit.SECONDS);
    assertTrue(
        refused.toString().contains("the API secret is missing: API key"), refused.toString());
    rpc.close();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertTrue(Files.readString(stderr.toPath()).contains("the API secret is missing: API key"));
  }

  @Test
  void mqttTools_workFromTheShadedJar_andTheMqttPasswordNeverAppears() throws Exception {
    String password = "Mqtt-pw-never-print-me-91c2";
    try (TestBroker broker =
        TestBroker.start(TestBroker.Options.plain().withLogin("agent", password))) {
      Mqtt5BlockingClient device = broker.client("jar-it-device");
      TestBroker.publishRetained(device, "jar/it/state", "on");
      File stderr = dir.resolve("stderr-mqtt.txt").toFile();
      ProcessBuilder pb =
          new ProcessBuilder("java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-jar", JAR)
              .redirectError(stderr);
      pb.environment().put("EMQX_MQTT_URL", broker.url());
      pb.environment().put("EMQX_MCP_TOOLSETS", "default,mqtt");
      pb.environment().put("EMQX_MQTT_USERNAME", "agent");
      pb.environment().put("EMQX_MQTT_PASSWORD", password);
      Process p = pb.start();
      RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
      rpc.initialize();
      Map<String, Object> watched =
          RawRpc.structured(
              rpc.callTool("mqtt_subscribe", Map.of("topic", "jar/+/state", "max_messages", 1))
                  .get(20, TimeUnit.SECONDS));
      assertEquals(1, watched.get("count"), String.valueOf(watched));
      rpc.close();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server did not exit after stdin closed");
      assertEquals(List.of(), rpc.badLines(), "stdout carries the protocol and nothing else");
      String log = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
      assertTrue(log.contains("MQTT 5 connected to " + broker.url()), log);
      assertFalse(log.contains(password), "the MQTT password leaked into the log");
      assertFalse(watched.toString().contains(password));
      device.disconnect();
    }
  }
}
