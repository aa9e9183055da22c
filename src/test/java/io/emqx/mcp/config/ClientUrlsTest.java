package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The URLs printed at start-up are ones a client can use, and they are accepted. */
class ClientUrlsTest {

  static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  static List<InetAddress> machine() throws Exception {
    return List.of(
        ip("127.0.0.1"),
        ip("::1"),
        ip("10.20.0.5"),
        ip("fe80::1%1"),
        ip("fd00:0:0:0:0:0:0:5"),
        ip("192.168.1.7"));
  }

  @Test
  void ipv4Wildcard_listsTheIpv4InterfaceAddresses_outwardFirst_neverTheWildcard()
      throws Exception {
    assertEquals(
        List.of("10.20.0.5", "192.168.1.7", "127.0.0.1"), ClientUrls.hosts("0.0.0.0", machine()));
  }

  @Test
  void ipv6Wildcard_addsIpv6_withoutLinkLocal_inShortForm() throws Exception {
    for (String wildcard : List.of("::", "[::]", "0:0:0:0:0:0:0:0")) {
      assertEquals(
          List.of("10.20.0.5", "[fd00::5]", "192.168.1.7", "127.0.0.1", "[::1]"),
          ClientUrls.hosts(wildcard, machine()),
          wildcard);
    }
  }

  @Test
  void wildcard_onAMachineThatListsNothing_fallsBackToLoopback() {
    assertEquals(List.of("127.0.0.1"), ClientUrls.hosts("0.0.0.0", List.of()));
    assertEquals(List.of("[::1]"), ClientUrls.hosts("::", List.of()));
  }

  @Test
  void aSpecificHost_isItself() throws Exception {
    assertEquals(List.of("10.20.0.5"), ClientUrls.hosts("10.20.0.5", machine()));
    assertEquals(
        List.of("mcp.example.internal"), ClientUrls.hosts("MCP.example.internal", machine()));
    assertEquals(List.of("[fd00::5]"), ClientUrls.hosts("fd00:0::5", machine()));
  }

  @Test
  void theRealMachine_neverListsAWildcard() {
    for (String h : ClientUrls.hosts("::")) {
      assertFalse(h.equals("0.0.0.0") || h.equals("[::]"), h);
    }
  }

  @Test
  void ownHosts_areAccepted_byTheHostCheck() {
    List<String> origins = ClientUrls.origins(List.of("10.20.0.5", "[fd00::5]"));
    assertEquals(
        List.of(
            "http://10.20.0.5:*",
            "https://10.20.0.5:*",
            "http://[fd00::5]:*",
            "https://[fd00::5]:*"),
        origins);
    origins.forEach(o -> assertEquals(o, HttpSettings.normalizeOrigin(o)));
  }

  @Test
  void ipv6_shortForm_followsRfc5952() {
    Map.of(
            "2001:db8:0:0:0:0:2:1",
            "2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1",
            "2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1",
            "2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1",
            "2001:db8::1:0:0:1",
            "0:0:0:0:0:0:0:1",
            "::1",
            "fe80:0:0:0:0:0:0:0",
            "fe80::",
            "2001:DB8:0:0:0:0:0:AB",
            "2001:db8::ab")
        .forEach((in, out) -> assertEquals(out, ClientUrls.ipv6(in), in));
  }

  /** The short form names the same address and is as short as it can be. */
  @Property(tries = 300)
  void ipv6_shortForm_isTheSameAddress(@ForAll("addresses") byte[] bytes) throws Exception {
    InetAddress a = InetAddress.getByAddress(bytes);
    String s = ClientUrls.ipv6(a.getHostAddress());
    assertEquals(a, InetAddress.getByName(s));
    assertTrue(s.equals(s.toLowerCase()) && !s.contains(":::"), s);
  }

  @Provide
  Arbitrary<byte[]> addresses() {
    // Mostly zero bytes, so that runs of zero groups of every length and position come up.
    return Arbitraries.of((byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0xab)
        .array(byte[].class)
        .ofSize(16);
  }
}
