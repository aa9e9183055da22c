package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.mock.MockEmqx;
import io.emqx.mcp.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client writes as {@code namespace}, EMQX receives exactly that name as {@code ns}: a
 * value that spells a query string ({@code tenant-a&only_global=true}), an escape ({@code
 * %74enant-a}), a fragment or a slash never reaches another namespace's rules. Against the fake
 * playing 6.3, through the real server: the rules of {@code tenant-a} come back exactly for {@code
 * tenant-a}, and any other name is EMQX's "Managed namespace not found".
 */
class NamespacePropertyTest {

  static MockEmqx six;
  static TestServer server;

  @BeforeContainer
  static void start() throws Exception {
    six = MockEmqx.start(new MockEmqx.Options(0, 0, "6.3.0"));
    server = TestServer.start(TestServer.settings(six, Duration.ofSeconds(10)));
  }

  @AfterContainer
  static void stop() {
    server.close();
    six.close();
  }

  @Provide
  Arbitrary<String> namespaces() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "tenant-a",
            "tenant-b",
            "tenant-a&only_global=true",
            "tenant-a&ns=tenant-b",
            "%74enant-a",
            "tenant-a#x",
            "tenant-a/",
            "tenant-a ",
            " tenant-a",
            "TENANT-A",
            "tenant-a?ns=tenant-b"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20));
  }

  @Property(tries = 60)
  void aNamespaceReachesEmqxExactlyAsWritten(@ForAll("namespaces") String ns) {
    var r = server.call("list_rules", Map.of("namespace", ns));
    if (Boolean.TRUE.equals(r.isError())) {
      String text = TestServer.text(r);
      assertTrue(
          !ns.equals("tenant-a")
              && !ns.equals("tenant-b")
              && text.contains("Managed namespace not found"),
          ns + " -> " + text);
      return;
    }
    List<Map<String, Object>> rows =
        io.emqx.mcp.support.Lists.rows(TestServer.parse(TestServer.text(r)));
    if (ns.equals("tenant-a")) {
      assertEquals(List.of("tenant_a_alerts"), rows.stream().map(x -> x.get("id")).toList());
    } else {
      assertEquals("tenant-b", ns, "only a managed namespace answers: " + ns);
      assertEquals(List.of(), rows);
    }
  }
}
