package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.ClusterFacts;
import io.emqx.mcp.emqx.Parallel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * With more than one cluster: the {@code cluster} argument on every tool that touches EMQX, and
 * {@code list_clusters}. With one, the catalog is left exactly as it is, so a single-cluster {@code
 * tools/list} does not change.
 */
public final class ClusterChoice {

  private ClusterChoice() {}

  /** A cluster's row of {@code list_clusters}; absent facts when it could not be reached. */
  record Row(
      @io.emqx.mcp.emqx.model.Required String name,
      @io.emqx.mcp.emqx.model.Required String apiUrl,
      @io.emqx.mcp.emqx.model.Required boolean readOnly,
      @io.emqx.mcp.emqx.model.Required boolean isDefault,
      @io.emqx.mcp.emqx.model.Required boolean reachable,
      String version,
      String edition,
      Integer nodeCount,
      Integer runningNodes,
      String error,
      String tlsWarning) {}

  /**
   * The catalog as offered with these clusters: unchanged with one; with more, each tool but the
   * toolset switches takes {@code cluster}, and {@code list_clusters} is added.
   */
  public static List<ToolSpec> apply(List<ToolSpec> catalog, Clusters clusters) {
    if (!clusters.many()) {
      return catalog;
    }
    List<ToolSpec> out = new ArrayList<>();
    for (ToolSpec t : catalog) {
      out.add(t.group() == Toolset.TOOLSETS ? t : t.withInputSchema(withCluster(t, clusters)));
    }
    out.add(listClusters(clusters));
    return List.copyOf(out);
  }

  private static Map<String, Object> withCluster(ToolSpec tool, Clusters clusters) {
    Map<String, Object> schema = new LinkedHashMap<>(tool.inputSchema());
    @SuppressWarnings("unchecked")
    Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
    props.put(Clusters.ARGUMENT, argument(clusters));
    schema.put("properties", props);
    return schema;
  }

  private static Map<String, Object> argument(Clusters clusters) {
    return Schema.string(
            "EMQX cluster (list_clusters); default " + clusters.fallback().name() + ".")
        .oneOf(clusters.names().toArray())
        .build();
  }

  private static ToolSpec listClusters(Clusters clusters) {
    return ToolSpec.builder(Toolset.CLUSTER, "list_clusters")
        .title("List the EMQX clusters")
        .description(
            "The EMQX clusters this server reaches, each named by the 'cluster' argument of the other "
                + "tools. Columns: name, api_url, read_only, is_default, reachable, version, edition, "
                + "node_count, running_nodes, error (why a cluster could not be read).")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(Paging.listOf())
        .handler(call -> new Paging.Whole<>(rows(clusters)))
        .build();
  }

  /**
   * One row per cluster, read at the same time: each cluster's {@code GET /nodes} is bounded by its
   * own request timeout, and a cluster that fails is reported on its row.
   */
  static List<Row> rows(Clusters clusters) {
    List<CompletableFuture<Parallel.Outcome<ClusterFacts>>> reads = new ArrayList<>();
    for (Cluster c : clusters.all()) {
      reads.add(Parallel.attempt(() -> c.emqx().facts()));
    }
    List<Row> rows = new ArrayList<>();
    List<Cluster> all = clusters.all();
    for (int i = 0; i < all.size(); i++) {
      Cluster c = all.get(i);
      Parallel.Outcome<ClusterFacts> read = Parallel.join(reads.get(i));
      ClusterFacts f = read.ok() ? read.value() : null;
      rows.add(
          new Row(
              c.name(),
              c.apiUrl(),
              c.readOnly(),
              c.name().equals(clusters.fallback().name()),
              f != null,
              f == null ? null : f.version(),
              f == null ? null : f.edition().label(),
              f == null ? null : f.nodes(),
              f == null ? null : f.runningNodes(),
              f == null ? message(read.failure()) : null,
              c.tlsWarning()));
    }
    return rows;
  }

  private static String message(Throwable failure) {
    return Results.describe(failure).message();
  }
}
