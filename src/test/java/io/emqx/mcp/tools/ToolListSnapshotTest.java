package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden {@code tools/list} snapshots, one file per tool group under {@code
 * src/test/resources/toolsnaps/}: each tool exactly as the SDK's client receives it (name, title,
 * description, schemas, annotations). A change to what a model is told (a description, a parameter,
 * a hint) fails here until the snapshot is regenerated, so it shows up in review as a diff of that
 * file. Regenerate with:
 *
 * <pre>
 * ./mvnw -B test -Dtest='ToolListSnapshotTest,ToolCatalogTest,VersionMatrixTest' -Dsnapshot.update=true
 * </pre>
 *
 * which also rewrites the docs made from the catalog ({@link
 * io.emqx.mcp.support.GeneratedSection}).
 */
class ToolListSnapshotTest {

  static final Path DIR = Path.of("src/test/resources/toolsnaps");
  static final boolean UPDATE = Boolean.getBoolean("snapshot.update");
  static final String HOW =
      "regenerate with "
          + io.emqx.mcp.support.GeneratedSection.UPDATE_COMMAND
          + " and review the diff";

  /**
   * Which snapshot file a tool belongs in: its toolset. The one place to change when tools are
   * grouped otherwise.
   */
  static final Function<ToolSpec, String> GROUP = spec -> spec.group().id();

  /** Sorted keys and two-space indentation, so that a diff shows only what changed. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .setDefaultPrettyPrinter(
              new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  @Test
  void everyGroup_matchesItsSnapshot() throws Exception {
    Map<String, List<Map<String, Object>>> groups = listedByGroup();
    List<String> stale = new ArrayList<>();
    for (var group : groups.entrySet()) {
      Path file = DIR.resolve(group.getKey() + ".json");
      String now =
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(group.getValue()) + "\n";
      if (UPDATE) {
        Files.createDirectories(DIR);
        Files.writeString(file, now, StandardCharsets.UTF_8);
      } else if (!Files.exists(file)) {
        stale.add(file + " is missing");
      } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(now)) {
        stale.add(file + " differs from what tools/list answers now");
      }
    }
    try (Stream<Path> files = Files.isDirectory(DIR) ? Files.list(DIR) : Stream.empty()) {
      for (Path file : files.toList()) {
        String group = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!groups.containsKey(group)) {
          if (UPDATE) {
            Files.delete(file);
          } else {
            stale.add(file + " names a group with no tools");
          }
        }
      }
    }
    if (!stale.isEmpty()) {
      fail(String.join("\n", stale) + "\n" + HOW);
    }
  }

  @Test
  void everyListedTool_isInExactlyOneSnapshot() throws Exception {
    Map<String, List<Map<String, Object>>> groups = listedByGroup();
    Set<String> snapped = new TreeSet<>();
    groups
        .values()
        .forEach(
            tools ->
                tools.forEach(
                    t ->
                        assertTrue(
                            snapped.add(t.get("name").toString()),
                            t.get("name") + " is in two groups")));
    // list_toolsets and enable_toolset are offered only with mcp.dynamic-toolsets (ToolsetsTest).
    Set<String> catalog =
        ToolCatalogTest.TOOLS.stream()
            .filter(t -> t.group() != io.emqx.mcp.config.Toolset.TOOLSETS)
            .map(ToolSpec::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(catalog, snapped, "every catalog tool is listed, and in a snapshot");
  }

  /**
   * What tools/list answers through the SDK's client, grouped by {@link #GROUP}, in listing order.
   */
  static Map<String, List<Map<String, Object>>> listedByGroup() throws IOException {
    Map<String, String> groupOf =
        ToolCatalogTest.TOOLS.stream().collect(Collectors.toMap(ToolSpec::name, GROUP));
    Map<String, List<Map<String, Object>>> groups = new TreeMap<>();
    try (TestServer server = TestServer.against("http://127.0.0.1:1")) {
      String cursor = null;
      do {
        McpSchema.ListToolsResult page = server.client().listTools(cursor);
        for (McpSchema.Tool tool : page.tools()) {
          String group = groupOf.get(tool.name());
          if (group == null) {
            fail(tool.name() + " is listed but not in the catalog");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> asJson = JSON.convertValue(tool, LinkedHashMap.class);
          groups.computeIfAbsent(group, g -> new ArrayList<>()).add(asJson);
        }
        cursor = page.nextCursor();
      } while (cursor != null);
    }
    return groups;
  }
}
