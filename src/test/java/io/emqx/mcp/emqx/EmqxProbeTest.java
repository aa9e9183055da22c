package io.emqx.mcp.emqx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Secret;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.support.Ports;
import io.emqx.mcp.support.WireMockEmqx;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What /healthz reports about EMQX comes from these probes of EMQX's /status. */
class EmqxProbeTest {

  static final String STATUS = "/api/v5/status?format=json";

  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  static EmqxProbe.Result probe(String apiUrl, String key) throws InterruptedException {
    EmqxClient client =
        new EmqxClient(
            new Settings.Emqx(
                Settings.normalizeApiUrl(apiUrl),
                key,
                new Secret(key.isEmpty() ? "" : "s3cret"),
                Duration.ofSeconds(2)),
            false);
    try (EmqxProbe probe = EmqxProbe.start(client, Duration.ofHours(1))) {
      for (int i = 0; i < 200 && probe.last().checkedAt() == null; i++) {
        Thread.sleep(10);
      }
      return probe.last();
    } finally {
      client.close();
    }
  }

  @Test
  void runningBroker_answered_withoutCredentialsSentOrNeeded() throws Exception {
    wm.stubFor(
        get(urlEqualTo(STATUS))
            .willReturn(
                okJson(
                    "{\"node_name\":\"emqx@n1\",\"rel_vsn\":\"v5.8.9\",\"broker_status\":\"started\",\"app_status\":\"running\"}")));
    EmqxProbe.Result r = probe(wm.baseUrl(), "");
    assertTrue(r.answered(), r.toString());
    assertEquals(200, r.httpStatus());
    assertEquals("started", r.brokerStatus());
    wm.verify(getRequestedFor(urlEqualTo(STATUS)).withHeader("Authorization", absent()));
  }

  @Test
  void stoppedBroker_answered503() throws Exception {
    wm.stubFor(
        get(urlEqualTo(STATUS))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("retry-after", "15")
                    .withHeader("content-type", "application/json")
                    .withBody(
                        "{\"node_name\":\"emqx@n1\",\"rel_vsn\":\"v5.8.9\",\"broker_status\":\"stopped\",\"app_status\":\"not_running\"}")));
    EmqxProbe.Result r = probe(wm.baseUrl(), "key");
    assertTrue(r.answered(), r.toString());
    assertEquals(503, r.httpStatus());
  }

  @Test
  void nothingListening_notAnswered_andSaysWhere() throws Exception {
    int port = Ports.refusing();
    EmqxProbe.Result r = probe("http://127.0.0.1:" + port, "key");
    assertFalse(r.answered(), r.toString());
    assertTrue(r.error().contains("127.0.0.1:" + port), r.error());
    assertFalse(r.toString().contains("s3cret"));
  }
}
