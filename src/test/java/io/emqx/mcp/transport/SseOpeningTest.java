package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * How the gate learns a legacy SSE session's id: from the stream's first event, however the SDK
 * cuts it into writes, before any of it reaches the client; and from nothing else.
 */
class SseOpeningTest {

  final StringWriter client = new StringWriter();
  final List<String> opened = new ArrayList<>();
  final List<String> seenWhenOpened = new ArrayList<>();

  SseOpening opening() {
    return opening(new PrintWriter(client));
  }

  SseOpening opening(PrintWriter out) {
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getWriter") ? out : null);
    return new SseOpening(
        response,
        id -> {
          opened.add(id);
          seenWhenOpened.add(client.toString());
        });
  }

  static String endpointEvent(String id) {
    return "event: endpoint\ndata: /message?sessionId=" + id + "\n\n";
  }

  /** Cut anywhere, the event yields its id once, before any of it is passed on, and unchanged. */
  @Property(tries = 200)
  void theEndpointEvent_givesItsId_beforeItLeaves(
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 80) Integer> cuts) throws IOException {
    client.getBuffer().setLength(0); // jqwik runs every try on one instance
    opened.clear();
    seenWhenOpened.clear();
    String id = UUID.randomUUID().toString();
    String event = endpointEvent(id);
    SseOpening opening = opening();
    PrintWriter w = opening.getWriter();
    int from = 0;
    for (int cut : cuts.stream().sorted().toList()) {
      int to = Math.min(cut, event.length());
      if (to > from) {
        w.write(event.substring(from, to));
        from = to;
      }
    }
    w.write(event.substring(from));
    w.write("event: message\ndata: {\"sessionId=other\"}\n\n");
    w.flush();
    assertEquals(List.of(id), opened);
    assertEquals(id, opening.sessionId());
    assertFalse(seenWhenOpened.get(0).contains(id + "\n"), "passed on before it was bound");
    assertEquals(
        event + "event: message\ndata: {\"sessionId=other\"}\n\n", client.toString(), "passed on");
  }

  @Test
  void theIdWithCharArraysAndMoreParameters_isCutAtTheParameter() throws IOException {
    SseOpening opening = opening();
    char[] event = "event: endpoint\ndata: /message?sessionId=abc&x=1\n\n".toCharArray();
    opening.getWriter().write(event, 0, event.length);
    assertEquals(List.of("abc"), opened);
  }

  @Test
  void aStreamThatStartsOtherwise_opensNothing_andIsPassedOn() throws IOException {
    for (String start :
        List.of(
            "event: message\ndata: /message?sessionId=abc\n\n",
            "data: /message?sessionId=abc\n\n",
            "event: endpoint\ndata: /message?sessionId=\n\n",
            "event: endpoint\ndata: /message\n\n",
            "event: endpoint\ndata: /message?xsessionId=abc\n\n",
            "x".repeat(SseOpening.SCAN_LIMIT) + endpointEvent("late"))) {
      StringWriter out = new StringWriter();
      SseOpening opening = opening(new PrintWriter(out));
      opening.getWriter().write(start);
      opening.getWriter().write(endpointEvent("later"));
      opening.getWriter().flush();
      assertEquals(List.of(), opened, start);
      assertNull(opening.sessionId());
      assertEquals(start + endpointEvent("later"), out.toString());
    }
  }

  /** The SDK checks its writer after each event: a client that left must show there. */
  @Test
  void aFailedWrite_isSeenByTheWritersCheck() throws IOException {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] c, int off, int len) throws IOException {
            throw new IOException("gone");
          }

          @Override
          public void flush() throws IOException {
            throw new IOException("gone");
          }

          @Override
          public void close() {}
        };
    PrintWriter w = opening(new PrintWriter(broken)).getWriter();
    w.write(endpointEvent("x"));
    w.flush();
    assertTrue(w.checkError());
  }
}
