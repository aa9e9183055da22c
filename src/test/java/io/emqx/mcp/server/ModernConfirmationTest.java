package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.support.HttpTestServer;
import io.emqx.mcp.support.InProcessStdio;
import io.emqx.mcp.support.MockEmqxPerClass;
import io.emqx.mcp.support.Modern;
import io.emqx.mcp.support.ModernWire;
import io.emqx.mcp.support.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Confirmation by multi round-trip requests (MCP 2026-07-28), on stdio and HTTP: a destructive call
 * from a client that can show a form answers input_required with the preview and a requestState;
 * the retry with the user's yes and that untouched, unexpired state, for the same arguments, runs
 * once. Everything else is CONFIRMATION_REQUIRED and leaves the client connected. Seen through the
 * fake's state: a kicked client is gone.
 */
class ModernConfirmationTest extends MockEmqxPerClass {

  /** Where the confirmation states' clock stands, ahead of the real one. */
  final AtomicLong skewMillis = new AtomicLong();

  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plusMillis(skewMillis.get());
        }
      };
  AutoCloseable server;
  ModernWire wire;

  static Settings settings() {
    return TestServer.settings(emqx, Duration.ofSeconds(10))
        .withMcp(new Settings.Mcp(false, List.of("*"), List.of(), List.of(), null, true, 1000));
  }

  void open(String transport) throws Exception {
    emqx.reset();
    Settings settings = settings();
    if (transport.equals("stdio")) {
      InProcessStdio stdio = new InProcessStdio(settings, new Policy(settings), clock);
      server = stdio;
      wire = ModernWire.stdio(stdio.rpc);
    } else {
      HttpTestServer http =
          HttpTestServer.start(
              settings,
              HttpTestServer.httpSettings(HttpTestServer.TOKEN),
              new Policy(settings),
              clock);
      server = http;
      wire = ModernWire.http(http.base(), HttpTestServer.TOKEN);
    }
  }

  @AfterEach
  void close() throws Exception {
    server.close();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(Map<String, Object> response) {
    assertNotNull(response.get("result"), () -> "no result: " + response);
    return (Map<String, Object>) response.get("result");
  }

  Map<String, Object> kick(
      String clientid, Map<String, Object> capabilities, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> params =
        new java.util.LinkedHashMap<>(
            Modern.with(
                Map.of("name", "kick_mqtt_client", "arguments", Map.of("clientid", clientid)),
                Modern.meta(capabilities)));
    params.putAll(extra);
    return result(wire.request("tools/call", params));
  }

  /** The first round: input_required, asking for the user's yes. */
  @SuppressWarnings("unchecked")
  String asked(String clientid) throws Exception {
    Map<String, Object> first = kick(clientid, Modern.ELICITING, Map.of());
    assertEquals("input_required", first.get("resultType"), first::toString);
    Map<String, Object> confirm =
        (Map<String, Object>) ((Map<String, Object>) first.get("inputRequests")).get("confirm");
    assertEquals("elicitation/create", confirm.get("method"), first::toString);
    String message = (String) ((Map<String, Object>) confirm.get("params")).get("message");
    assertTrue(message.contains(clientid), message);
    assertFalse(first.containsKey("ttlMs"), "an interim result carries no cache hints");
    return (String) first.get("requestState");
  }

  static Map<String, Object> answer(String state, String action, boolean confirm) {
    Map<String, Object> response =
        action.equals("accept")
            ? Map.of("action", "accept", "content", Map.of("confirm", confirm))
            : Map.of("action", action);
    return Map.of("requestState", state, "inputResponses", Map.of("confirm", response));
  }

  @SuppressWarnings("unchecked")
  static String errorCode(Map<String, Object> result) {
    assertEquals(true, result.get("isError"), result::toString);
    String text =
        (String) ((Map<String, Object>) ((List<Object>) result.get("content")).get(0)).get("text");
    return (String) ((Map<String, Object>) TestServer.parse(text).get("error")).get("code");
  }

  boolean connected(String clientid) throws Exception {
    Map<String, Object> r =
        result(wire.request("tools/call", Modern.call("get_client", Map.of("clientid", clientid))));
    return !Boolean.TRUE.equals(r.get("isError"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void accepted_runsOnce_andTheStateCannotBeReplayed(String transport) throws Exception {
    open(transport);
    assertTrue(connected("sensor-42"));
    String state = asked("sensor-42");
    assertTrue(connected("sensor-42"), "asking changes nothing");
    Map<String, Object> done = kick("sensor-42", Modern.ELICITING, answer(state, "accept", true));
    assertFalse(Boolean.TRUE.equals(done.get("isError")), done::toString);
    assertFalse(connected("sensor-42"));
    emqx.reset(); // the client is back: a replay would kick it again
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(kick("sensor-42", Modern.ELICITING, answer(state, "accept", true))));
    assertTrue(connected("sensor-42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void declinedOrNotConfirmed_changesNothing(String transport) throws Exception {
    open(transport);
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(
            kick("sensor-42", Modern.ELICITING, answer(asked("sensor-42"), "decline", false))));
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(
            kick("sensor-42", Modern.ELICITING, answer(asked("sensor-42"), "accept", false))));
    assertTrue(connected("sensor-42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  void tampered_stale_orForOtherArguments_isRefused(String transport) throws Exception {
    open(transport);
    String state = asked("sensor-42");
    int middle = state.length() / 3;
    String tampered =
        state.substring(0, middle)
            + (state.charAt(middle) == 'A' ? 'B' : 'A')
            + state.substring(middle + 1);
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(kick("sensor-42", Modern.ELICITING, answer(tampered, "accept", true))));
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(kick("sensor-17", Modern.ELICITING, answer(asked("sensor-42"), "accept", true))),
        "a state is bound to its arguments");
    String stale = asked("sensor-42");
    skewMillis.set(Duration.ofMinutes(3).toMillis());
    assertEquals(
        "CONFIRMATION_REQUIRED",
        errorCode(kick("sensor-42", Modern.ELICITING, answer(stale, "accept", true))));
    assertTrue(connected("sensor-42"));
    assertTrue(connected("sensor-17"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stdio", "http"})
  @SuppressWarnings("unchecked")
  void clientWithoutElicitation_getsTheConfirmToken(String transport) throws Exception {
    open(transport);
    Map<String, Object> first = kick("sensor-42", Map.of(), Map.of());
    assertEquals("complete", first.get("resultType"));
    String text =
        (String) ((Map<String, Object>) ((List<Object>) first.get("content")).get(0)).get("text");
    Map<String, Object> error = (Map<String, Object>) TestServer.parse(text).get("error");
    assertEquals("CONFIRMATION_REQUIRED", error.get("code"));
    Map<String, Object> params =
        Modern.with(
            Map.of(
                "name",
                "kick_mqtt_client",
                "arguments",
                Map.of("clientid", "sensor-42", "confirm_token", error.get("confirm_token"))),
            Modern.meta(Map.of()));
    Map<String, Object> done = result(wire.request("tools/call", params));
    assertFalse(Boolean.TRUE.equals(done.get("isError")), done::toString);
    assertFalse(connected("sensor-42"));
  }
}
