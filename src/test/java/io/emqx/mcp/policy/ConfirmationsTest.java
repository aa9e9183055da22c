package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Confirmation tokens on their own: bound to owner, tool and arguments; single use; bounded. */
class ConfirmationsTest {

  final AtomicLong now = new AtomicLong();
  final Confirmations confirmations = new Confirmations(now::get);
  final Confirmations.Owner a = new Confirmations.Owner("session-a", null);
  final Confirmations.Owner b = new Confirmations.Owner("session-b", null);
  final Map<String, Object> args = Map.of("clientid", "sensor-1");

  @Test
  void aToken_redeemsOnce_forItsOwnerToolAndArguments() {
    String token = confirmations.issue(a, "kick_mqtt_client", args);
    assertNotNull(token);
    assertTrue(confirmations.redeem(a, token, "kick_mqtt_client", args));
    assertFalse(confirmations.redeem(a, token, "kick_mqtt_client", args), "single use");
  }

  @Test
  void otherArgumentsOrTool_fail_andStillUseTheTokenUp() {
    String token = confirmations.issue(a, "kick_mqtt_client", args);
    assertFalse(confirmations.redeem(a, token, "kick_mqtt_client", Map.of("clientid", "sensor-2")));
    assertFalse(
        confirmations.redeem(a, token, "kick_mqtt_client", args), "a token cannot be tried twice");
    String other = confirmations.issue(a, "kick_mqtt_client", args);
    assertFalse(confirmations.redeem(a, other, "ban_client", args));
  }

  @Test
  void anotherOwner_neitherRedeemsNorConsumes() {
    String token = confirmations.issue(a, "kick_mqtt_client", args);
    assertFalse(confirmations.redeem(b, token, "kick_mqtt_client", args));
    assertFalse(
        confirmations.redeem(
            new Confirmations.Owner("session-a", "someone"), token, "kick_mqtt_client", args),
        "the same session under another identity is another owner");
    assertTrue(
        confirmations.redeem(a, token, "kick_mqtt_client", args), "still there for its owner");
  }

  @Test
  void expiresAfterTheTtl() {
    String token = confirmations.issue(a, "kick_mqtt_client", args);
    now.addAndGet(Confirmations.TTL.toNanos());
    assertFalse(confirmations.redeem(a, token, "kick_mqtt_client", args));
    String fresh = confirmations.issue(a, "kick_mqtt_client", args);
    now.addAndGet(Confirmations.TTL.toNanos() - 1);
    assertTrue(confirmations.redeem(a, fresh, "kick_mqtt_client", args));
  }

  @Test
  void perOwner_theOldestGoesFirst() {
    String first = confirmations.issue(a, "kick_mqtt_client", args);
    for (int i = 1; i < Confirmations.PER_OWNER; i++) {
      confirmations.issue(a, "kick_mqtt_client", args);
    }
    String last = confirmations.issue(a, "kick_mqtt_client", args);
    assertEquals(Confirmations.PER_OWNER, confirmations.pendingOf(a));
    assertFalse(confirmations.redeem(a, first, "kick_mqtt_client", args), "evicted by the newest");
    assertTrue(confirmations.redeem(a, last, "kick_mqtt_client", args));
  }

  @Test
  void allOwnersFull_refusesTheNewcomer_withoutEvictingAnyone() {
    String kept = confirmations.issue(a, "kick_mqtt_client", args);
    int owners = (Confirmations.MAX_PENDING - 1) / Confirmations.PER_OWNER + 1;
    for (int o = 0; o < owners; o++) {
      Confirmations.Owner owner = new Confirmations.Owner("filler-" + o, null);
      for (int i = 0; i < Confirmations.PER_OWNER; i++) {
        confirmations.issue(owner, "kick_mqtt_client", args);
      }
    }
    assertNull(confirmations.issue(b, "kick_mqtt_client", args), "no room: refused, not evicting");
    assertEquals(0, confirmations.pendingOf(b));
    assertTrue(
        confirmations.redeem(a, kept, "kick_mqtt_client", args), "a pending confirmation survives");
  }

  @Test
  void tokens_areUnguessablyDistinct() {
    String one = confirmations.issue(a, "kick_mqtt_client", args);
    String two = confirmations.issue(a, "kick_mqtt_client", args);
    assertNotEquals(one, two);
    assertTrue(one.matches("[A-Za-z0-9_-]{24}"), one);
  }

  @Test
  void hash_ignoresKeyOrderAndTheTokenItself_butNotValues() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("topic", "t/1");
    ordered.put("clientid", "c1");
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("clientid", "c1");
    reversed.put("topic", "t/1");
    reversed.put(Policy.CONFIRM_TOKEN, "whatever");
    assertEquals(Confirmations.hash(ordered), Confirmations.hash(reversed));
    assertNotEquals(
        Confirmations.hash(ordered), Confirmations.hash(Map.of("topic", "t/1", "clientid", "c2")));
    assertNotEquals(Confirmations.hash(Map.of("qos", 1)), Confirmations.hash(Map.of("qos", "1")));
  }

  @Test
  void oneCaller_overManySessions_holdsAtMostPerCaller_andNeverTakesAnothersPlace() {
    for (int i = 0; i < Confirmations.PER_CALLER; i++) {
      assertNotNull(
          confirmations.issue(
              new Confirmations.Owner("s-" + i, "token:bot"), "kick_mqtt_client", args));
    }
    assertNull(
        confirmations.issue(
            new Confirmations.Owner("s-new", "token:bot"), "kick_mqtt_client", args),
        "a caller's own limit refuses, rather than evicting a pending confirmation");
    String theirs =
        confirmations.issue(
            new Confirmations.Owner("s-0", "token:oncall"), "kick_mqtt_client", args);
    assertNotNull(theirs, "another caller is not held back by the first one's previews");
    assertFalse(
        confirmations.redeem(
            new Confirmations.Owner("s-0", "token:bot"), theirs, "kick_mqtt_client", args),
        "a token issued to one caller is not redeemed by another, even in the same session");
    assertTrue(
        confirmations.redeem(
            new Confirmations.Owner("s-0", "token:oncall"), theirs, "kick_mqtt_client", args));
  }

  @Test
  void theTotalBound_andExpiry_holdWithManyCallers_andRedeemedTokensLeaveNoTrace() {
    int issued = 0;
    for (int i = 0; issued < Confirmations.MAX_PENDING; i++) {
      if (confirmations.issue(
              new Confirmations.Owner("s-" + i, "oauth:idp#user-" + (i % 997)),
              "kick_mqtt_client",
              Map.of("clientid", "c-" + i))
          != null) {
        issued++;
      }
    }
    assertEquals(Confirmations.MAX_PENDING, confirmations.total());
    assertNull(confirmations.issue(a, "kick_mqtt_client", args), "full: refused, nobody evicted");
    now.addAndGet(Confirmations.TTL.toNanos());
    String fresh = confirmations.issue(a, "kick_mqtt_client", args);
    assertNotNull(fresh, "every earlier token expired");
    assertEquals(1, confirmations.total());
    // Redeemed and evicted tokens: many more than the bound over time, the counts stay exact.
    for (int i = 0; i < 3 * Confirmations.MAX_PENDING; i++) {
      String t = confirmations.issue(b, "kick_mqtt_client", args);
      assertTrue(confirmations.redeem(b, t, "kick_mqtt_client", args));
    }
    assertEquals(1, confirmations.total());
    assertEquals(0, confirmations.pendingOf(b));
    assertTrue(confirmations.redeem(a, fresh, "kick_mqtt_client", args));
  }
}
