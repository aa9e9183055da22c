package io.emqx.mcp.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.model.Listener;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The listener judge against EMQX's own merge rule, fed through the same JSON decoding as a real
 * answer: a listener's {@code running} is the nodes' common boolean, or "inconsistent" when they
 * differ (format_status/4 in emqx_mgmt_api_listeners.erl at v5.8.9).
 */
class ListenersTest {

  /** The body EMQX would send for one listener whose nodes run as given (node i is emqx@n{i}). */
  static String emqxListener(boolean enable, List<Boolean> running) {
    Object merged = running.stream().distinct().count() == 1 ? running.get(0) : "\"inconsistent\"";
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      nodes.add(
          "{\"node\":\"emqx@n"
              + i
              + "\",\"status\":{\"running\":"
              + running.get(i)
              + ",\"max_connections\":\"infinity\",\"current_connections\":0}}");
    }
    return "[{\"id\":\"tcp:default\",\"type\":\"tcp\",\"name\":\"default\",\"enable\":"
        + enable
        + ",\"bind\":\"0.0.0.0:1883\",\"acceptors\":16,\"number\":"
        + running.size()
        + ",\"status\":{\"running\":"
        + merged
        + ",\"max_connections\":\"infinity\",\"current_connections\":0},"
        + "\"node_status\":["
        + String.join(",", nodes)
        + "]}]";
  }

  static List<Listener> decode(String body) throws JsonProcessingException {
    return Json.MAPPER.readValue(
        body, new com.fasterxml.jackson.core.type.TypeReference<List<Listener>>() {});
  }

  @Property(tries = 300)
  void oneFindingPerEnabledListenerNotRunningEverywhere(
      @ForAll boolean enable, @ForAll @Size(min = 1, max = 5) List<Boolean> running)
      throws JsonProcessingException {
    List<Finding> findings = Listeners.judge(decode(emqxListener(enable, running)));
    List<String> down = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      if (!running.get(i)) {
        down.add("emqx@n" + i);
      }
    }
    if (!enable || down.isEmpty()) {
      assertEquals(List.of(), findings);
    } else if (down.size() == running.size()) {
      assertEquals(1, findings.size());
      assertEquals(Finding.Severity.CRITICAL, findings.get(0).severity());
    } else {
      assertEquals(1, findings.size());
      Finding f = findings.get(0);
      assertEquals(Finding.Severity.WARNING, f.severity());
      assertTrue(f.evidence().contains("not running on " + String.join(", ", down)), f.evidence());
    }
  }

  @Example
  void runningOtherThanEmqxsThreeValues_failsDecoding() {
    for (String running : List.of("\"yes\"", "1", "null", "{}")) {
      String body =
          emqxListener(true, List.of(true))
              .replaceFirst("\"running\":true", "\"running\":" + running);
      if (running.equals("null")) {
        // A null is "not given": nothing to judge, no crash.
        assertDoesNotCrash(body);
        continue;
      }
      assertThrows(JsonProcessingException.class, () -> decode(body), running);
    }
  }

  private static void assertDoesNotCrash(String body) {
    try {
      assertEquals(List.of(), Listeners.judge(decode(body)));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Example
  void runningWrittenBackAsEmqxWritesIt() throws JsonProcessingException {
    Listener l = decode(emqxListener(true, List.of(true, false))).get(0);
    assertEquals("\"inconsistent\"", Json.MAPPER.writeValueAsString(l.status().running()));
    assertEquals("false", Json.MAPPER.writeValueAsString(l.nodeStatus().get(1).status().running()));
  }
}
