package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list_toolsets} and {@code enable_toolset}: with {@code mcp.dynamic-toolsets}, the agent
 * starts with a small tool list and turns a toolset on when a task needs it. What is on belongs to
 * the MCP session (over HTTP, each session its own); the operator's rules (read-only, {@code
 * mcp.tools}) still withhold what they withhold.
 */
public final class ToolsetTools {

  /** The session's toolsets, kept by the policy. */
  public interface Switch {
    /** The toolsets on in the call's session. */
    Set<Toolset> on(ToolSpec.Call call);

    /**
     * Turns a toolset on in the call's session (and announces the new tool list); false if it was
     * on.
     */
    boolean enable(ToolSpec.Call call, Toolset toolset);

    /**
     * The tools of a toolset, each with why the operator's rules withhold it, or null when they do
     * not.
     */
    Map<String, String> tools(Toolset toolset);
  }

  private static final Toolset GROUP = Toolset.TOOLSETS;
  private final Switch toolsets;

  public ToolsetTools(Switch toolsets) {
    this.toolsets = toolsets;
  }

  public List<ToolSpec> specs() {
    return List.of(listToolsets(), enableToolset());
  }

  private ToolSpec listToolsets() {
    Schema output = Schema.object().required("toolsets", Schema.array(null));
    return ToolSpec.builder(GROUP, "list_toolsets")
        .title("List toolsets")
        .description(
            "The toolsets: name, enabled, description, tools. Before telling the user a task is "
                + "impossible, look here; enable_toolset turns one on.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(output)
        .handler(
            call -> {
              Set<Toolset> on = toolsets.on(call);
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Toolset t : Toolset.selectableValues()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", t.id());
                row.put("enabled", on.contains(t));
                row.put("description", t.description());
                row.put("tools", offerable(t));
                rows.add(row);
              }
              return Map.of("toolsets", rows);
            })
        .build();
  }

  private ToolSpec enableToolset() {
    Schema input =
        Schema.object()
            .required(
                "toolset",
                Schema.string("Toolset name, from list_toolsets.")
                    .oneOf(Toolset.selectableValues().stream().map(Toolset::id).toArray()))
            .closed();
    Schema output =
        Schema.object()
            .required("toolset", Schema.string(null))
            .required("changed", Schema.bool(null))
            .required("tools", Schema.array(null));
    return ToolSpec.builder(GROUP, "enable_toolset")
        .title("Enable a toolset")
        .description(
            "Turn a toolset on for this session; its tools are then listed (tools/list_changed is "
                + "sent). Returns {toolset, changed, tools, withheld?}.")
        .access(Access.READ)
        .input(input)
        .output(output)
        .handler(
            call -> {
              Toolset toolset = Toolset.byId(call.args().string("toolset"));
              boolean changed = toolsets.enable(call, toolset);
              Map<String, Object> result = new LinkedHashMap<>();
              result.put("toolset", toolset.id());
              result.put("changed", changed);
              result.put("tools", offerable(toolset));
              Map<String, String> withheld = new LinkedHashMap<>();
              toolsets
                  .tools(toolset)
                  .forEach(
                      (tool, why) -> {
                        if (why != null) {
                          withheld.put(tool, why);
                        }
                      });
              if (!withheld.isEmpty()) {
                result.put("withheld", withheld);
              }
              return result;
            })
        .build();
  }

  /** The tools of a toolset that the operator's rules allow. */
  private List<String> offerable(Toolset toolset) {
    List<String> names = new ArrayList<>();
    toolsets
        .tools(toolset)
        .forEach(
            (tool, why) -> {
              if (why == null) {
                names.add(tool);
              }
            });
    return names;
  }
}
