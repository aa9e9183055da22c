package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Role;
import io.emqx.mcp.policy.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SessionsTest {

  final AtomicLong now = new AtomicLong();
  final List<String> closed = new ArrayList<>();

  Sessions sessions(int max, int perOwner) {
    return new Sessions(max, perOwner, Duration.ofMinutes(30), now::get);
  }

  String open(Sessions s, String owner, String id) {
    now.addAndGet(1_000);
    Sessions.Ticket t = s.reserve(owner, closed::add);
    assertNotNull(t, "no place for " + id);
    s.opened(t, id);
    return id;
  }

  @Test
  void perOwnerLimit_evictsThatOwnersIdlest_notAnotherOwners() {
    Sessions s = sessions(10, 2);
    open(s, "x", "x1");
    open(s, "y", "y1");
    open(s, "x", "x2");
    now.addAndGet(1_000);
    s.enter("x1");
    s.leave("x1"); // x1 is now more recent than x2
    open(s, "x", "x3");
    assertEquals(List.of("x2"), closed);
    assertEquals(2, s.size("x"));
    assertEquals(1, s.size("y"));
  }

  @Test
  void busySessions_areNeverEvicted_theNewOneIsRefused() {
    Sessions s = sessions(2, 2);
    open(s, "x", "a");
    open(s, "y", "b");
    s.enter("a");
    s.enter("b");
    assertNull(s.reserve("z", closed::add));
    assertTrue(closed.isEmpty());
    s.leave("b");
    assertNotNull(s.reserve("z", closed::add));
    assertEquals(List.of("b"), closed);
  }

  @Test
  void cancelledTicket_givesThePlaceBack() {
    Sessions s = sessions(1, 1);
    Sessions.Ticket t = s.reserve("x", closed::add);
    assertNull(s.reserve("x", closed::add), "the ticket holds the only place");
    s.cancel(t);
    assertNotNull(s.reserve("x", closed::add));
  }

  @Test
  void idlePastTheTimeout_isClosedOnTheNextReserve() {
    Sessions s = new Sessions(10, 10, Duration.ofSeconds(1), now::get);
    open(s, "x", "old");
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    open(s, "x", "new");
    assertEquals(List.of("old"), closed);
    assertFalse(s.enter("old"));
  }

  /**
   * A legacy SSE session admits its opener's messages only, acting as the opener with the lower of
   * the two roles, and is unknown once its stream ends.
   */
  @Test
  void sseSession_admitsItsOpenerOnly_withNoMoreThanEitherRole() {
    Sessions s = sessions(1, 1);
    Identity viewerDana = Identity.oauth("dana", "https://idp", Role.VIEWER);
    Identity adminDana = Identity.oauth("dana", "https://idp", Role.ADMIN);
    assertEquals(Sessions.Admission.UNKNOWN, s.streamMessage("s1", viewerDana).admission());
    s.streamOpened("s1", adminDana);
    s.streamOpened("s2", viewerDana);
    assertEquals(2, s.streams());
    assertEquals(0, s.size(), "SSE sessions are outside the streamable limits");

    Sessions.StreamMessage own = s.streamMessage("s1", adminDana);
    assertEquals(Sessions.Admission.ADMITTED, own.admission());
    assertEquals(adminDana, own.actsAs());
    assertEquals(Role.VIEWER, s.streamMessage("s1", viewerDana).actsAs().role());
    assertEquals(Role.VIEWER, s.streamMessage("s2", adminDana).actsAs().role());
    for (Identity other :
        List.of(
            Identity.oauth("erin", "https://idp", Role.ADMIN),
            Identity.oauth("dana", "https://other-idp", Role.ADMIN),
            Identity.token("dana", Role.ADMIN),
            Identity.ANONYMOUS)) {
      Sessions.StreamMessage m = s.streamMessage("s1", other);
      assertEquals(Sessions.Admission.FOREIGN, m.admission(), other.toString());
      assertNull(m.actsAs());
    }
    s.streamClosed("s1");
    assertEquals(Sessions.Admission.UNKNOWN, s.streamMessage("s1", adminDana).admission());
    assertEquals(1, s.streams());
  }

  /** Whatever the order of opens, requests and ends, the limits hold and counts stay consistent. */
  @Property(tries = 200)
  void limitsHold(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 5) Integer> ops,
      @ForAll @IntRange(min = 1, max = 6) int max,
      @ForAll @IntRange(min = 1, max = 6) int perOwner) {
    Sessions s = sessions(max, Math.min(max, perOwner));
    List<String> closed = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Set<String> busy = new HashSet<>();
    int n = 0;
    for (int op : ops) {
      now.addAndGet(10);
      String owner = "o" + (op % 3);
      if (op < 3) {
        Sessions.Ticket t = s.reserve(owner, closed::add);
        if (t != null) {
          s.opened(t, "s" + n);
          ids.add("s" + n++);
        }
      } else if (!ids.isEmpty()) {
        String id = ids.get((op * 7 + n) % ids.size());
        if (op == 3 && s.enter(id)) {
          busy.add(id);
        } else if (op == 4 && busy.remove(id)) {
          s.leave(id);
        } else if (op == 5) {
          s.closed(id);
          busy.remove(id);
        }
      }
      assertTrue(s.size() <= max);
      for (int o = 0; o < 3; o++) {
        assertTrue(s.size("o" + o) <= Math.min(max, perOwner));
      }
      for (String b : busy) {
        assertFalse(closed.contains(b), "evicted busy session " + b);
      }
    }
  }
}
