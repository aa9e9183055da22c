package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unknown variables that look like ours are warned about; EMQX's own are left alone. */
class EnvironmentTest {

  static List<String> warnings(Map<String, String> env) {
    return Environment.warnings(env, Settings.ENV_KEYS.keySet());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "EMQX_MCP_READONLY",
        "EMQX_MCP_READ_ONY",
        "EMQX_API_SCRET",
        "EMQX_APIKEY",
        "EMQX_REQUEST_TIMOUT",
        "EMQX_MQTT_PASSWROD",
        "EMQX_API_TOKEN",
        "EMQX_MCP_WHATEVER",
        "EMQX_MCP_AUTHTOKEN"
      })
  void nearOrInOurFamily_isWarned(String name) {
    List<String> w = warnings(Map.of(name, "x"));
    assertEquals(1, w.size(), name);
    assertTrue(
        w.get(0)
            .startsWith("environment variable " + name + " is not one this server reads; ignored"),
        w.get(0));
  }

  @Test
  void warning_namesTheNearestKnownVariable() {
    assertTrue(
        warnings(Map.of("EMQX_API_SCRET", "x")).get(0).endsWith("(did you mean EMQX_API_SECRET?)"));
    assertTrue(
        warnings(Map.of("EMQX_MCP_AUTHTOKEN", "x"))
            .get(0)
            .endsWith("(did you mean EMQX_MCP_AUTH_TOKEN?)"));
  }

  /**
   * Variables EMQX v5.8.9 itself reads (bin/emqx, deploy/docker/docker-entrypoint.sh, the
   * Dockerfile, and its config overrides, which join the path with "__"): a container running both
   * must stay quiet.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "EMQX_NODE__NAME",
        "EMQX_NODE__COOKIE",
        "EMQX_HOST",
        "EMQX_NAME",
        "EMQX_NODE_NAME",
        "EMQX_NODE_COOKIE",
        "EMQX_LOG_DIR",
        "EMQX_ETC_DIR",
        "EMQX_DEFAULT_LOG_HANDLER",
        "EMQX_BOOT_CONFIGS",
        "EMQX_WAIT_FOR_START",
        "EMQX_WAIT_FOR_STOP",
        "EMQX_RELUP",
        "EMQX_REL_FORM",
        "EMQX_CLUSTER__DISCOVERY_STRATEGY",
        "EMQX_LISTENERS__TCP__DEFAULT__BIND",
        "EMQX_DASHBOARD__DEFAULT_PASSWORD",
        "EMQX_API_KEY__BOOTSTRAP_FILE",
        "EMQX_MQTT__MAX_PACKET_SIZE",
        "EMQX_RPC__PORT_DISCOVERY",
        "EMQX_SSL_DIST_OPTFILE",
        "EMQX_LICENSE__KEY",
        "EMQX_DESCRIPTION",
        "EMQX_CONSOLE_FLAVOR",
        "EMQX_DEFAULT_ERLANG_COOKIE"
      })
  void emqxOwnVariables_areNotWarned(String name) {
    assertEquals(List.of(), warnings(Map.of(name, "x")));
  }

  @Test
  void ourVariables_andTheLaunchers_andUnrelatedOnes_areNotWarned() {
    Map<String, String> env = new HashMap<>();
    Settings.ENV_KEYS.keySet().forEach(k -> env.put(k, "x"));
    Environment.LAUNCHER.forEach(k -> env.put(k, "x"));
    env.put("PATH", "/bin");
    env.put("EMQX", "x");
    assertEquals(List.of(), warnings(env));
  }

  /**
   * Any one-slip misspelling after the EMQX_ prefix of one of our variables is warned about, naming
   * it; except one that makes a "__" (EMQX's own config overrides look like that, so they are left
   * alone by rule).
   */
  @Property(tries = 300)
  void anyMisspelling_ofOurVariables_isWarned_namingIt(
      @ForAll("ours") String var,
      @ForAll("ops") int op,
      @ForAll("chars") char c,
      @ForAll("positions") int pick) {
    String tail = var.substring("EMQX_".length());
    int i = pick % tail.length();
    String mutated =
        "EMQX_"
            + switch (op) {
              case 0 -> tail.substring(0, i) + tail.substring(i + 1);
              case 1 -> tail.substring(0, i) + c + tail.substring(i);
              case 2 ->
                  i + 1 < tail.length()
                      ? tail.substring(0, i)
                          + tail.charAt(i + 1)
                          + tail.charAt(i)
                          + tail.substring(i + 2)
                      : tail + c;
              case 3 -> tail.substring(0, i) + c + tail.substring(i + 1);
              default -> tail.toLowerCase(java.util.Locale.ROOT);
            };
    Assume.that(
        !mutated.contains("__")
            && !mutated.equals("EMQX_")
            && !Settings.ENV_KEYS.containsKey(mutated)
            && !Environment.LAUNCHER.contains(mutated));
    List<String> w = warnings(Map.of(mutated, "x"));
    assertEquals(1, w.size(), mutated);
    String offered =
        w.get(0)
            .substring(
                w.get(0).indexOf("did you mean ") + "did you mean ".length(),
                w.get(0).length() - 2);
    assertTrue(List.of(offered.split(", | or ")).contains(var), var + " -> " + w.get(0));
  }

  @Provide
  Arbitrary<String> ours() {
    return Arbitraries.of(List.copyOf(Settings.ENV_KEYS.keySet()));
  }

  @Provide
  Arbitrary<Integer> ops() {
    return Arbitraries.integers().between(0, 4);
  }

  @Provide
  Arbitrary<Character> chars() {
    return Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".toCharArray());
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1000);
  }

  /** Through Settings.load: the warning reaches the caller, the start goes on. */
  @Test
  void load_passesTheWarningOn_andStarts() {
    List<String> w = new ArrayList<>();
    Settings s =
        Settings.load(
            Map.of(),
            Map.of("EMQX_MCP_READONLY", "true", "EMQX_NODE__NAME", "emqx@h"),
            null,
            w::add);
    assertEquals(1, w.size(), w.toString());
    assertTrue(!s.mcp().readOnly());
  }
}
