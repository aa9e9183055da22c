package io.emqx.mcp.policy;

import io.emqx.mcp.config.Role;
import io.emqx.mcp.config.Settings;
import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.tools.Access;
import io.emqx.mcp.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tools are offered, and why each withheld one is not: read-only mode, then {@code
 * mcp.tools.disabled}, then {@code mcp.tools.enabled}, then the toolsets. A tool is offered only if
 * every rule allows it. Globs match names without regard to case, so {@code KICK_*} withholds
 * {@code kick_mqtt_client}; an entry that matches no tool at all (a typo, a look-alike character)
 * stops start-up rather than leave a tool on offer by mistake.
 *
 * <p>The first three rules are fixed at start-up; the toolsets that are on may grow during a
 * session ({@code enable_toolset}), so that rule takes them as an argument.
 */
final class ToolSelection {

  private final Settings.Toolsets toolsets;

  /** Tools the fixed rules withhold, with the reason. */
  private final Map<String, String> withheld = new LinkedHashMap<>();

  private final Map<String, Toolset> toolsetOf = new LinkedHashMap<>();

  private final Map<String, Access> accessOf = new LinkedHashMap<>();

  ToolSelection(Settings.Mcp mcp, List<ToolSpec> tools) {
    this.toolsets = mcp.toolsets();
    List<Glob> enabled = globs("mcp.tools.enabled", mcp.toolsEnabled(), tools);
    List<Glob> disabled = globs("mcp.tools.disabled", mcp.toolsDisabled(), tools);
    for (ToolSpec tool : tools) {
      toolsetOf.put(tool.name(), tool.group());
      accessOf.put(tool.name(), tool.access());
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

  /**
   * Why the tool is withheld when the toolsets {@code on} are on (besides {@link Toolset#TOOLSETS},
   * which follows {@code mcp.dynamic-toolsets}), or null when it is offered.
   */
  String withheldBecause(String tool, Set<Toolset> on) {
    String reason = withheld.get(tool);
    Toolset toolset = toolsetOf.get(tool);
    if (toolset == null) {
      return "not a tool of this server"; // the SDK's own entries (RequestParams' refused-call
      // catcher)
    }
    if (reason != null) {
      return reason;
    }
    if (toolset == Toolset.TOOLSETS) {
      return toolsets.dynamic() ? null : "mcp.dynamic-toolsets is off";
    }
    if (!on.contains(toolset)) {
      return "its toolset '"
          + toolset.id()
          + "' is not in mcp.toolsets "
          + toolsets.named()
          + (toolsets.dynamic()
              ? " (enable_toolset with toolset '" + toolset.id() + "' turns it on)"
              : " (the operator can add it, e.g. EMQX_MCP_TOOLSETS="
                  + String.join(",", toolsets.named())
                  + ","
                  + toolset.id()
                  + ")");
    }
    return null;
  }

  /**
   * Why {@code role} may not call the tool, or null when it may. Derived from the tool's declared
   * {@link Access}: a viewer reads, an operator also makes changes that can be undone, an admin may
   * do everything. Not a second list of names, so a new tool falls into place by its access.
   */
  String forbiddenFor(String tool, Role role) {
    Access access = accessOf.get(tool);
    if (access == null || permits(role, access)) {
      return null;
    }
    return access == Access.DESTRUCTIVE
        ? "it is destructive, which needs the admin role"
        : "it changes the broker, which needs the operator or admin role";
  }

  static boolean permits(Role role, Access access) {
    return switch (access) {
      case READ -> true;
      case WRITE -> role.maySwitch();
      case DESTRUCTIVE -> role.mayDestroy();
    };
  }

  /** Why the fixed rules (read-only, mcp.tools) withhold the tool, or null. */
  String withheldByRules(String tool) {
    return withheld.get(tool);
  }

  /** The toolset of a registered tool, or null for a name that is none. */
  Toolset toolsetOf(String tool) {
    return toolsetOf.get(tool);
  }

  /** The registered tools of a toolset, in catalog order. */
  List<String> toolsIn(Toolset toolset) {
    return toolsetOf.entrySet().stream()
        .filter(e -> e.getValue() == toolset)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static List<Glob> globs(String key, List<String> entries, List<ToolSpec> tools) {
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      if (!entry.matches("[A-Za-z0-9_*?-]+")) {
        throw new IllegalArgumentException(
            key
                + "["
                + i
                + "] '"
                + entry
                + "' is not a tool name or glob "
                + "(letters, digits, _, - and the wildcards * and ?)");
      }
      Glob glob = Glob.of(entry, true);
      if (tools.stream().noneMatch(t -> glob.matches(t.name()))) {
        throw new IllegalArgumentException(
            key
                + "["
                + i
                + "] '"
                + entry
                + "' matches no tool; known tools: "
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
