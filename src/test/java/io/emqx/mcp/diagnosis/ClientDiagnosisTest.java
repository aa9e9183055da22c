package io.emqx.mcp.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.emqx.Parallel.Outcome;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Subscription;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client rules one at a time, on hand-made EMQX answers (the tools tests cover the demo story).
 */
class ClientDiagnosisTest {

  static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");

  static Map<String, Object> client(Object... kv) {
    Map<String, Object> c =
        new HashMap<>(
            Map.of(
                "clientid",
                "c1",
                "connected",
                true,
                "username",
                "u1",
                "ip_address",
                "10.1.2.3",
                "expiry_interval",
                3600,
                "mqueue_len",
                0,
                "mqueue_max",
                1000,
                "mqueue_dropped",
                0,
                "inflight_cnt",
                0,
                "inflight_max",
                32));
    for (int i = 0; i < kv.length; i += 2) {
      c.put(kv[i].toString(), kv[i + 1]);
    }
    return c;
  }

  static Subscription sub(String topic) {
    return new Subscription("c1", "emqx@a", topic, 1, 0, 0, 0, false);
  }

  static Page<Ban> bans(Ban... bans) {
    return new Page<>(List.of(bans), new Page.Meta(1, 1000, false, (long) bans.length));
  }

  static ClientDiagnosis.Report diagnose(
      Map<String, Object> client, List<Subscription> subs, String topic, Ban... b) {
    return ClientDiagnosis.diagnose(
        new ClientDiagnosis.Inputs(
            "c1",
            topic,
            new Outcome<>(client, null),
            new Outcome<>(subs, null),
            new Outcome<>(bans(), null),
            new Outcome<>(bans(b), null),
            topic == null
                ? null
                : new Outcome<>(new Page<>(List.of(), new Page.Meta(1, 100, false, null)), null),
            NOW));
  }

  static List<String> titles(ClientDiagnosis.Report r) {
    return r.findings().stream().map(Finding::title).toList();
  }

  @Test
  void healthyClient_isOk_withoutFindings() {
    ClientDiagnosis.Report r = diagnose(client(), List.of(sub("a/#")), "a/b");
    assertEquals("ok", r.verdict().label());
    assertEquals(List.of("Subscribed to 'a/b'"), titles(r));
  }

  @Test
  void expiredBan_isOnlyInformation_activeUsernameBanIsCritical() {
    Ban lapsed =
        new Ban(
            "clientid",
            "c1",
            "mgmt_api",
            "",
            "2025-06-01T00:00:00+00:00",
            "2025-06-01T01:00:00+00:00");
    Ban user =
        new Ban("username", "u1", "mgmt_api", "abuse", "2025-06-01T00:00:00+00:00", "infinity");
    Ban otherNet =
        new Ban(
            "peerhost_net", "10.9.0.0/16", "mgmt_api", "", "2025-06-01T00:00:00+00:00", "infinity");
    ClientDiagnosis.Report r = diagnose(client(), List.of(sub("t")), null, lapsed, user, otherNet);
    assertEquals("problem", r.verdict().label());
    assertEquals(List.of("Banned (username u1)", "An expired ban matches"), titles(r));
    assertTrue(r.findings().get(0).evidence().contains("reason: abuse"));
  }

  @Test
  void ipv6RangeBan_matches() {
    Ban net =
        new Ban(
            "peerhost_net",
            "2001:db8::/32",
            "mgmt_api",
            "",
            "2025-06-01T00:00:00+00:00",
            "infinity");
    ClientDiagnosis.Report r =
        diagnose(client("ip_address", "2001:db8:0:1::7"), List.of(sub("t")), null, net);
    assertEquals(List.of("Banned (peerhost_net 2001:db8::/32)"), titles(r));
    assertFalse(Bans.inRange("2001:db8::/32", "2001:db9::1"));
    assertTrue(Bans.inRange("0.0.0.0/0", "192.168.1.1"));
  }

  @Test
  void inflightFull_tooLargeAndExpired_areWarnings() {
    ClientDiagnosis.Report r =
        diagnose(
            client(
                "inflight_cnt", 32, "send_msg.dropped.too_large", 3, "send_msg.dropped.expired", 2),
            List.of(sub("t")),
            null);
    assertEquals("warning", r.verdict().label());
    assertEquals(
        List.of(
            "Inflight window full",
            "3 messages were too large for it",
            "2 messages expired before delivery"),
        titles(r));
  }

  @Test
  void queueNearlyFull_isAWarning_fullIsCritical() {
    assertEquals(
        List.of("Message queue almost full"),
        titles(diagnose(client("mqueue_len", 850), List.of(sub("t")), null)));
    assertEquals(
        List.of("Messages for it are being dropped"),
        titles(diagnose(client("mqueue_len", 1000), List.of(sub("t")), null)));
  }

  @Test
  void noSessionExpiry_andNoSubscriptions() {
    ClientDiagnosis.Report r = diagnose(client("expiry_interval", 0), List.of(), null);
    assertEquals(List.of("No subscriptions", "No session expiry"), titles(r));
    assertEquals("warning", r.verdict().label());
  }

  @Test
  void closestSubscription_isDescribedWhereItDiffers() {
    ClientDiagnosis.Report longer = diagnose(client(), List.of(sub("x/y"), sub("a/b")), "a/b/c");
    assertEquals("a/b", longer.topicCheck().closest());
    assertTrue(
        longer
            .findings()
            .get(0)
            .evidence()
            .contains("'a/b' agrees on 2 levels, then ends where the topic goes " + "on ('c')"),
        longer.findings().get(0).evidence());
    ClientDiagnosis.Report shorter = diagnose(client(), List.of(sub("$share/g/a/+/c")), "a/b");
    assertTrue(
        shorter.findings().get(0).evidence().contains("goes on ('c') where the topic ends"),
        shorter.findings().get(0).evidence());
    ClientDiagnosis.Report none = diagnose(client(), List.of(sub("x/y")), "a/b");
    assertEquals(null, none.topicCheck().closest());
  }

  @Test
  void noLocal_onTheMatchingSubscription_isExplained() {
    ClientDiagnosis.Report r =
        diagnose(
            client(), List.of(new Subscription("c1", "emqx@a", "a/+", 0, 1, 0, 0, false)), "a/b");
    assertEquals(List.of("Subscribed to 'a/b'", "No Local on 'a/+'"), titles(r));
  }
}
