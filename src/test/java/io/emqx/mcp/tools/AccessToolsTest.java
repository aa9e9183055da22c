package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ban tools through the MCP client against the fake; a ban holds for the rest of the run. */
class AccessToolsTest extends MockBacked {

  /**
   * Whos EMQX cannot parse: it crashes with a 500 on them (emqx_banned:parse_who/1 at v5.8.9), so
   * both ban_client and unban_client refuse them before sending.
   */
  static final List<Map<String, Object>> UNPARSABLE_WHO =
      List.of(
          Map.of("as", "peerhost", "who", "not-an-ip"),
          Map.of("as", "peerhost", "who", "10.0.0.256"),
          Map.of("as", "peerhost_net", "who", "10.0.0.0/33"),
          Map.of("as", "peerhost_net", "who", "ten/8"),
          Map.of("as", "clientid_re", "who", "sensor-("),
          Map.of("as", "username_re", "who", "[a-"));

  @Test
  void listBanned_unfilteredPageStillHasHasnext_andMarksExpiry() {
    Map<String, Object> page = ok("list_banned", Map.of());
    assertEquals(
        Map.of("page", 1, "limit", 25, "hasnext", false, "count", 2),
        meta(page),
        "EMQX leaves hasnext out of an unfiltered banned page; it is filled in from count");
    assertEquals(List.of(false, false), column(page, "expired"));
    assertEquals(List.of("rogue-device-13", "203.0.113.77"), column(page, "who"));
  }

  @Test
  void banClient_byClientid_isListed_disconnectsIt_andUnbanLiftsIt() {
    Map<String, Object> ban =
        ok(
            "ban_client",
            Map.of(
                "as",
                "clientid",
                "who",
                "kiosk-lobby",
                "reason",
                "vandalised",
                "duration_seconds",
                3600));
    assertEquals("emqx-mcp-server", ban.get("by"));
    assertEquals("vandalised", ban.get("reason"));
    Instant until = OffsetDateTime.parse(ban.get("until").toString()).toInstant();
    assertTrue(
        until.isAfter(Instant.now().plusSeconds(3500))
            && until.isBefore(Instant.now().plusSeconds(3700)));
    assertTrue(column(ok("list_banned", Map.of()), "who").contains("kiosk-lobby"));
    assertEquals(
        "CLIENT_NOT_FOUND",
        error("get_client", Map.of("clientid", "kiosk-lobby")).get("code"),
        "a clientid ban kicks the session");

    assertEquals(
        true, ok("unban_client", Map.of("as", "clientid", "who", "kiosk-lobby")).get("unbanned"));
    assertEquals(2, meta(ok("list_banned", Map.of())).get("count"));
    assertEquals(
        "NOT_FOUND",
        error("unban_client", Map.of("as", "clientid", "who", "kiosk-lobby")).get("code"));
  }

  @Test
  void banClient_permanentByDefault_andDuplicateIsRejectedWithEmqxsCode() {
    assertEquals("infinity", ok("ban_client", Map.of("as", "username", "who", "qa")).get("until"));
    Map<String, Object> e = error("ban_client", Map.of("as", "username", "who", "qa"));
    assertEquals("EMQX_REJECTED", e.get("code"));
    assertEquals("ALREADY_EXISTS", e.get("emqx_code"));
    assertTrue(e.get("message").toString().contains("unban_client"), e.toString());
  }

  @Test
  void banClient_rangeWithSlash_isOneSegmentWhenUnbanned() {
    ok(
        "ban_client",
        Map.of("as", "peerhost_net", "who", "10.99.0.0/16", "until", "2099-01-01T00:00:00Z"));
    assertEquals(
        true,
        ok("unban_client", Map.of("as", "peerhost_net", "who", "10.99.0.0/16")).get("unbanned"));
  }

  @Test
  void unbanClient_unparsableWho_isRefusedBeforeSending() {
    // EMQX crashes with a 500 on these (emqx_banned:parse_who/1 at v5.8.9), and so does the fake.
    long before = emqx.requestCount();
    for (Map<String, Object> args : UNPARSABLE_WHO) {
      Map<String, Object> e = error("unban_client", args);
      assertEquals("INVALID_ARGUMENT", e.get("code"), args.toString());
      assertTrue(e.get("message").toString().contains("'who'"), e.toString());
    }
    assertEquals(before, emqx.requestCount(), "nothing was sent to EMQX");
  }

  @Test
  void unbanClient_arbitraryWho_isEitherRefusedOrAnsweredNeverACrash() {
    // Whatever the caller sends, EMQX must never see a who it cannot parse: the answer is our
    // INVALID_ARGUMENT or EMQX's NOT_FOUND, never the 500 of a crashed handler.
    Random random = new Random(20261203L);
    String alphabet = "0123456789abcdef.:/[(*+?x";
    for (int i = 0; i < 150; i++) {
      StringBuilder who = new StringBuilder();
      for (int n = 1 + random.nextInt(14); n > 0; n--) {
        who.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String as = List.of("peerhost", "peerhost_net", "clientid_re", "username_re").get(i % 4);
      Map<String, Object> e = error("unban_client", Map.of("as", as, "who", who.toString()));
      assertTrue(
          List.of("INVALID_ARGUMENT", "NOT_FOUND").contains(e.get("code")),
          as + " " + who + ": " + e);
    }
  }

  @Test
  void banClient_badInput_isRefusedBeforeSending() {
    List<Map<String, Object>> bad = new java.util.ArrayList<>(UNPARSABLE_WHO);
    bad.addAll(
        List.<Map<String, Object>>of(
            Map.of("as", "ip", "who", "1.2.3.4"),
            Map.of("as", "clientid", "who", "x", "until", "2001-01-01T00:00:00Z"),
            Map.of("as", "clientid", "who", "x", "until", "tomorrow"),
            Map.of(
                "as",
                "clientid",
                "who",
                "x",
                "until",
                "2099-01-01T00:00:00Z",
                "duration_seconds",
                60),
            Map.of("as", "clientid", "who", "x", "duration_seconds", 0)));
    for (Map<String, Object> args : bad) {
      assertEquals("INVALID_ARGUMENT", error("ban_client", args).get("code"), args.toString());
    }
    assertEquals(2, meta(ok("list_banned", Map.of())).get("count"), "nothing was banned");
  }
}
