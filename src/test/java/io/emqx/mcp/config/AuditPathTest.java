package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the audit log goes: {@code ~} is {@code $HOME}; {@code --mock-emqx} has its own default
 * file.
 */
class AuditPathTest {

  @TempDir Path dir;

  @Test
  void tilde_isTheHomeVariable_notJavasUserHome() {
    Settings s = Settings.load(Map.of(), Map.of("HOME", "/srv/operator"), null);
    assertEquals(Path.of("/srv/operator/.emqx-mcp/audit.log"), s.mcp().auditLog());
    Settings set =
        Settings.load(
            Map.of(), Map.of("HOME", "/srv/operator", "EMQX_MCP_AUDIT_LOG", "~/a/b.log"), null);
    assertEquals(Path.of("/srv/operator/a/b.log"), set.mcp().auditLog());
    assertNull(Settings.load(Map.of(), Map.of("EMQX_MCP_AUDIT_LOG", "off"), null).mcp().auditLog());
  }

  @Test
  void withoutHome_tildeIsThePasswordDatabasesHome_asInAShell() {
    Settings s = Settings.load(Map.of(), Map.of(), null);
    assertEquals(
        Path.of(System.getProperty("user.home"), ".emqx-mcp", "audit.log"), s.mcp().auditLog());
  }

  @Test
  void mockEmqx_defaultsToItsOwnFile_butASetPathWins_fromAnyLayer() throws Exception {
    Map<String, String> home = Map.of("HOME", "/h");
    assertEquals(
        Path.of("/h/.emqx-mcp/audit-mock.log"),
        Settings.load(Map.of(), home, null, Settings.MOCK_DEFAULTS).mcp().auditLog());
    assertEquals(
        Path.of("/var/log/a.log"),
        Settings.load(
                Map.of(),
                Map.of("HOME", "/h", "EMQX_MCP_AUDIT_LOG", "/var/log/a.log"),
                null,
                Settings.MOCK_DEFAULTS)
            .mcp()
            .auditLog());
    assertEquals(
        Path.of("/flag.log"),
        Settings.load(Map.of("mcp.audit-log", "/flag.log"), home, null, Settings.MOCK_DEFAULTS)
            .mcp()
            .auditLog());
    File conf =
        Files.writeString(dir.resolve("c.conf"), "mcp { audit-log = \"/file.log\" }").toFile();
    assertEquals(
        Path.of("/file.log"),
        Settings.load(Map.of(), home, conf, Settings.MOCK_DEFAULTS).mcp().auditLog());
    // Even when the user names the default file itself, that is a choice and is kept.
    File same =
        Files.writeString(dir.resolve("d.conf"), "mcp { audit-log = \"~/.emqx-mcp/audit.log\" }")
            .toFile();
    assertEquals(
        Path.of("/h/.emqx-mcp/audit.log"),
        Settings.load(Map.of(), home, same, Settings.MOCK_DEFAULTS).mcp().auditLog());
  }
}
