package io.emqx.mcp.config;

import static io.emqx.mcp.support.Says.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ConfigFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clusters { … } and default-cluster: what loads, and what stops start-up with a clear message. */
class ClustersConfigTest {

  @TempDir Path dir;

  static final String TWO =
      """
      emqx.request-timeout = 7s
      mcp.protected-clients = ["plc-*"]
      clusters {
        prod { api-url = "https://prod.example:18083", api-key = p, api-secret = ps, read-only = true,
               protected-clients = [], mqtt { url = "ssl://prod.example:8883" } }
        staging { api-url = "http://staging.example:18083", api-key = s, api-secret = ss }
      }
      default-cluster = staging
      """;

  Settings load(String hocon) throws Exception {
    return Settings.load(Map.of(), Map.of(), ConfigFiles.write(dir, hocon));
  }

  String refused(String hocon) {
    return refused(hocon, Map.of());
  }

  String refused(String hocon, Map<String, String> env) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), env, ConfigFiles.write(dir, hocon)))
        .getMessage();
  }

  @Test
  void twoClusters_load_withOverridesAndSharedDefaults() throws Exception {
    Settings s = load(TWO);
    assertEquals(
        List.of("prod", "staging"), s.clusters().stream().map(Settings.Cluster::name).toList());
    assertEquals("staging", s.defaultCluster());
    Settings.Cluster prod = s.clusters().get(0);
    Settings.Cluster staging = s.clusters().get(1);
    assertEquals("https://prod.example:18083/api/v5", prod.emqx().apiUrl());
    assertEquals(
        Duration.ofSeconds(7), prod.emqx().requestTimeout(), "emqx.* is every block's default");
    assertTrue(s.readOnly(prod));
    assertEquals(false, s.readOnly(staging));
    assertEquals(List.of(), s.protectedClients(prod));
    assertEquals(List.of("plc-*"), s.protectedClients(staging), "the global list applies");
    assertEquals("ssl://prod.example:8883", prod.mqtt().url());
    assertEquals("staging.example", staging.mqtt().host(), "MQTT defaults to the API's host");
    // The top-level API is the default cluster's.
    assertEquals(staging.emqx().apiUrl(), s.emqx().apiUrl());
  }

  @Test
  void secrets_comeFromTheEnvironment_throughHoconSubstitution() throws Exception {
    // HOME is set wherever the tests run; a real config names its own variable.
    Settings s =
        load(
            """
            clusters.a { api-url = "http://a:18083", api-key = k, api-secret = ${?HOME} }
            clusters.b { api-url = "http://b:18083", api-key = k, api-secret = ${?NO_SUCH_VAR_7f3a} }
            default-cluster = a
            """);
    assertEquals(System.getenv("HOME"), s.clusters().get(0).emqx().apiSecret().reveal());
    assertTrue(s.clusters().get(1).emqx().apiSecret().isEmpty(), "unset: not configured");
  }

  @Test
  void anUnknownKeyInAClusterBlock_isRefused_withADidYouMean() {
    assertContainsAll(
        refused(TWO.replace("read-only = true", "readonly = true")),
        "clusters.prod.readonly",
        "did you mean read-only?");
    assertContainsAll(
        refused(TWO.replace("mqtt { url", "mqtt { urll")),
        "clusters.prod.mqtt.urll",
        "did you mean url?");
    assertContainsAll(
        refused(
            TWO.replace(
                "request-timeout = 7s", "request-timeout = 7s\nclusters.staging.api-urll = x")),
        "did you mean api-url?");
  }

  /** A cluster's tls block is read like emqx.tls, and its problems name the cluster's key. */
  @Test
  void aClustersTlsBlock_isItsOwn_andItsTyposNameTheCluster() throws Exception {
    Settings s =
        load(
            """
            clusters {
              prod { api-url = "https://prod.example:18083", tls { verify = false, server-name = emqx.internal } }
              lab { api-url = "http://lab.example:18083" }
            }
            default-cluster = lab
            """);
    Settings.Cluster lab = s.clusters().get(0); // in name order
    Settings.Cluster prod = s.clusters().get(1);
    assertEquals("emqx.internal", prod.emqx().tls().serverName());
    assertTrue(
        prod.emqx().tls().warning().contains("clusters.prod.tls"), prod.emqx().tls().warning());
    assertEquals(null, lab.emqx().tls().warning());

    assertContainsAll(
        refused(
            """
            clusters { prod { api-url = "https://prod.example:18083", tls { verfy = false } } }
            """),
        "clusters.prod.tls.verfy",
        "verify");
    assertContainsAll(
        refused(
            """
            clusters { prod { api-url = "http://prod.example:18083", tls { server-name = x } } }
            """),
        "clusters.prod.api-url");
  }

  @Test
  void aBadName_isRefused() {
    for (String bad : List.of("Prod", "-x", "a.b", "x".repeat(33), "\"a b\"")) {
      String m =
          refused(
              TWO.replace("staging {", bad + " {")
                  .replace("default-cluster = staging", "default-cluster = prod"));
      assertTrue(
          m.contains("not a valid cluster name") || m.contains("unknown key"), bad + ": " + m);
    }
  }

  @Test
  void defaultCluster_mustNameAConfiguredCluster() {
    assertContainsAll(
        refused(TWO.replace("default-cluster = staging", "default-cluster = stagin")),
        "default-cluster",
        "did you mean staging?");
    assertContainsAll(
        refused(TWO.replace("default-cluster = staging", "")), "default-cluster", "prod, staging");
    assertContainsAll(refused("default-cluster = prod"), "names no configured cluster");
  }

  @Test
  void bothStyles_areRefused_namingWhereTheSingleClusterKeyCameFrom() {
    String m = refused(TWO + "\nemqx.api-url = \"http://x:18083\"");
    assertTrue(m.contains("emqx.api-url") && m.contains("clusters"), m);
    m = refused(TWO, Map.of("EMQX_API_KEY", "k"));
    assertTrue(m.contains("EMQX_API_KEY") && m.contains("single-cluster"), m);
  }

  @Test
  void aClusterWithoutApiUrl_isRefused() {
    String m = refused("clusters.a { api-key = k }");
    assertTrue(m.contains("clusters.a.api-url"), m);
  }

  @Test
  void withoutClusters_theOneClusterIsNamedDefault() throws Exception {
    Settings s = load("emqx.api-url = \"http://x:18083\"");
    assertEquals(1, s.clusters().size());
    assertEquals("default", s.clusters().get(0).name());
    assertNull(s.clusters().get(0).readOnly());
  }
}
