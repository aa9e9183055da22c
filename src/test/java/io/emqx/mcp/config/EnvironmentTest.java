package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unknown variables that look like ours are warned about; EMQX's own are left alone. */
class EnvironmentTest {

  static List<String> warnings(Map<String, String> env) {
    return Environment.warnings(env, Settings.ENV_KEYS.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"EMQX_MCP_READONLY", "EMQX_MCP_READ_ONY", "EMQX_API_SCRET", "EMQX_APIKEY",
      "EMQX_REQUEST_TIMOUT", "EMQX_MQTT_PASSWROD", "EMQX_API_TOKEN", "EMQX_MCP_WHATEVER", "EMQX_MCP_AUTHTOKEN"})
  void nearOrInOurFamily_isWarned(String name) {
    List<String> w = warnings(Map.of(name, "x"));
    assertEquals(1, w.size(), name);
    assertTrue(w.get(0).startsWith("environment variable " + name + " is not one this server reads; ignored"),
        w.get(0));
  }

  @Test
  void warning_namesTheNearestKnownVariable() {
    assertTrue(warnings(Map.of("EMQX_API_SCRET", "x")).get(0).endsWith("(did you mean EMQX_API_SECRET?)"));
    assertTrue(warnings(Map.of("EMQX_MCP_AUTHTOKEN", "x")).get(0).endsWith("(did you mean EMQX_MCP_AUTH_TOKEN?)"));
  }

  /**
   * Variables EMQX v5.8.9 itself reads (bin/emqx, deploy/docker/docker-entrypoint.sh, the Dockerfile,
   * and its config overrides, which join the path with "__"): a container running both must stay quiet.
   */
  @ParameterizedTest
  @ValueSource(strings = {"EMQX_NODE__NAME", "EMQX_NODE__COOKIE", "EMQX_HOST", "EMQX_NAME", "EMQX_NODE_NAME",
      "EMQX_NODE_COOKIE", "EMQX_LOG_DIR", "EMQX_ETC_DIR", "EMQX_DEFAULT_LOG_HANDLER", "EMQX_BOOT_CONFIGS",
      "EMQX_WAIT_FOR_START", "EMQX_WAIT_FOR_STOP", "EMQX_RELUP", "EMQX_REL_FORM", "EMQX_CLUSTER__DISCOVERY_STRATEGY",
      "EMQX_LISTENERS__TCP__DEFAULT__BIND", "EMQX_DASHBOARD__DEFAULT_PASSWORD", "EMQX_API_KEY__BOOTSTRAP_FILE",
      "EMQX_MQTT__MAX_PACKET_SIZE", "EMQX_RPC__PORT_DISCOVERY", "EMQX_SSL_DIST_OPTFILE", "EMQX_LICENSE__KEY",
      "EMQX_DESCRIPTION", "EMQX_CONSOLE_FLAVOR", "EMQX_DEFAULT_ERLANG_COOKIE"})
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

  /** Through Settings.load: the warning reaches the caller, the start goes on. */
  @Test
  void load_passesTheWarningOn_andStarts() {
    List<String> w = new ArrayList<>();
    Settings s = Settings.load(Map.of(), Map.of("EMQX_MCP_READONLY", "true", "EMQX_NODE__NAME", "emqx@h"), null,
        w::add);
    assertEquals(1, w.size(), w.toString());
    assertTrue(!s.mcp().readOnly());
  }
}
