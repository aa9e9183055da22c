package io.emqx.mcp.policy;

import io.emqx.mcp.config.Settings;
import io.emqx.mcp.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tools are offered, and why each withheld one is not: read-only mode, then
 * {@code mcp.tools.disabled}, then {@code mcp.tools.enabled}. Globs match names without regard to
 * case, so {@code KICK_*} withholds {@code kick_mqtt_client}; an entry that matches no tool at all
 * (a typo, a look-alike character) stops start-up rather than leave a tool on offer by mistake.
 */
final class ToolSelection {

  private final Map<String, String> withheld = new LinkedHashMap<>();

  ToolSelection(Settings.Mcp mcp, List<ToolSpec> tools) {
    List<Glob> enabled = globs("mcp.tools.enabled", mcp.toolsEnabled(), tools);
    List<Glob> disabled = globs("mcp.tools.disabled", mcp.toolsDisabled(), tools);
    for (ToolSpec tool : tools) {
      String reason = null;
      if (mcp.readOnly() && tool.access().changesBroker()) {
        reason = "read-only mode (mcp.read-only) withholds tools that change the broker";
      } else {
        Glob off = first(disabled, tool.name());
        if (off != null) {
          reason = "withheld by mcp.tools.disabled entry '" + off.text() + "'";
        } else if (first(enabled, tool.name()) == null) {
          reason = "not matched by mcp.tools.enabled " + mcp.toolsEnabled();
        }
      }
      if (reason != null) {
        withheld.put(tool.name(), reason);
      }
    }
  }

  /** Why the tool is withheld, or null when it is offered. */
  String withheldBecause(String tool) {
    return withheld.get(tool);
  }

  private static List<Glob> globs(String key, List<String> entries, List<ToolSpec> tools) {
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      if (!entry.matches("[A-Za-z0-9_*?-]+")) {
        throw new IllegalArgumentException(key + "[" + i + "] '" + entry + "' is not a tool name or glob "
            + "(letters, digits, _, - and the wildcards * and ?)");
      }
      Glob glob = Glob.of(entry, true);
      if (tools.stream().noneMatch(t -> glob.matches(t.name()))) {
        throw new IllegalArgumentException(key + "[" + i + "] '" + entry + "' matches no tool; known tools: "
            + tools.stream().map(ToolSpec::name).toList());
      }
      globs.add(glob);
    }
    return globs;
  }

  private static Glob first(List<Glob> globs, String name) {
    return globs.stream().filter(g -> g.matches(name)).findFirst().orElse(null);
  }
}
