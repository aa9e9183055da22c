package io.emqx.mcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured clusters, by name, and the one a call goes to when it names none. With more than
 * one, every tool that touches EMQX takes a {@code cluster} argument; with one, none does and every
 * call goes to it.
 */
public final class Clusters implements AutoCloseable {

  /** The argument that names a call's cluster (present only with more than one cluster). */
  public static final String ARGUMENT = "cluster";

  private final Map<String, Cluster> byName;
  private final Cluster fallback;

  /**
   * @param clusters in configuration order, names unique
   * @param defaultName the cluster of a call that names none
   */
  public Clusters(List<Cluster> clusters, String defaultName) {
    Map<String, Cluster> map = new LinkedHashMap<>();
    for (Cluster c : clusters) {
      if (map.put(c.name(), c) != null) {
        throw new IllegalArgumentException("cluster '" + c.name() + "' is named twice");
      }
    }
    if (!map.containsKey(defaultName)) {
      throw new IllegalArgumentException("no cluster named '" + defaultName + "'");
    }
    this.byName = java.util.Collections.unmodifiableMap(map);
    this.fallback = map.get(defaultName);
  }

  /** One cluster, which every call goes to. */
  public static Clusters single(Cluster only) {
    return new Clusters(List.of(only), only.name());
  }

  /** Whether calls choose their cluster (more than one is configured). */
  public boolean many() {
    return byName.size() > 1;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Cluster> all() {
    return new ArrayList<>(byName.values());
  }

  /** The cluster of a call that names none. */
  public Cluster fallback() {
    return fallback;
  }

  /**
   * The cluster a call's arguments name ({@link #ARGUMENT}), or the default when they name none.
   * With a single cluster the argument is not part of any schema, so it is left to the schema check
   * to refuse.
   *
   * @throws ToolException {@code INVALID_ARGUMENT} listing the names, when the name is none of them
   */
  public Cluster resolve(Map<String, Object> arguments) {
    Object named = arguments == null || !many() ? null : arguments.get(ARGUMENT);
    if (named == null) {
      return fallback;
    }
    Cluster c = named instanceof String s ? byName.get(s) : null;
    if (c == null) {
      throw ToolException.invalid(
          "'"
              + ARGUMENT
              + "' must be one of the configured clusters: "
              + String.join(", ", byName.keySet())
              + "; got "
              + (named instanceof String s ? "'" + shortened(s) + "'" : "a " + kind(named))
              + ". Nothing was sent to EMQX.");
    }
    return c;
  }

  /** A hostile name is echoed only in part. */
  private static String shortened(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private static String kind(Object value) {
    return value instanceof Number ? "number" : value instanceof Boolean ? "boolean" : "non-text";
  }

  /** Closes every cluster's clients (at shutdown). */
  @Override
  public void close() {
    for (Cluster c : byName.values()) {
      c.emqx().close();
      c.mqtt().close();
    }
  }
}
