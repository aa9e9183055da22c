package io.emqx.mcp.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an HTTP caller may do, from least to most: a {@code viewer} reads, an {@code operator} also
 * makes changes that can be undone (publish, subscribe, ban), an {@code admin} may do everything,
 * destructive changes included. Which tools each role may call follows from each tool's declared
 * access, not from a list of names. stdio has no caller identity: its one client is the local user,
 * an admin.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** The name used in config and messages: {@code viewer}, {@code operator}, {@code admin}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role may call tools that change the broker without destroying state. */
  public boolean maySwitch() {
    return this != VIEWER;
  }

  /** Whether this role may call destructive tools (kick, delete, unsubscribe). */
  public boolean mayDestroy() {
    return this == ADMIN;
  }

  /** The names, for messages. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Role::id).toList();
  }

  /** The role named {@code value} at {@code key}; a ConfigProblem with a "did you mean" if none. */
  static Role parse(String key, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.id().equals(v)) {
        return r;
      }
    }
    List<String> near = Spelling.nearest(v, ids(), 2);
    throw new ConfigProblem(
        key,
        "'"
            + Sources.shown(value)
            + "' is not a role"
            + (near.isEmpty() ? "" : "; did you mean " + near.get(0) + "?")
            + " Roles: "
            + String.join(", ", ids()));
  }
}
