package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.ClusterNames;
import io.emqx.mcp.tools.Cluster;
import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any set of cluster names and any {@code ?cluster=} value, a resource read reaches exactly the
 * cluster the value names (however it is percent-encoded), the default without one, and for any
 * other value no cluster at all but the tools' {@code INVALID_ARGUMENT}.
 */
class ResourceClusterPropertyTest {

  @Provide
  Arbitrary<Set<String>> names() {
    return ClusterNames.sets();
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).filter(v -> !v.contains("&")),
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_").ofMaxLength(8));
  }

  @Property(tries = 300)
  void aReadReachesExactlyTheClusterItsUriNames(
      @ForAll("names") Set<String> names,
      @ForAll int pick,
      @ForAll("values") String other,
      @ForAll boolean encode) {
    List<String> list = new ArrayList<>(names);
    Clusters clusters =
        new Clusters(list.stream().map(n -> new Cluster(n, null, null)).toList(), list.get(0));
    AtomicReference<String> reached = new AtomicReference<>();
    Resources resources =
        new Resources(
            clusters,
            name -> {
              reached.set(name);
              return TopicRules.allowAll();
            });
    var policy =
        resources.resources().stream()
            .filter(r -> r.resource().uri().startsWith(Resources.POLICY))
            .findFirst()
            .orElseThrow();

    String chosen = list.get(Math.floorMod(pick, list.size()));
    String written = encode ? percentEncodeAll(chosen) : chosen;
    read(policy, Resources.POLICY + "?cluster=" + written);
    assertEquals(chosen, reached.getAndSet(null));

    read(policy, Resources.POLICY);
    assertEquals(list.get(0), reached.getAndSet(null), "no query: the default");

    String uri = Resources.POLICY + "?cluster=" + other;
    assertTrue(resources.matches(policy.resource().uri(), uri), "every policy URI is ours");
    try {
      read(policy, uri);
      assertTrue(names.contains(reached.get()), "only a configured name reads: " + other);
    } catch (McpError e) {
      assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, e.getJsonRpcError().code());
      assertTrue(e.getMessage().startsWith("INVALID_ARGUMENT: "), e.getMessage());
      assertNull(reached.get(), "nothing was read for " + other);
    }
  }

  private static void read(
      io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification spec, String uri) {
    spec.readHandler().apply(null, new McpSchema.ReadResourceRequest(uri, Map.of()));
  }

  private static String percentEncodeAll(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b));
    }
    return out.toString();
  }
}
