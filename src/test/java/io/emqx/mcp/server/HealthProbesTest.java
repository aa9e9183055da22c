package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.ConfigFiles;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.TestServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /healthz} over the real HTTP transport with several clusters: each cluster's last
 * probe, 200 while serving whichever clusters are down, no EMQX request per health request, and a
 * cluster that hangs holds up neither the endpoint nor the other clusters' probes.
 */
class HealthProbesTest {

  static MockEmqx prod;
  static MockEmqx staging;

  /** Accepts connections and never answers: an EMQX that hangs. */
  static ServerSocket hung;

  static final List<Socket> held = new ArrayList<>();

  @TempDir static Path dir;

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    prod = MockEmqx.start(MockEmqx.Options.defaults());
    staging = MockEmqx.start(MockEmqx.Options.defaults());
    hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!hung.isClosed()) {
                try {
                  Socket s = hung.accept();
                  synchronized (held) {
                    held.add(s);
                  }
                } catch (java.io.IOException e) {
                  return;
                }
              }
            },
            "hung-emqx");
    accept.setDaemon(true);
    accept.start();
  }

  @AfterAll
  static void stop() throws Exception {
    prod.close();
    staging.close();
    hung.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  static Settings settings(String hocon) throws Exception {
    return Settings.load(Map.of(), Map.of(), ConfigFiles.write(dir, hocon));
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  record Health(int status, Map<String, Object> body) {}

  static Health healthz(URI base) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/healthz"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Health(r.statusCode(), TestServer.parse(r.body()));
  }

  /** Asks /healthz until {@code done} holds (each answer must be a 200), up to 60 s. */
  static Health awaitHealth(URI base, Predicate<Map<String, Object>> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Health h;
    do {
      h = healthz(base);
      assertEquals(200, h.status(), h.body()::toString);
      if (done.test(h.body())) {
        return h;
      }
      Thread.sleep(50); // polling a background probe: nothing to wait on from here
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/healthz never got there: " + h.body());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> clusters(Map<String, Object> body) {
    return (Map<String, Map<String, Object>>) body.get("clusters");
  }

  static boolean checked(Map<String, Object> body, String cluster) {
    Map<String, Map<String, Object>> each = clusters(body);
    return each != null && each.get(cluster).get("checked_at") != null;
  }

  @Test
  void everyClusterIsReported_200WhileSomeAreDown_andAHungOneHoldsUpNothing() throws Exception {
    String hocon =
        ClustersTest.twoClustersOf(prod, staging, dir)
            + """
            clusters.down { api-url = "http://127.0.0.1:%d", api-key = k, api-secret = s }
            clusters.hung { api-url = "http://127.0.0.1:%d", api-key = k, api-secret = s, request-timeout = 120s }
            """
                .formatted(freePort(), hung.getLocalPort());
    try (HttpTestServer server =
        HttpTestServer.withHealth(
            settings(hocon), HttpTestServer.httpSettings(null), Duration.ofHours(1))) {
      // The hung cluster's probe waits out its 120 s timeout; the others are reported meanwhile.
      Health h =
          awaitHealth(
              server.base(),
              b -> checked(b, "prod") && checked(b, "staging") && checked(b, "down"));
      Map<String, Object> body = h.body();
      assertEquals("ok", body.get("status"), "the server itself serves");
      assertEquals("degraded", body.get("clusters_status"));
      assertEquals("staging", body.get("default_cluster"));
      Map<String, Map<String, Object>> each = clusters(body);
      assertEquals(List.of("down", "hung", "prod", "staging"), List.copyOf(each.keySet()));
      assertEquals(true, each.get("prod").get("answered"));
      assertEquals("started", each.get("staging").get("broker_status"));
      assertEquals(false, each.get("down").get("answered"));
      assertNotNull(each.get("down").get("error"));
      assertFalse(body.toString().contains(MockEmqx.API_SECRET));
      assertNull(each.get("hung").get("checked_at"), "still waiting for EMQX: " + each);
      assertEquals(false, each.get("hung").get("answered"));
      // emqx is the default cluster's, as with one cluster.
      assertEquals(each.get("staging"), body.get("emqx"));

      // Health requests only read the probes' results: none reaches EMQX.
      long before = prod.requestCount() + staging.requestCount();
      for (int i = 0; i < 20; i++) {
        assertEquals(200, healthz(server.base()).status());
      }
      assertEquals(before, prod.requestCount() + staging.requestCount());
    }
  }

  @Test
  void theDefaultClusterDown_isStill200_andSaysSo() throws Exception {
    String hocon =
        """
        clusters {
          gone { api-url = "http://127.0.0.1:%d", api-key = k, api-secret = s }
          prod { api-url = "%s", api-key = k, api-secret = s }
        }
        default-cluster = gone
        mcp.audit-log = off
        """
            .formatted(freePort(), prod.apiUrl());
    try (HttpTestServer server =
        HttpTestServer.withHealth(
            settings(hocon), HttpTestServer.httpSettings(null), Duration.ofHours(1))) {
      Map<String, Object> body =
          awaitHealth(server.base(), b -> checked(b, "gone") && checked(b, "prod")).body();
      assertEquals("ok", body.get("status"));
      assertEquals("degraded", body.get("clusters_status"));
      assertEquals(false, ((Map<?, ?>) body.get("emqx")).get("answered"));
    }
  }

  @Test
  void oneCluster_theBodyIsAsItWas() throws Exception {
    try (HttpTestServer server =
        HttpTestServer.withHealth(
            TestServer.settings(staging, Duration.ofSeconds(5)),
            HttpTestServer.httpSettings(null),
            Duration.ofHours(1))) {
      Map<String, Object> body =
          awaitHealth(server.base(), b -> ((Map<?, ?>) b.get("emqx")).get("checked_at") != null)
              .body();
      assertEquals(Set.of("status", "emqx"), body.keySet());
      assertEquals(true, ((Map<?, ?>) body.get("emqx")).get("answered"));
    }
  }
}
