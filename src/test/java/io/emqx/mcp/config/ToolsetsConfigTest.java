package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 2: mcp.toolsets / EMQX_MCP_TOOLSETS / --toolsets, and mcp.dynamic-toolsets. */
class ToolsetsConfigTest {

  @TempDir Path dir;

  static Settings load(Map<String, String> flags, Map<String, String> env) {
    return Settings.load(flags, env, null);
  }

  @Test
  void default_isTheToolsetsMarkedDefault_withoutDynamicToolsets() {
    Settings.Toolsets t = load(Map.of(), Map.of()).mcp().toolsets();
    assertEquals(Toolset.defaults(), t.on());
    assertEquals(List.of("default"), t.named());
    assertFalse(t.dynamic());
    assertFalse(t.on().contains(Toolset.MQTT));
    assertTrue(
        t.on()
            .containsAll(
                EnumSet.of(Toolset.CLIENTS, Toolset.DIAGNOSIS, Toolset.BANS, Toolset.RULES)));
  }

  @Test
  void environment_flag_andFile_choose_withAllAndDefaultAsWords_inAnyCase() throws Exception {
    assertEquals(
        Toolset.all(), load(Map.of(), Map.of("EMQX_MCP_TOOLSETS", "ALL")).mcp().toolsets().on());
    Set<Toolset> more = EnumSet.copyOf(Toolset.defaults());
    more.add(Toolset.MQTT);
    assertEquals(
        more,
        load(Map.of(), Map.of("EMQX_MCP_TOOLSETS", " default , Mqtt ")).mcp().toolsets().on());
    // The flag outranks the environment, and is comma-separated as well.
    assertEquals(
        EnumSet.of(Toolset.CLIENTS, Toolset.QUEUES),
        load(Map.of("mcp.toolsets", "clients,queues"), Map.of("EMQX_MCP_TOOLSETS", "all"))
            .mcp()
            .toolsets()
            .on());
    Path file =
        Files.writeString(
            dir.resolve("x.conf"), "mcp { toolsets = [diagnosis], dynamic-toolsets = true }");
    Settings s = Settings.load(Map.of(), Map.of(), file.toFile());
    assertEquals(EnumSet.of(Toolset.DIAGNOSIS), s.mcp().toolsets().on());
    assertTrue(s.mcp().toolsets().dynamic());
    assertTrue(
        load(Map.of(), Map.of("EMQX_MCP_DYNAMIC_TOOLSETS", "TRUE")).mcp().toolsets().dynamic());
  }

  @Test
  void typo_stopsStartUp_namingWhatWasSet_andTheToolsetMeant() throws Exception {
    String env = refused(Map.of(), Map.of("EMQX_MCP_TOOLSETS", "default,clinets"));
    assertTrue(
        env.startsWith(
            "EMQX_MCP_TOOLSETS=default,clinets: 'clinets' is not a toolset; did you mean clients?"),
        env);
    String flag = refused(Map.of("mcp.toolsets", "obsrvability"), Map.of());
    assertTrue(
        flag.startsWith(
            "--toolsets obsrvability: 'obsrvability' is not a toolset; did you mean observability?"),
        flag);
    File file =
        Files.writeString(dir.resolve("y.conf"), "mcp {\n  toolsets = [defualt]\n}\n").toFile();
    String inFile =
        assertThrows(IllegalArgumentException.class, () -> Settings.load(Map.of(), Map.of(), file))
            .getMessage();
    assertTrue(inFile.contains(file + ":2") && inFile.contains("did you mean default?"), inFile);
    // Far from every name: the list of names instead of a guess.
    String far = refused(Map.of(), Map.of("EMQX_MCP_TOOLSETS", "kubernetes"));
    assertTrue(
        far.contains("'kubernetes' is not a toolset")
            && !far.contains("did you mean")
            && far.contains(
                "Toolsets: clients, subscriptions, messaging, bans, cluster, rules, diagnosis, access"),
        far);
  }

  @Test
  void theDynamicToolset_andAnEmptyChoice_areRefused_unlessTheAgentMayTurnToolsetsOn()
      throws Exception {
    String m = refused(Map.of(), Map.of("EMQX_MCP_TOOLSETS", "toolsets"));
    assertTrue(m.contains("mcp.dynamic-toolsets = true"), m);
    File empty = Files.writeString(dir.resolve("e.conf"), "mcp.toolsets = []").toFile();
    String none =
        assertThrows(IllegalArgumentException.class, () -> Settings.load(Map.of(), Map.of(), empty))
            .getMessage();
    assertTrue(none.contains("names no toolset, so no tool would be offered"), none);
    File dynamic =
        Files.writeString(dir.resolve("d.conf"), "mcp { toolsets = [], dynamic-toolsets = true }")
            .toFile();
    assertEquals(Set.of(), Settings.load(Map.of(), Map.of(), dynamic).mcp().toolsets().on());
  }

  @Test
  void wrongType_isRefusedByTheSchema() {
    String m = refused(Map.of(), Map.of("EMQX_MCP_DYNAMIC_TOOLSETS", "sometimes"));
    assertTrue(m.contains("EMQX_MCP_DYNAMIC_TOOLSETS"), m);
  }

  /**
   * Any one-edit misspelling of a toolset name that is no other name is refused, suggesting a name.
   */
  @Property(tries = 200)
  void oneEditTypos_areRefused_withASuggestion(@ForAll("typos") String typo) {
    List<String> words = Toolset.selectableValues().stream().map(Toolset::id).toList();
    if (words.contains(typo)
        || typo.equals("all")
        || typo.equals("default")
        || typo.equals("toolsets")
        || typo.isBlank()
        || typo.contains(",")) {
      return;
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Settings.Toolsets.parse(List.of(typo), false));
    assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
  }

  @Provide
  Arbitrary<String> typos() {
    Arbitrary<String> name = Arbitraries.of(Toolset.selectableValues()).map(Toolset::id);
    Arbitrary<Character> letter = Arbitraries.chars().range('a', 'z');
    return Combinators.combine(
            name,
            Arbitraries.integers().between(0, 100),
            letter,
            Arbitraries.integers().between(0, 2))
        .as(
            (word, at, c, kind) -> {
              int i = at % word.length();
              return switch (kind) {
                case 0 -> word.substring(0, i) + word.substring(i + 1); // deleted
                case 1 -> word.substring(0, i) + c + word.substring(i); // inserted
                default -> word.substring(0, i) + c + word.substring(i + 1); // replaced
              };
            });
  }

  private static String refused(Map<String, String> flags, Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> load(flags, env)).getMessage();
  }
}
