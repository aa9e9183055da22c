package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ConfigFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A typo in the configuration must stop the server, not quietly weaken it. */
class ConfigTyposTest {

  @TempDir Path dir;

  File conf(String hocon) throws Exception {
    return ConfigFiles.write(dir, hocon);
  }

  String refused(File file) {
    return assertThrows(
            IllegalArgumentException.class, () -> Settings.load(Map.of(), Map.of(), file))
        .getMessage();
  }

  String refusedEnv(Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> Settings.load(Map.of(), env, null))
        .getMessage();
  }

  /** The reproduction: all three were accepted and left destructive tools on. */
  @Test
  void underscoreSpellings_ofSafetyKeys_areRefused_eachNamingItsKeyFileAndLine() throws Exception {
    File file =
        conf(
            "mcp {\n  readonly = true\n  confirm_destructive = true\n  protected_clients = [\"plc-*\"]\n}\n");
    String m = refused(file);
    assertTrue(
        m.contains("unknown key mcp.readonly in " + file + ":2; did you mean mcp.read-only?"), m);
    assertTrue(
        m.contains(
            "unknown key mcp.confirm_destructive in "
                + file
                + ":3; did you mean "
                + "mcp.confirm-destructive?"),
        m);
    assertTrue(
        m.contains(
            "unknown key mcp.protected_clients in "
                + file
                + ":4; did you mean "
                + "mcp.protected-clients?"),
        m);
    assertEquals(3, m.lines().count(), m);
  }

  @Test
  void dottedForm_andCase_areCaughtToo() throws Exception {
    assertTrue(refused(conf("mcp.Read-Only = true")).contains("did you mean mcp.read-only?"));
    assertTrue(
        refused(conf("mcp.tools.disable = [\"kick_*\"]"))
            .contains("did you mean mcp.tools.disabled?"));
    // An unknown object: every value under it is reported with the key it most likely meant.
    assertRefusedSuggesting(
        "mcp { tool { disabled = [\"kick_*\"] } }", "mcp.tool.disabled", "mcp.tools.disabled");
  }

  @Test
  void rightNameInTheWrongSection_pointsToTheRightSection() throws Exception {
    assertRefusedSuggesting("mcp { api-key = k }", "mcp.api-key", "emqx.api-key");
    assertRefusedSuggesting("read-only = true", "read-only", "mcp.read-only");
  }

  @Test
  void misspeltSection_isRefused() throws Exception {
    assertRefusedSuggesting("mpc { read-only = true }", "mpc.read-only", "mcp.read-only");
  }

  /** A file with {@code content} is refused, naming the unknown key and the key it likely meant. */
  void assertRefusedSuggesting(String content, String unknown, String meant) throws Exception {
    String m = refused(conf(content));
    assertTrue(
        m.contains("unknown key " + unknown) && m.contains("did you mean " + meant + "?"), m);
  }

  @Test
  void farFromAnyKey_listsTheKeysOfItsSection() throws Exception {
    String m = refused(conf("mqtt { qos-level = 1 }"));
    assertTrue(
        m.contains("unknown key mqtt.qos-level")
            && m.contains("the keys under mqtt are mqtt.ca-file, mqtt.client-id-prefix"),
        m);
  }

  /** A top-level value that names nothing of ours may feed a substitution: reported, not fatal. */
  @Test
  void unrelatedTopLevelKey_isOnlyAWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    Settings s =
        Settings.load(
            Map.of(),
            Map.of(),
            conf(
                "broker-host = \"emqx.example\"\n"
                    + "emqx.api-url = \"http://\"${broker-host}\":18083\""),
            warnings::add);
    assertEquals("http://emqx.example:18083/api/v5", s.emqx().apiUrl());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).contains("broker-host") && warnings.get(0).contains("test.conf:1"),
        warnings.get(0));
  }

  @Test
  void topicEntry_withAMisspeltField_isRefused() throws Exception {
    String m = refused(conf("topics = [ { pattern = \"a/#\", permisions = [read] } ]"));
    assertTrue(
        m.contains("unknown key topics[0].permisions") && m.contains("did you mean permissions?"),
        m);
  }

  @Test
  void envReadonly_isAWarningWithTheNearestVariable() {
    List<String> warnings = new ArrayList<>();
    Settings s = Settings.load(Map.of(), Map.of("EMQX_MCP_READONLY", "true"), null, warnings::add);
    assertFalse(s.mcp().readOnly());
    assertEquals(
        List.of(
            "environment variable EMQX_MCP_READONLY is not one this server reads; ignored "
                + "(did you mean EMQX_MCP_READ_ONLY?)"),
        warnings);
  }

  /** EMQX_REQUEST_TIMEOUT=10 used to mean 10 ms. */
  @ParameterizedTest
  @ValueSource(strings = {"10", "10.5", " 0 ", "-3"})
  void bareNumberDuration_fromTheEnvironment_isRefused(String value) {
    String m = refusedEnv(Map.of("EMQX_REQUEST_TIMEOUT", value));
    assertEquals(
        "EMQX_REQUEST_TIMEOUT="
            + value
            + ": a bare number has no unit; add one, e.g. 10s (seconds), "
            + "500ms or 5m",
        m);
  }

  /** Every duration key, found from the defaults, refuses a bare number in a file. */
  @Test
  void bareNumberDuration_inAFile_isRefused_forEveryDurationKey() throws Exception {
    for (String key :
        List.of(
            "emqx.request-timeout", "mcp.http.session-idle-timeout", "mcp.http.drain-timeout")) {
      File file = conf(key + " = 30");
      String m = refused(file);
      assertTrue(m.startsWith(key + " = 30 in " + file + ":1: a bare number has no unit"), m);
    }
    assertEquals(
        Duration.ofSeconds(10),
        Settings.load(Map.of(), Map.of("EMQX_REQUEST_TIMEOUT", "10s"), null)
            .emqx()
            .requestTimeout());
  }

  @Test
  void wrongTypes_sayWhatIsExpected_withoutJavaTypes() throws Exception {
    File file =
        conf(
            "mcp.read-only = maybe\nmcp.mutations-per-minute = lots\nmcp.protected-clients = \"plc-*\"\n"
                + "emqx.api-url = [\"http://a\"]\nmcp.http = 8080");
    String m = refused(file);
    assertTrue(m.contains("mcp.read-only = maybe in " + file + ":1: expected true or false"), m);
    assertTrue(
        m.contains("mcp.mutations-per-minute = lots in " + file + ":2: expected a whole number"),
        m);
    assertTrue(m.contains("mcp.protected-clients = plc-* in " + file + ":3: expected a list"), m);
    assertTrue(
        m.contains("emqx.api-url = [\"http://a\"] in " + file + ":4: expected a single value"), m);
    assertTrue(m.contains("mcp.http = 8080 in " + file + ":5: expected an object"), m);
    assertFalse(m.contains("BOOLEAN") || m.contains("STRING") || m.contains("Exception"), m);
  }

  @Test
  void envBoolean_anyCase_isAccepted_nonsenseIsRefused() {
    assertTrue(
        Settings.load(Map.of(), Map.of("EMQX_MCP_READ_ONLY", "TRUE"), null).mcp().readOnly());
    assertEquals(
        "EMQX_MCP_READ_ONLY=maybe: expected true or false",
        refusedEnv(Map.of("EMQX_MCP_READ_ONLY", "maybe")));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "EMQX_API_URL  | http://admin:pa55word@emqx:18083",
        "EMQX_API_URL  | http://admin:pa55word@emqx:18083/api/v5?x=1",
        "EMQX_API_URL  | ftp://admin:pa55word@emqx",
        "EMQX_API_URL  | http://admin:pa55 word@emqx:18083",
        "EMQX_API_URL  | admin:pa55word@emqx:18083",
        "EMQX_API_URL  | http://admin:pa55/word@emqx:18083",
        // the MQTT URL: credentials, a query or a fragment
        "EMQX_MQTT_URL | tcp://u:pa55word@broker:1883",
        "EMQX_MQTT_URL | tcp://broker:1883?x=1",
        "EMQX_MQTT_URL | tcp://broker:1883#f",
        "EMQX_MQTT_URL | ssl://u:pa55word@broker"
      })
  void urlWithCredentials_isRefused_andTheirPasswordNeverShown(String variable, String url) {
    String m = refusedEnv(Map.of(variable, url));
    assertTrue(m.startsWith(variable + "="), m);
    assertFalse(m.contains("pa55"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://emqx:18083/api/v5?token=abc", "http://emqx:18083/api/v5#frag"})
  void apiUrlWithQueryOrFragment_isRefused(String url) {
    String m = refusedEnv(Map.of("EMQX_API_URL", url));
    assertTrue(m.contains("must not have a query"), m);
  }

  @Test
  void urlWithCredentials_inAFile_isRefused_withoutTheirPassword() throws Exception {
    File file = conf("emqx.api-url = \"http://admin:pa55word@emqx:18083\"");
    String m = refused(file);
    assertTrue(
        m.startsWith(
            "emqx.api-url = http://***@emqx:18083 in " + file + ":1: must not carry credentials"),
        m);
  }

  @Test
  void secretValues_areNeverShown_evenWhenRefused() throws Exception {
    String m = refusedEnv(Map.of("EMQX_MCP_AUTH_TOKEN", "short-s3cret"));
    assertTrue(m.startsWith("EMQX_MCP_AUTH_TOKEN: must be at least 16"), m);
    assertFalse(m.contains("short-s3cret"), m);
    String file = refused(conf("emqx.api-secret = [\"s3cret-in-a-list\"]"));
    assertTrue(file.contains("emqx.api-secret in ") && !file.contains("s3cret-in-a-list"), file);
  }

  @Test
  void userinfoRedaction_handlesLists_andValuesThatAreNotUrls() {
    assertEquals(
        "[\"http://***@a\",\"https://b\"]",
        Sources.withoutUserinfo("[\"http://u:p@a\",\"https://b\"]"));
    assertEquals("***@host:1", Sources.withoutUserinfo("user:pw@host:1"));
    assertEquals("http://***@h/x", Sources.withoutUserinfo("http://u:p/w@h/x"));
    assertEquals("http://h:1/api", Sources.withoutUserinfo("http://h:1/api"));
  }

  /** A key without its secret (or the other way) says which half is missing. */
  @Test
  void keyWithoutSecret_namesTheMissingHalf() {
    Settings.Emqx keyOnly = Settings.load(Map.of(), Map.of("EMQX_API_KEY", "ops-key"), null).emqx();
    assertFalse(keyOnly.hasCredentials());
    assertTrue(
        keyOnly.missingCredentials().startsWith("the API secret is missing: API key"),
        keyOnly.missingCredentials());
    assertTrue(keyOnly.missingCredentials().contains("'ops-key'"), keyOnly.missingCredentials());
    Settings.Emqx secretOnly =
        Settings.load(Map.of(), Map.of("EMQX_API_SECRET", "s3cret"), null).emqx();
    assertTrue(
        secretOnly.missingCredentials().startsWith("the API key is missing: an API secret is set"),
        secretOnly.missingCredentials());
    assertFalse(secretOnly.missingCredentials().contains("s3cret"));
    assertTrue(
        Settings.load(Map.of(), Map.of(), null)
            .emqx()
            .missingCredentials()
            .startsWith("no EMQX API key"));
    assertEquals(
        null,
        Settings.load(Map.of(), Map.of("EMQX_API_KEY", "k", "EMQX_API_SECRET", "s"), null)
            .emqx()
            .missingCredentials());
  }

  @Test
  void everyProblemIsReported_atOnce() throws Exception {
    String m = refused(conf("mcp.readonly = true\nemqx.request-timeout = 10\n"));
    assertEquals(2, m.lines().count(), m);
  }

  @Test
  void unresolvableSubstitution_isAnIllegalArgument_notACrash() throws Exception {
    String m = refused(conf("emqx.api-url = ${nowhere}"));
    assertTrue(m.contains("nowhere"), m);
  }
}
