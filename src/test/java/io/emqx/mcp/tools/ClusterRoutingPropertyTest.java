package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.Json;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.support.ClusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any set of cluster names and any choice among them, the runner hands the handler exactly the
 * chosen cluster (the default when none is named); any other name reaches no handler.
 */
class ClusterRoutingPropertyTest {

  static final ToolRunner.Guard NO_GUARD =
      new ToolRunner.Guard() {
        @Override
        public void admit(ToolSpec.Call call) {}

        @Override
        public void check(ToolSpec.Call call) {}
      };

  @Provide
  Arbitrary<Set<String>> names() {
    return ClusterNames.sets();
  }

  @Property(tries = 200)
  void aCallReachesExactlyTheClusterItNames(
      @ForAll("names") Set<String> names, @ForAll int pick, @ForAll String other) {
    List<String> list = new ArrayList<>(names);
    List<Cluster> clusters = list.stream().map(n -> new Cluster(n, null, null)).toList();
    String fallback = list.get(0);
    Clusters all = new Clusters(clusters, fallback);
    AtomicReference<String> reached = new AtomicReference<>();
    ToolSpec tool =
        ToolSpec.builder(Toolset.CLUSTER, "probe")
            .title("t")
            .description("d")
            .access(Access.READ)
            .input(
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("cluster", Map.of("type", "string", "enum", list)),
                    "additionalProperties",
                    false))
            .handler(
                call -> {
                  reached.set(call.cluster().name());
                  return Map.of();
                })
            .build();
    ToolRunner runner = new ToolRunner(NO_GUARD, all);
    String chosen = list.get(Math.floorMod(pick, list.size()));

    runner.call(tool, Map.of("cluster", chosen), null);
    assertEquals(chosen, reached.getAndSet(null));

    runner.call(tool, Map.of(), null);
    assertEquals(fallback, reached.getAndSet(null));

    if (!names.contains(other)) {
      var r = runner.call(tool, Map.of("cluster", other), null);
      assertTrue(r.isError());
      assertEquals(null, reached.get(), "no handler ran");
      String text =
          ((io.modelcontextprotocol.spec.McpSchema.TextContent) r.content().get(0)).text();
      assertTrue(text.contains("INVALID_ARGUMENT"), text);
      assertTrue(Json.MAPPER.valueToTree(text).toString().length() > 0);
    }
  }
}
