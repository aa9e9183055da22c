package io.emqx.mcp.policy;

import io.emqx.mcp.config.Toolset;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The toolsets each MCP session has turned on beyond the configured ones ({@code enable_toolset}).
 * Bounded: it remembers the sessions that used it most recently, several times more than the HTTP
 * server keeps alive ({@code mcp.http.max-sessions}), so what it forgets belongs to sessions that
 * have ended. Should a live session's entry be forgotten all the same, that session is back to the
 * configured toolsets, and a call of a tool it had turned on answers {@code TOOL_DISABLED} naming
 * {@code enable_toolset}, which turns it on again.
 */
final class SessionToolsets {

  private final Set<Toolset> configured;
  private final Map<String, Set<Toolset>> added;

  SessionToolsets(Set<Toolset> configured, int capacity) {
    this.configured =
        Collections.unmodifiableSet(
            configured.isEmpty() ? EnumSet.noneOf(Toolset.class) : EnumSet.copyOf(configured));
    this.added =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Set<Toolset>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The configured toolsets. */
  Set<Toolset> configured() {
    return configured;
  }

  /** The toolsets on in a session: the configured ones plus those it turned on. */
  synchronized Set<Toolset> of(String session) {
    Set<Toolset> more = added.get(session);
    if (more == null) {
      return configured;
    }
    Set<Toolset> on = EnumSet.copyOf(more);
    on.addAll(configured);
    return on;
  }

  /** Turns a toolset on in a session; false when it was on already. */
  synchronized boolean enable(String session, Toolset toolset) {
    if (configured.contains(toolset)) {
      return false;
    }
    return added.computeIfAbsent(session, s -> EnumSet.noneOf(Toolset.class)).add(toolset);
  }

  synchronized int sessions() {
    return added.size();
  }
}
