package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.tools.Args;
import io.emqx.mcp.tools.ToolCatalog;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 2: toolsets compose with read-only mode and the tool filters, and with {@code
 * mcp.dynamic-toolsets} an agent turns one on mid-conversation, its client told through {@code
 * notifications/tools/list_changed}; over HTTP only that session's list changes.
 */
class ToolsetsTest extends MockEmqxPerClass {

  static final List<ToolSpec> CATALOG = ToolCatalog.all();

  static Settings settings(boolean readOnly, Settings.Toolsets toolsets) {
    Settings s = TestServer.settings(emqx, Duration.ofSeconds(5));
    return s.withMcp(new Settings.Mcp(readOnly).withToolsets(toolsets));
  }

  static List<String> names(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  static List<String> namesIn(Set<Toolset> on) {
    return CATALOG.stream().filter(t -> on.contains(t.group())).map(ToolSpec::name).toList();
  }

  /**
   * The model: a tool is offered exactly when its toolset is on, read-only mode allows it and no
   * mcp.tools.disabled entry matches it; a call of any other is refused before its arguments.
   */
  @Property(tries = 150)
  void offered_exactlyWhenEveryRuleAllows(
      @ForAll("toolsets") Set<Toolset> on,
      @ForAll boolean readOnly,
      @ForAll("disabled") List<String> disabled) {
    // No EMQX here: jqwik runs without JUnit's lifecycle, and nothing is sent anyway.
    Settings s = TestServer.settings("http://127.0.0.1:1", Duration.ofSeconds(1), readOnly);
    s =
        s.withMcp(
            new Settings.Mcp(
                readOnly,
                List.of("*"),
                disabled,
                List.of(),
                null,
                false,
                0,
                new Settings.Toolsets(List.of("test"), on, false)));
    Policy policy = new Policy(s, AuditLog.off(), System::nanoTime);
    List<ToolSpec> registered = policy.register(CATALOG);
    for (ToolSpec t : registered) {
      boolean expected =
          t.group() != Toolset.TOOLSETS
              && on.contains(t.group())
              && !(readOnly && t.access().changesBroker())
              && !disabled.contains(t.name());
      assertEquals(expected, policy.offers(t), t.name() + ": " + policy.withheldBecause(t));
      assertEquals(
          expected,
          policy.offers(io.modelcontextprotocol.common.McpTransportContext.EMPTY, t.name()));
      boolean admitted;
      try {
        policy.admit(new ToolSpec.Call(t, new Args(Map.of()), null));
        admitted = true;
      } catch (ToolException e) {
        admitted = false;
        assertTrue(
            e.code().name().equals("TOOL_DISABLED") || e.code().name().equals("READ_ONLY"),
            e.getMessage());
      }
      assertEquals(expected, admitted, t.name());
    }
  }

  @Provide
  Arbitrary<Set<Toolset>> toolsets() {
    return Arbitraries.of(Toolset.selectableValues())
        .set()
        .ofMaxSize(Toolset.selectableValues().size());
  }

  @Provide
  Arbitrary<List<String>> disabled() {
    return Arbitraries.of(CATALOG.stream().map(ToolSpec::name).toList())
        .list()
        .uniqueElements()
        .ofMaxSize(4);
  }

  @Nested
  class Composition {

    @Test
    void aToolOutsideTheToolsets_isRefusedWithWhatTurnsItOn() throws Exception {
      Settings s = settings(false, Settings.Toolsets.parse(List.of("clients"), false));
      try (TestServer server = TestServer.start(s)) {
        assertEquals(namesIn(EnumSet.of(Toolset.CLIENTS)), names(server.client()));
        Map<String, Object> e = server.error("list_banned", Map.of());
        assertEquals("TOOL_DISABLED", e.get("code"));
        assertTrue(
            e.get("message")
                .toString()
                .contains(
                    "toolset 'bans' is not in mcp.toolsets [clients] (the "
                        + "operator can add it, e.g. EMQX_MCP_TOOLSETS=clients,bans)"),
            e.toString());
        // Without dynamic toolsets the two tools are withheld, and say why.
        assertTrue(
            server
                .error("enable_toolset", Map.of("toolset", "bans"))
                .get("message")
                .toString()
                .contains("mcp.dynamic-toolsets is off"));
        McpSchema.ServerCapabilities caps = server.client().getServerCapabilities();
        assertFalse(Boolean.TRUE.equals(caps.tools().listChanged()));
      }
    }
  }

  @Nested
  class Dynamic {

    @Test
    void enableToolset_overStdio_announcesTheChange_andTheClientsNextListHasItsTools()
        throws Exception {
      BlockingQueue<List<String>> changes = new LinkedBlockingQueue<>();
      Settings s = settings(false, Settings.Toolsets.parse(List.of("clients"), true));
      try (TestServer server =
          TestServer.start(
              s,
              new Policy(s),
              spec ->
                  spec.toolsChangeConsumer(
                      tools -> changes.add(tools.stream().map(McpSchema.Tool::name).toList())))) {
        assertEquals(Boolean.TRUE, server.client().getServerCapabilities().tools().listChanged());
        List<String> first = names(server.client());
        List<String> expected = new ArrayList<>(namesIn(EnumSet.of(Toolset.CLIENTS)));
        expected.addAll(List.of("list_toolsets", "enable_toolset"));
        assertEquals(expected, first);
        Map<String, Object> refused = server.error("list_banned", Map.of());
        assertTrue(
            refused
                .get("message")
                .toString()
                .contains("enable_toolset with toolset 'bans' turns it on"),
            refused.toString());

        Map<String, Object> listed = server.ok("list_toolsets", Map.of());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sets = (List<Map<String, Object>>) listed.get("toolsets");
        Map<String, Object> bans =
            sets.stream().filter(t -> t.get("name").equals("bans")).findFirst().orElseThrow();
        assertEquals(false, bans.get("enabled"));
        assertEquals(List.of("list_banned", "ban_client", "unban_client"), bans.get("tools"));

        Map<String, Object> enabled = server.ok("enable_toolset", Map.of("toolset", "bans"));
        assertEquals(true, enabled.get("changed"));
        List<String> announced = changes.poll(30, TimeUnit.SECONDS);
        assertNotNull(announced, "no tools/list_changed followed");
        assertTrue(
            announced.containsAll(List.of("list_banned", "ban_client", "unban_client")),
            announced.toString());
        assertEquals(announced, names(server.client()));
        assertFalse(Boolean.TRUE.equals(server.call("list_banned", Map.of()).isError()));

        // Turning on what is on changes nothing and announces nothing: the next notice is the
        // cluster's.
        assertEquals(false, server.ok("enable_toolset", Map.of("toolset", "bans")).get("changed"));
        assertEquals(
            false, server.ok("enable_toolset", Map.of("toolset", "clients")).get("changed"));
        server.ok("enable_toolset", Map.of("toolset", "cluster"));
        List<String> next = changes.poll(30, TimeUnit.SECONDS);
        assertNotNull(next);
        assertTrue(next.contains("get_node") && next.contains("list_banned"), next.toString());
      }
    }

    @Test
    void theOperatorsRules_stillWithholdWhatAToolsetBrings() throws Exception {
      Settings s = settings(true, Settings.Toolsets.parse(List.of("clients"), true));
      try (TestServer server = TestServer.start(s)) {
        Map<String, Object> enabled = server.ok("enable_toolset", Map.of("toolset", "bans"));
        assertEquals(List.of("list_banned"), enabled.get("tools"));
        @SuppressWarnings("unchecked")
        Map<String, Object> withheld = (Map<String, Object>) enabled.get("withheld");
        assertTrue(
            withheld.get("ban_client").toString().contains("read-only"), withheld.toString());
        List<String> now = names(server.client());
        assertTrue(
            now.contains("list_banned")
                && !now.contains("ban_client")
                && !now.contains("kick_mqtt_client"),
            now.toString());
        assertEquals(
            "READ_ONLY",
            server.error("ban_client", Map.of("as", "clientid", "who", "x")).get("code"));
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"toolsets", "nope", ""})
    void enableToolset_unknownName_isInvalid_andChangesNothing(String name) throws Exception {
      Settings s = settings(false, Settings.Toolsets.parse(List.of("clients"), true));
      try (TestServer server = TestServer.start(s)) {
        List<String> before = names(server.client());
        assertEquals(
            "INVALID_ARGUMENT",
            server.error("enable_toolset", Map.of("toolset", name)).get("code"));
        assertEquals(before, names(server.client()));
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse"})
    void overHttp_enablingChangesOnlyThatSessionsTools(String transport) throws Exception {
      BlockingQueue<List<String>> changes = new LinkedBlockingQueue<>();
      Settings s = settings(false, Settings.Toolsets.parse(List.of("clients"), true));
      try (HttpTestServer server = HttpTestServer.start(s, HttpTestServer.httpSettings(null))) {
        java.util.function.UnaryOperator<io.modelcontextprotocol.client.McpClient.SyncSpec> follow =
            spec ->
                spec.toolsChangeConsumer(
                    tools -> changes.add(tools.stream().map(McpSchema.Tool::name).toList()));
        McpSyncClient a = HttpTestServer.client(transport, server.base(), null, follow);
        McpSyncClient b =
            transport.equals("sse") ? server.sseClient(null) : server.streamableClient(null);
        try {
          List<String> before = names(b);
          assertFalse(before.contains("list_banned"));
          McpSchema.CallToolResult on =
              a.callTool(
                  new McpSchema.CallToolRequest("enable_toolset", Map.of("toolset", "bans")));
          assertFalse(Boolean.TRUE.equals(on.isError()), TestServer.text(on));
          List<String> announced = changes.poll(30, TimeUnit.SECONDS);
          assertNotNull(announced, "session A was not told its tools changed");
          assertTrue(announced.contains("list_banned"), announced.toString());
          assertTrue(names(a).contains("list_banned"));
          assertEquals(before, names(b), "session B's tools changed");
          McpSchema.CallToolResult refused =
              b.callTool(new McpSchema.CallToolRequest("list_banned", Map.of()));
          assertTrue(
              Boolean.TRUE.equals(refused.isError())
                  && TestServer.text(refused).contains("TOOL_DISABLED"));
          McpSchema.CallToolResult allowed =
              a.callTool(new McpSchema.CallToolRequest("list_banned", Map.of()));
          assertFalse(Boolean.TRUE.equals(allowed.isError()), TestServer.text(allowed));
        } finally {
          a.closeGracefully();
          b.closeGracefully();
        }
      }
    }
  }

  @Test
  void sessionMemory_isBounded_forgettingTheLeastRecentlyUsed() {
    SessionToolsets sessions = new SessionToolsets(EnumSet.of(Toolset.CLIENTS), 3);
    for (int i = 0; i < 10; i++) {
      assertTrue(sessions.enable("s" + i, Toolset.MQTT));
    }
    assertEquals(3, sessions.sessions());
    assertEquals(EnumSet.of(Toolset.CLIENTS), sessions.of("s0"));
    assertEquals(EnumSet.of(Toolset.CLIENTS, Toolset.MQTT), sessions.of("s9"));
    assertFalse(sessions.enable("s9", Toolset.MQTT));
    assertFalse(sessions.enable("s9", Toolset.CLIENTS), "configured: already on");
  }
}
