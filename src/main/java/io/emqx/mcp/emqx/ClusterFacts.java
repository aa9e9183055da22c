package io.emqx.mcp.emqx;

import io.emqx.mcp.emqx.model.NodeInfo;
import java.util.List;

/**
 * What one cluster is: its EMQX version and edition and how many of its nodes run, read from the
 * authenticated {@code GET /nodes} ({@code /status}'s {@code rel_vsn} line is gone in 6.2.1).
 *
 * <p>A cluster in a rolling upgrade runs more than one version: the lowest version among the
 * running nodes counts (a request may land on any of them), and the edition is Enterprise only when
 * every running node says so.
 *
 * @param version the lowest version as EMQX wrote it, e.g. {@code 5.8.9} or {@code 6.3.0-beta.2}
 * @param parsed that version, comparable
 * @param edition from the nodes' {@code edition}
 * @param nodes every cluster member, stopped ones included
 * @param runningNodes the members whose {@code node_status} is {@code running}
 */
public record ClusterFacts(
    String version, EmqxVersion parsed, Edition edition, int nodes, int runningNodes) {

  /** First version with namespaces (6.1: {@code /namespaces}, the {@code ns} parameters). */
  public static final EmqxVersion NAMESPACES = new EmqxVersion(6, 1, 0);

  /**
   * The edition EMQX reports as {@code edition} in {@code GET /nodes} ({@code
   * emqx_release:edition_longstr/0}): {@code "Opensource"} or {@code "Enterprise"} up to 5.8. From
   * 5.9 the editions are merged into one build under the BSL that always says {@code "Enterprise"}
   * and serves every Enterprise API (apps/emqx/src/emqx_release.erl at e5.9.3 and release-63:
   * {@code edition() -> ee}); so a 5.9+ cluster is {@link #ENTERPRISE} whatever its license.
   */
  public enum Edition {
    OPENSOURCE,
    ENTERPRISE;

    /** EMQX's word for it; anything but {@code Enterprise} counts as open source. */
    public static Edition of(String text) {
      return "Enterprise".equalsIgnoreCase(text == null ? "" : text.strip())
          ? ENTERPRISE
          : OPENSOURCE;
    }

    /** As EMQX writes it. */
    public String label() {
      return this == ENTERPRISE ? "Enterprise" : "Opensource";
    }
  }

  public ClusterFacts {
    if (version == null || parsed == null || edition == null) {
      throw new IllegalArgumentException("version and edition are required");
    }
  }

  /** True from EMQX 6.1, where clients, rules and more can be scoped by namespace. */
  public boolean namespaces() {
    return parsed.atLeast(NAMESPACES);
  }

  /**
   * The facts of a {@code GET /nodes} answer.
   *
   * @throws IllegalArgumentException when no running node states a version EMQX could have sent
   */
  public static ClusterFacts of(List<NodeInfo> nodes) {
    String lowest = null;
    EmqxVersion lowestParsed = null;
    boolean enterprise = true;
    int running = 0;
    for (NodeInfo n : nodes) {
      if (!n.running()) {
        continue; // a stopped node has only node, node_status and role
      }
      running++;
      if (n.version() == null) {
        throw new IllegalArgumentException("running node " + n.node() + " states no version");
      }
      EmqxVersion v = EmqxVersion.parse(n.version());
      if (lowestParsed == null || v.compareTo(lowestParsed) < 0) {
        lowest = n.version();
        lowestParsed = v;
      }
      enterprise &= Edition.of(n.edition()) == Edition.ENTERPRISE;
    }
    if (lowestParsed == null) {
      throw new IllegalArgumentException("no running node in the answer");
    }
    return new ClusterFacts(
        lowest,
        lowestParsed,
        enterprise ? Edition.ENTERPRISE : Edition.OPENSOURCE,
        nodes.size(),
        running);
  }
}
