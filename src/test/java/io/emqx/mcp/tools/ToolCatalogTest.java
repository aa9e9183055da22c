package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.support.GeneratedSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Invariants every tool keeps, and the tool tables (docs/tools.md, README) kept in step with it.
 */
class ToolCatalogTest {

  /** The catalog, and the two tools of dynamic toolsets (which the policy adds). */
  static final List<ToolSpec> TOOLS =
      java.util.stream.Stream.concat(
              ToolCatalog.all().stream(), new ToolsetTools(null).specs().stream())
          .toList();

  /**
   * The keywords {@link ArgumentCheck} enforces; a schema using another would be checked by nobody.
   */
  static final Set<String> CHECKED =
      Set.of(
          "type",
          "description",
          "properties",
          "required",
          "additionalProperties",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "enum",
          "default",
          "items",
          "minItems",
          "maxItems");

  @Test
  void theCatalogBuiltInTheBackground_isTheCatalog() {
    // Main's start-up builds it on its own thread while the settings load.
    List<ToolSpec> background = ToolCatalog.inBackground().get();
    List<ToolSpec> all = ToolCatalog.all();
    assertEquals(names(all), names(background));
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).inputSchema(), background.get(i).inputSchema());
      assertEquals(all.get(i).outputSchema(), background.get(i).outputSchema());
    }
  }

  private static List<String> names(List<ToolSpec> tools) {
    return tools.stream().map(ToolSpec::name).toList();
  }

  @Test
  void names_areUniqueSnakeCase_withGroupTitleAndDescription() {
    Set<String> names = new HashSet<>();
    for (ToolSpec t : TOOLS) {
      assertTrue(names.add(t.name()), "duplicate " + t.name());
      assertTrue(t.name().matches("[a-z][a-z0-9_]*"), t.name());
      assertNotNull(t.group(), t.name());
      assertFalse(t.title().isBlank(), t.name());
      assertTrue(
          t.description().length() >= 80,
          t.name() + ": the description must tell a model when to use it");
      assertNotNull(t.access(), t.name());
    }
  }

  @Test
  void inputSchemas_areClosedObjects_usingOnlyCheckedKeywords_andNoTopLevelOneOf() {
    for (ToolSpec t : TOOLS) {
      Map<String, Object> in = t.inputSchema();
      assertEquals("object", in.get("type"), t.name());
      assertEquals(false, in.get("additionalProperties"), t.name());
      assertFalse(
          in.containsKey("oneOf") || in.containsKey("anyOf") || in.containsKey("allOf"), t.name());
      assertKeywords(t.name(), in);
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) in.get("properties");
      props.forEach(
          (name, schema) ->
              assertNotNull(
                  ((Map<?, ?>) schema).get("description"),
                  t.name() + "." + name + " has no description"));
    }
  }

  @SuppressWarnings("unchecked")
  static void assertKeywords(String where, Map<String, Object> schema) {
    for (Map.Entry<String, Object> e : schema.entrySet()) {
      assertTrue(
          CHECKED.contains(e.getKey()), where + ": keyword '" + e.getKey() + "' is not checked");
      if (e.getKey().equals("properties")) {
        ((Map<String, Object>) e.getValue())
            .forEach((k, v) -> assertKeywords(where + "." + k, (Map<String, Object>) v));
      } else if (e.getKey().equals("items")) {
        assertKeywords(where + "[]", (Map<String, Object>) e.getValue());
      }
    }
  }

  /**
   * Every integer argument is read as a Java int: its schema bounds it (a range or an enum) within
   * int, so that the model sees the range and nothing outside it can be narrowed into a surprise.
   */
  @Test
  void integerArguments_allHaveARangeOrEnum_withinInt() {
    List<String> unbounded = new java.util.ArrayList<>();
    for (ToolSpec t : TOOLS) {
      integerArguments(t.name(), t.inputSchema())
          .forEach(
              (where, schema) -> {
                boolean ranged =
                    schema.get("minimum") instanceof Number min
                        && schema.get("maximum") instanceof Number max
                        && min.longValue() >= Integer.MIN_VALUE
                        && max.longValue() <= Integer.MAX_VALUE;
                if (!ranged && !(schema.get("enum") instanceof List<?>)) {
                  unbounded.add(where);
                }
              });
    }
    assertEquals(List.of(), unbounded, "integer arguments without minimum and maximum (or enum)");
  }

  /**
   * The integer properties of a schema, nested ones included, by their path ({@code
   * tool.messages[].qos}).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> integerArguments(
      String where, Map<String, Object> schema) {
    Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
    if ("integer".equals(schema.get("type"))) {
      found.put(where, schema);
    }
    if (schema.get("properties") instanceof Map<?, ?> props) {
      props.forEach(
          (k, v) -> found.putAll(integerArguments(where + "." + k, (Map<String, Object>) v)));
    }
    if (schema.get("items") instanceof Map<?, ?> items) {
      found.putAll(integerArguments(where + "[]", (Map<String, Object>) items));
    }
    return found;
  }

  @Test
  void topicArguments_nameRealArguments() {
    for (ToolSpec t : TOOLS) {
      for (ToolSpec.TopicArg arg : t.topics()) {
        Map<?, ?> props = (Map<?, ?>) t.inputSchema().get("properties");
        if (arg.array() != null) {
          // messages[].topic: a property of the objects inside the array argument
          Map<?, ?> items = (Map<?, ?>) ((Map<?, ?>) props.get(arg.array())).get("items");
          props = (Map<?, ?>) items.get("properties");
        }
        assertTrue(
            props.containsKey(arg.property()),
            t.name() + " declares an unknown topic argument " + arg.argument());
      }
    }
  }

  /**
   * The README's toolset table (which tools each toolset holds, whether it is on by default) is
   * generated from the catalog ({@link GeneratedSection}).
   */
  @Test
  void readmeToolsetTable_matchesTheCatalog() throws Exception {
    GeneratedSection.check(Path.of("README.md"), "toolsets", "ToolCatalogTest", toolsetTable());
  }

  static String toolsetTable() {
    StringBuilder out = new StringBuilder("| toolset | default | tools |\n|---|---|---|\n");
    for (Toolset set : Toolset.values()) {
      String on =
          set == Toolset.TOOLSETS ? "with `mcp.dynamic-toolsets`" : set.byDefault() ? "yes" : "no";
      out.append("| **")
          .append(set.id())
          .append("** | ")
          .append(on)
          .append(" | ")
          .append(String.join(", ", inToolset(set).map(t -> "`" + t.name() + "`").toList()))
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * docs/tools.md's index (every tool, its toolset, title and arguments) is generated from the
   * catalog, so a new tool is documented there by the run that rewrites its snapshot; the area
   * tables above it say more, by hand.
   */
  @Test
  void docsToolIndex_isTheCatalogs() throws Exception {
    GeneratedSection.check(Path.of("docs/tools.md"), "index", "ToolCatalogTest", toolIndex());
  }

  static String toolIndex() {
    StringBuilder out =
        new StringBuilder("| tool | toolset | what it does | arguments |\n|---|---|---|---|\n");
    for (Toolset set : Toolset.values()) {
      inToolset(set)
          .forEach(
              t ->
                  out.append("| `")
                      .append(t.name())
                      .append("` | ")
                      .append(set.id())
                      .append(" | ")
                      .append(t.title())
                      .append(" | ")
                      .append(arguments(t.inputSchema()))
                      .append(" |\n"));
    }
    return out.toString();
  }

  /** The tools of {@code set}, in the catalog's order. */
  static java.util.stream.Stream<ToolSpec> inToolset(Toolset set) {
    return TOOLS.stream().filter(t -> t.group() == set);
  }

  /** A schema's arguments in order, the required ones marked: {@code `clientid` (required)}. */
  static String arguments(Map<String, Object> schema) {
    Map<?, ?> props = (Map<?, ?>) schema.get("properties");
    List<?> required = (List<?>) schema.getOrDefault("required", List.of());
    if (props.isEmpty()) {
      return "none";
    }
    return String.join(
        ", ",
        props.keySet().stream()
            .map(name -> "`" + name + "`" + (required.contains(name) ? " (required)" : ""))
            .toList());
  }

  /**
   * Every tool has a row in docs/tools.md (its generated index at least), where the README links
   * for them, and no row there or in the README names a tool the catalog lacks; every error code
   * has a row in the README's error table.
   */
  @Test
  void toolTables_listExactlyTheCatalog() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Set<String> catalog = new TreeSet<>();
    TOOLS.forEach(t -> catalog.add(t.name()));
    Set<String> rows = toolRows(Files.readString(Path.of("docs/tools.md")));
    Set<String> missing = new TreeSet<>(catalog);
    missing.removeAll(rows);
    assertEquals(Set.of(), missing, "tools without a row in docs/tools.md");
    Set<String> unknown = new TreeSet<>(rows);
    unknown.addAll(toolRows(readme));
    unknown.removeAll(catalog);
    assertEquals(
        Set.of(), unknown, "rows in docs/tools.md or the README for tools the catalog lacks");
    for (ErrorCode c : ErrorCode.values()) {
      assertTrue(readme.contains("| `" + c.name() + "` |"), "README lacks error code " + c.name());
    }
  }

  /** The tool names that open a table row: {@code | `name` |}. */
  private static Set<String> toolRows(String markdown) {
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(markdown);
    Set<String> out = new TreeSet<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
