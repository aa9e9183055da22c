package io.emqx.mcp.emqx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static io.emqx.mcp.support.WireMockEmqx.requested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.emqx.ClusterFacts.Edition;
import io.emqx.mcp.emqx.EmqxApiException.Kind;
import io.emqx.mcp.emqx.model.NodeInfo;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster's version and edition: read once, again after a reconnect, one read at a time. */
class ClusterFactsTest {

  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  private final List<EmqxClient> opened = new ArrayList<>();

  /** A client of the WireMock EMQX, closed after the test. */
  EmqxClient client(Duration timeout) {
    EmqxClient emqx =
        new EmqxClient(
            new Settings.Emqx(
                Settings.normalizeApiUrl(wm.baseUrl()), "key", new Secret("secret"), timeout),
            false);
    opened.add(emqx);
    return emqx;
  }

  /**
   * A client (with a 20 s timeout) of an EMQX whose {@code GET /nodes} answers {@code version} and
   * {@code edition} after {@code delayMillis}: time for callers to wait on the read in flight.
   */
  EmqxClient answeringAfter(int delayMillis, String version, String edition) {
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(okJson(nodes(version, edition)).withFixedDelay(delayMillis)));
    return client(Duration.ofSeconds(20));
  }

  @AfterEach
  void closeClients() {
    opened.forEach(EmqxClient::close);
  }

  /** A node as emqx_mgmt:node_info/0 writes it (apps/emqx_management/src/emqx_mgmt.erl, v5.8.9). */
  static String node(String name, String version, String edition) {
    return "{\"node\":\""
        + name
        + "\",\"node_status\":\"running\",\"role\":\"core\",\"version\":\""
        + version
        + "\",\"edition\":\""
        + edition
        + "\",\"uptime\":1000}";
  }

  static String nodes(String version, String edition) {
    return "[" + node("emqx@10.0.0.1", version, edition) + "]";
  }

  @Test
  void readsVersionAndEditionOnceFromNodes() {
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(
                okJson(
                    "["
                        + node("emqx@a", "5.8.9", "Opensource")
                        + ","
                        + node("emqx@b", "5.8.9", "Opensource")
                        + ",{\"node\":\"emqx@c\",\"node_status\":\"stopped\",\"role\":\"core\"}]")));
    EmqxClient emqx = client(Duration.ofSeconds(5));
    assertNull(emqx.knownFacts());
    ClusterFacts f = emqx.facts();
    assertEquals("5.8.9", f.version());
    assertEquals(new EmqxVersion(5, 8, 9), f.parsed());
    assertEquals(Edition.OPENSOURCE, f.edition());
    assertEquals(3, f.nodes());
    assertEquals(2, f.runningNodes());
    assertFalse(f.namespaces());
    assertSame(f, emqx.facts());
    assertSame(f, emqx.knownFacts());
    wm.verify(1, requested(Route.LIST_NODES));
  }

  @Test
  void readsAgainAfterAReconnectButNotAfterATimeout() {
    wm.stubFor(on(Route.LIST_NODES).willReturn(okJson(nodes("5.8.9", "Opensource"))));
    EmqxClient emqx = client(Duration.ofMillis(800));
    assertEquals("5.8.9", emqx.facts().version());
    // A slow EMQX has not gone away: no new read.
    wm.stubFor(on(Route.GET_CLIENT, "slow").willReturn(okJson("{}").withFixedDelay(3000)));
    assertEquals(
        Kind.TIMEOUT, assertThrows(EmqxApiException.class, () -> emqx.getClient("slow")).kind());
    emqx.facts();
    wm.verify(1, requested(Route.LIST_NODES));

    // EMQX goes away (the connection is reset) and comes back upgraded.
    wm.stubFor(
        on(Route.GET_CLIENT, "c1")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertEquals(
        Kind.UNREACHABLE, assertThrows(EmqxApiException.class, () -> emqx.getClient("c1")).kind());
    wm.stubFor(on(Route.LIST_NODES).willReturn(okJson(nodes("6.3.0", "Enterprise"))));
    // Still unreachable as far as the client knows: the old facts stand until an answer.
    wm.stubFor(on(Route.GET_CLIENT, "c1").willReturn(okJson("{\"clientid\":\"c1\"}")));
    emqx.getClient("c1");
    ClusterFacts after = emqx.facts();
    assertEquals("6.3.0", after.version());
    assertEquals(Edition.ENTERPRISE, after.edition());
    assertTrue(after.namespaces());
    emqx.facts();
    wm.verify(2, requested(Route.LIST_NODES));
  }

  @Test
  void aFailedReadIsNotKept() {
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(json(500, "{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}")));
    EmqxClient emqx = client(Duration.ofSeconds(5));
    EmqxApiException e = assertThrows(EmqxApiException.class, emqx::facts);
    assertEquals(500, e.httpStatus());
    assertNull(emqx.knownFacts());
    // An answer without a version is a failure too, and not kept either.
    wm.stubFor(
        on(Route.LIST_NODES)
            .willReturn(okJson("[{\"node\":\"emqx@a\",\"node_status\":\"running\"}]")));
    assertEquals(Kind.BAD_RESPONSE, assertThrows(EmqxApiException.class, emqx::facts).kind());
    wm.stubFor(on(Route.LIST_NODES).willReturn(okJson(nodes("5.8.9", "Opensource"))));
    assertEquals("5.8.9", emqx.facts().version());
    wm.verify(3, requested(Route.LIST_NODES));
  }

  @Test
  void callersShareOneReadInFlight() throws Exception {
    EmqxClient emqx = answeringAfter(500, "5.8.9", "Opensource");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ClusterFacts>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return emqx.facts();
                }));
      }
      go.countDown();
      for (Future<ClusterFacts> c : calls) {
        assertEquals("5.8.9", c.get(60, TimeUnit.SECONDS).version());
      }
      wm.verify(1, requested(Route.LIST_NODES));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallerStopsWaitingAtItsDeadlineAndTheReadGoesOn() throws Exception {
    EmqxClient emqx = answeringAfter(1500, "6.1.0", "Enterprise");
    EmqxApiException e =
        assertThrows(EmqxApiException.class, () -> emqx.facts(Duration.ofMillis(50)));
    assertEquals(Kind.TIMEOUT, e.kind());
    // The read was not abandoned: a patient caller gets its result without a second request.
    assertEquals("6.1.0", emqx.facts(Duration.ofSeconds(30)).version());
    wm.verify(1, requested(Route.LIST_NODES));
  }

  @Test
  void anInterruptedCallerStopsWaitingWithoutBreakingTheRead() throws Exception {
    EmqxClient emqx = answeringAfter(1000, "5.8.9", "Opensource");
    Thread.currentThread().interrupt();
    EmqxApiException e = assertThrows(EmqxApiException.class, emqx::facts);
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertEquals(Kind.TIMEOUT, e.kind());
    assertEquals("5.8.9", emqx.facts(Duration.ofSeconds(30)).version());
    wm.verify(1, requested(Route.LIST_NODES));
  }

  /**
   * A read that is over before its caller starts waiting (an EMQX that refuses at once): every
   * caller gets the read's own failure, never a missing detection. The cache once handed such a
   * caller the field a finished read had already cleared (a NullPointerException, INTERNAL_ERROR).
   */
  @Test
  void aReadThatEndsAtOnce_failsItsCallersWithItsOwnError() {
    FactsCache cache =
        new FactsCache(
            () -> {
              throw new EmqxApiException(
                  EmqxApiException.Kind.UNREACHABLE,
                  Route.LIST_NODES,
                  0,
                  null,
                  null,
                  "connection refused",
                  null);
            },
            () -> 0);
    for (int i = 0; i < 2_000; i++) {
      EmqxApiException e =
          assertThrows(EmqxApiException.class, () -> cache.get(Duration.ofSeconds(30)));
      assertEquals(EmqxApiException.Kind.UNREACHABLE, e.kind(), e.getMessage());
    }
  }

  @Test
  void aRollingUpgradeCountsItsLowestVersionAndEnterpriseOnlyWhenAllAre() {
    ClusterFacts f =
        ClusterFacts.of(
            List.of(
                running("a", "6.1.0", "Enterprise"),
                running("b", "5.8.11", "Enterprise"),
                running("c", "5.10.0", "Opensource")));
    assertEquals("5.8.11", f.version());
    assertEquals(Edition.OPENSOURCE, f.edition());
    assertEquals(3, f.runningNodes());
  }

  @Test
  void versionsParseAsEmqxWritesThem() {
    assertEquals(new EmqxVersion(6, 3, 0), EmqxVersion.parse("6.3.0-beta.2"));
    assertEquals(new EmqxVersion(5, 8, 11), EmqxVersion.parse("e5.8.11"));
    assertEquals(new EmqxVersion(5, 6, 0), EmqxVersion.parse("5.6"));
    assertEquals("5.6", EmqxVersion.parse("5.6.0").toString());
    assertTrue(EmqxVersion.parse("5.10").atLeast(EmqxVersion.parse("5.9.3")));
    for (String bad : new String[] {"", "5", "five.eight", "5.x", "-5.8"}) {
      assertThrows(IllegalArgumentException.class, () -> EmqxVersion.parse(bad), bad);
    }
  }

  @Property
  void orderFollowsTheNumbers(
      @ForAll @IntRange(max = 99) int a,
      @ForAll @IntRange(max = 99) int b,
      @ForAll @IntRange(max = 99) int c,
      @ForAll @IntRange(max = 99) int d) {
    EmqxVersion x = new EmqxVersion(a, b, c);
    EmqxVersion y = new EmqxVersion(a, b, d);
    assertEquals(Integer.signum(Integer.compare(c, d)), Integer.signum(x.compareTo(y)));
    assertEquals(x, EmqxVersion.parse(x.toString()));
    assertEquals(x, EmqxVersion.parse(x + "-rc.1"));
  }

  private static NodeInfo running(String name, String version, String edition) {
    return new NodeInfo(
        name, "running", "core", version, edition, 1L, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }
}
