package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ConfigFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcp.http.tokens} and {@code mcp.http.oauth} as a config file and the environment set them.
 */
class CallerSettingsTest {

  static final String T1 = "0123456789abcdef-viewer";
  static final String T2 = "0123456789abcdef-admin!";

  @TempDir Path dir;

  Settings load(String hocon, Map<String, String> env) throws Exception {
    File file = ConfigFiles.write(dir, hocon);
    return Settings.load(Map.of(), env, file);
  }

  String problem(String hocon) {
    Exception e = assertThrows(Exception.class, () -> load(hocon, Map.of()));
    return e.getMessage();
  }

  @Test
  void namedTokens_withRoles_andAuthTokenAsDefaultAdmin() throws Exception {
    // ${?VAR} substitutions resolve from the process environment (HOCON), which a test cannot set.
    Settings s =
        load(
            "mcp.http.tokens {\n"
                + "  grafana { token = \""
                + T1
                + "\", role = viewer }\n"
                + "  oncall  { token = \""
                + T2
                + "\", role = ADMIN }\n"
                + "}\n",
            Map.of("EMQX_MCP_AUTH_TOKEN", "0123456789abcdef-single"));
    CallerSettings callers = s.transport().http().callers();
    assertEquals(
        List.of("default", "grafana", "oncall"),
        callers.tokens().stream().map(CallerSettings.NamedToken::name).toList());
    assertEquals(
        List.of(Role.ADMIN, Role.VIEWER, Role.ADMIN),
        callers.tokens().stream().map(CallerSettings.NamedToken::role).toList());
    String shown = s.toString() + callers;
    for (String secret : List.of(T1, T2, "0123456789abcdef-single")) {
      assertFalse(shown.contains(secret), "a token shows in toString");
    }
  }

  @Test
  void anUnknownRole_isAProblem_withADidYouMean() {
    String message = problem("mcp.http.tokens { bot { token = \"" + T1 + "\", role = opertor } }");
    assertTrue(message.contains("mcp.http.tokens.bot.role"), message);
    assertTrue(message.contains("did you mean operator"), message);
    String mapping =
        problem(
            "mcp.http.oauth { issuer = \"https://idp.example.com\", role-mapping { ops = admn } }");
    assertTrue(mapping.contains("mcp.http.oauth.role-mapping.ops"), mapping);
    assertTrue(mapping.contains("did you mean admin"), mapping);
  }

  @Test
  void shortMissingOrSharedTokens_areProblems_thatNeverShowTheToken() {
    String shortOne =
        problem("mcp.http.tokens { bot { token = \"short-secret\", role = viewer } }");
    assertTrue(shortOne.contains("at least 16"), shortOne);
    assertFalse(shortOne.contains("short-secret"), shortOne);
    String unset =
        problem("mcp.http.tokens { bot { token = ${?UNSET_TOKEN_VAR}, role = viewer } }");
    assertTrue(unset.contains("mcp.http.tokens.bot.token"), unset);
    String shared =
        problem(
            "mcp.http.tokens { a { token = \""
                + T1
                + "\", role = viewer }, b { token = \""
                + T1
                + "\", role = admin } }");
    assertTrue(shared.contains("the same as the token named 'a'"), shared);
    assertFalse(shared.contains(T1), shared);
    String field =
        problem("mcp.http.tokens { a { token = \"" + T1 + "\", role = viewer, rol = admin } }");
    assertTrue(field.contains("mcp.http.tokens.a.rol"), field);
  }

  @Test
  void aNamedTokenAlone_allowsListeningBeyondLoopback() throws Exception {
    Settings s =
        load(
            "mcp { transport = http, http { host = \"0.0.0.0\", tokens { a { token = \""
                + T1
                + "\", role = viewer } } } }",
            Map.of());
    assertTrue(s.transport().http().callers().any());
  }

  @Test
  void oauth_isReadWithItsDefaults_andRefusesPlainHttpBeyondLoopback() throws Exception {
    CallerSettings.OAuth oauth =
        load(
                """
                mcp.http.oauth {
                  issuer = "https://idp.example.com/realms/ops"
                  audience = "emqx-mcp"
                  roles-claim = "realm_access.roles"
                  role-mapping { "mqtt-readers" = viewer, "mqtt.admins" = admin }
                }
                """,
                Map.of())
            .transport()
            .http()
            .callers()
            .oauth();
    assertTrue(oauth.enabled());
    assertNull(oauth.jwksUrl(), "discovered from the issuer");
    assertEquals(Duration.ofSeconds(60), oauth.clockSkew());
    assertEquals(Role.ADMIN, oauth.roleOf("mqtt.admins"));
    assertNull(oauth.roleOf("admin"), "with a mapping, only mapped values count");
    String plain = problem("mcp.http.oauth.issuer = \"http://idp.example.com\"");
    assertTrue(plain.contains("must be https"), plain);
    assertFalse(load("", Map.of()).transport().http().callers().oauth().enabled());
  }
}
