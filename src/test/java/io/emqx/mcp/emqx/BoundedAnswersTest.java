package io.emqx.mcp.emqx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.HostileEmqx;
import io.emqx.mcp.support.HostileEmqx.Mode;
import io.emqx.mcp.support.Says;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.topic.TopicRules;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EMQX answers of any size, encoding and pace end each call with an answer: a body longer than
 * {@code emqx.max-response-size} (declared, chunked, or inflated from gzip) is cut off at the cap,
 * and {@code emqx.request-timeout} bounds the body too. Through the SDK client against the real
 * server, with an EMQX that serves what WireMock cannot (bodies it never finishes).
 */
class BoundedAnswersTest {

  static final int CAP = 256 * 1024;
  static HostileEmqx emqx;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    emqx = new HostileEmqx();
    // A generous timeout: on a loaded machine the capped answers must not turn into timeouts.
    server = TestServer.start(settings(Duration.ofSeconds(10)));
  }

  static Settings settings(Duration timeout) {
    return new Settings(
        new Settings.Emqx(
            emqx.apiUrl(), TestServer.KEY, new Secret(TestServer.SECRET), timeout, CAP),
        new Settings.Mcp(false),
        TopicRules.allowAll());
  }

  @AfterAll
  static void stop() {
    server.close();
    emqx.close();
  }

  @AfterEach
  void stillAnswers() {
    // Whatever the last answer did, the next call is served.
    assertEquals("healthy", server.ok("get_client", Map.of("clientid", "healthy")).get("clientid"));
  }

  private static Map<String, Object> listClientsError() {
    return server.error("list_clients", Map.of());
  }

  private static void assertCapped(Map<String, Object> error) {
    assertEquals("EMQX_UNAVAILABLE", error.get("code"), error.toString());
    Says.assertContainsAll(
        error.get("message").toString(),
        "256 KiB",
        "emqx.max-response-size",
        "EMQX_MAX_RESPONSE_SIZE");
    assertEquals(200, error.get("http_status"), error.toString());
  }

  @Test
  void aGibibyteChunked_isCutAtTheCap() {
    long before = emqx.bytesSent();
    assertCapped(listClientsError());
    // Socket buffers hold a few MB at most; the gigabyte was never pulled.
    assertTrue(emqx.bytesSent() - before < 64L << 20, "sent " + (emqx.bytesSent() - before));
  }

  @Test
  void aDeclaredHalfGigabyte_isRefusedUnread() {
    emqx.serve(Mode.DECLARED, 500L << 20);
    try {
      assertCapped(listClientsError());
    } finally {
      emqx.serve(Mode.CHUNKED, 1L << 30);
    }
  }

  @Test
  void aGzipBomb_countsInflatedBytes() {
    emqx.serve(Mode.GZIP_BOMB, 64L << 20);
    try {
      assertTrue(
          emqx.bombSize() < 256 * 1024, "bomb of " + emqx.bombSize()); // under the cap on the wire
      assertCapped(listClientsError());
    } finally {
      emqx.serve(Mode.CHUNKED, 1L << 30);
    }
  }

  @Test
  void aTricklingBody_isBoundedByTheRequestTimeout() throws Exception {
    emqx.serve(Mode.TRICKLE, 1L << 20).trickle(20);
    // A byte every 20 ms: each read succeeds, only the whole-exchange limit can end it.
    try (TestServer quick = TestServer.start(settings(Duration.ofSeconds(1)))) {
      Map<String, Object> error = quick.error("list_clients", Map.of());
      assertEquals("EMQX_TIMEOUT", error.get("code"), error.toString());
      assertTrue(
          error.get("message").toString().contains("did not finish its answer"), error.toString());
      assertTrue(
          error.get("message").toString().contains("emqx.request-timeout"), error.toString());
    } finally {
      emqx.serve(Mode.CHUNKED, 1L << 30);
    }
  }

  @Test
  void anEndlessErrorBody_isReadOnlyAsFarAsItsMessage() {
    emqx.serve(Mode.ENDLESS_ERROR, 0);
    try {
      Map<String, Object> error = listClientsError();
      assertEquals("EMQX_UNAVAILABLE", error.get("code"), error.toString());
      assertEquals(500, error.get("http_status"), error.toString());
      assertTrue(error.get("message").toString().length() < 2000, error.toString());
    } finally {
      emqx.serve(Mode.CHUNKED, 1L << 30);
    }
  }

  @Test
  void aChangeAnsweredWithAnEndlessBody_failsSayingTheChangeWasProbablyMade() {
    Map<String, Object> error = server.error("ban_client", Map.of("as", "clientid", "who", "c1"));
    assertCapped(error);
    assertTrue(
        error.get("message").toString().contains("the change was probably made"), error.toString());
  }

  @Test
  void aChangeWhoseAnswerIsNotNeeded_doesNotReadIt() {
    // A kick answers 204; whatever body comes with it is not read, so it cannot hurt.
    Map<String, Object> kicked = server.ok("kick_mqtt_client", Map.of("clientid", "c1"));
    assertEquals(true, kicked.get("disconnected"));
    assertFalse(kicked.toString().contains("sensor-000000"));
  }
}
