package io.emqx.mcp.diagnosis;

import io.emqx.mcp.emqx.model.Listener;
import io.emqx.mcp.emqx.model.Listener.Running;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges EMQX's listeners: an enabled listener that runs on no node, or on some nodes only. The
 * second is what EMQX reports as {@code running: "inconsistent"} (emqx_mgmt_api_listeners.erl at
 * v5.8.9), typically a certificate or a port that one node could not take. Pure and deterministic.
 */
public final class Listeners {

  private Listeners() {}

  /** The findings, worst first; none when every enabled listener runs on every node. */
  public static List<Finding> judge(List<Listener> listeners) {
    List<Finding> out = new ArrayList<>();
    for (Listener l : listeners) {
      if (Boolean.FALSE.equals(l.enable()) || l.status() == null || l.status().running() == null) {
        continue; // switched off on purpose, or nothing to judge
      }
      String where = l.bind() == null ? "" : " (" + l.bind() + ")";
      List<String> up = nodes(l, Running.YES);
      List<String> down = nodes(l, Running.NO);
      if (l.status().running() == Running.INCONSISTENT) {
        out.add(
            Finding.warning(
                "Listener " + l.id() + " runs on some nodes only",
                "Running on " + names(up) + "; not running on " + names(down) + where + ".",
                "Clients that reach "
                    + names(down)
                    + " cannot connect through "
                    + l.id()
                    + ". Read that node's log "
                    + "for why the listener did not start (a certificate file, a port in use), fix it, then restart the "
                    + "listener there (emqx ctl listeners restart "
                    + l.id()
                    + ")."));
      } else if (l.status().running() == Running.NO) {
        out.add(
            Finding.critical(
                "Listener " + l.id() + " is not running",
                "Enabled but not running on "
                    + (down.isEmpty() ? "any node" : names(down))
                    + where
                    + ".",
                "No client can connect through "
                    + l.id()
                    + ". Read the nodes' logs for why it did not start (a "
                    + "certificate file, a port in use), fix it, then restart it (emqx ctl listeners restart "
                    + l.id()
                    + ")."));
      }
    }
    return Finding.ordered(out);
  }

  private static List<String> nodes(Listener l, Running running) {
    if (l.nodeStatus() == null) {
      return List.of();
    }
    return l.nodeStatus().stream()
        .filter(n -> n.status() != null && n.status().running() == running)
        .map(Listener.NodeStatus::node)
        .toList();
  }

  private static String names(List<String> nodes) {
    return nodes.isEmpty() ? "no node listed" : String.join(", ", nodes);
  }
}
