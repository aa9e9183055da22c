package io.emqx.mcp.server;

import io.emqx.mcp.emqx.EmqxProbe;
import io.emqx.mcp.tools.Cluster;
import io.emqx.mcp.tools.Clusters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code GET /healthz} says about EMQX: each configured cluster's last {@link EmqxProbe}. A
 * health request only reads these results, so it never reaches EMQX and never waits for it (the
 * endpoint needs no token); each cluster has its own probe thread, so a cluster that hangs until
 * its request timeout delays no other's.
 *
 * <p>With one cluster the body is {@code {"emqx": {…}}}, as it always was. With several, {@code
 * emqx} is still the default cluster's, and {@code clusters} holds each cluster's by name, with
 * {@code clusters_status}: {@code ok} when every cluster answered its last probe, {@code degraded}
 * when some did not, {@code down} when none did.
 */
public final class HealthProbes implements Supplier<Map<String, Object>>, AutoCloseable {

  private final Map<String, EmqxProbe> probes;
  private final String defaultName;

  private HealthProbes(Map<String, EmqxProbe> probes, String defaultName) {
    this.probes = probes;
    this.defaultName = defaultName;
  }

  /** Probes every cluster at once, then every {@code interval}. */
  public static HealthProbes start(Clusters clusters, Duration interval) {
    Map<String, EmqxProbe> probes = new LinkedHashMap<>();
    for (Cluster c : clusters.all()) {
      probes.put(c.name(), EmqxProbe.start(c.emqx(), interval));
    }
    return new HealthProbes(
        java.util.Collections.unmodifiableMap(probes), clusters.fallback().name());
  }

  @Override
  public Map<String, Object> get() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("emqx", probes.get(defaultName).last());
    if (probes.size() > 1) {
      Map<String, Object> each = new LinkedHashMap<>();
      int answered = 0;
      for (Map.Entry<String, EmqxProbe> e : probes.entrySet()) {
        EmqxProbe.Result r = e.getValue().last();
        each.put(e.getKey(), r);
        answered += r.answered() ? 1 : 0;
      }
      out.put(
          "clusters_status",
          answered == probes.size() ? "ok" : answered == 0 ? "down" : "degraded");
      out.put("default_cluster", defaultName);
      out.put("clusters", each);
    }
    return out;
  }

  @Override
  public void close() {
    probes.values().forEach(EmqxProbe::close);
  }
}
