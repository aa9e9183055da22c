package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest extends MockTestBase {
  @Test
  void http500_isInternalError() {
    emqx.faults().failAll(Fault.HTTP_500);
    var r = api.get("/clients");
    r.assertError(500, "INTERNAL_ERROR");
  }

  @Test
  void http503_isEmqxShaped() {
    emqx.faults().failAll(Fault.HTTP_503);
    var r = api.get("/clients/sensor-42");
    assertEquals(503, r.status());
    assertTrue(r.json().has("code") && r.json().has("message"));
  }

  @Test
  void malformedJson_is200NotJson() {
    emqx.faults().failAll(Fault.MALFORMED_JSON);
    var r = api.get("/clients");
    assertEquals(200, r.status());
    assertThrows(UncheckedIOException.class, r::json);
  }

  @Test
  void connectionReset_andEmptyResponse_failTheCall() {
    emqx.faults().failAll(Fault.CONNECTION_RESET);
    assertThrows(UncheckedIOException.class, () -> api.get("/clients"));
    emqx.faults().failAll(Fault.EMPTY_RESPONSE);
    assertThrows(UncheckedIOException.class, () -> api.get("/clients"));
  }

  @Test
  void latency_delaysEveryAnswer() {
    emqx.faults().latency(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertEquals(200, api.get("/clients").status());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 280, "took " + ms + " ms");
  }

  @Test
  void clearAndReset_restoreNormalAnswers() {
    emqx.faults().failAll(Fault.HTTP_500).latency(Duration.ofMillis(50));
    emqx.faults().clear();
    assertEquals(200, api.get("/clients").status());
    emqx.faults().failAll(Fault.HTTP_503);
    emqx.reset();
    assertEquals(200, api.get("/clients").status());
  }

  @Test
  void reset_restoresKickedClients() {
    assertEquals(204, api.delete("/clients/sensor-42").status());
    emqx.reset();
    assertEquals(200, api.get("/clients/sensor-42").status());
  }
}
