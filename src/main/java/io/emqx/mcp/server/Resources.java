package io.emqx.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import io.emqx.mcp.diagnosis.ClusterHealth;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.Parallel;
import io.emqx.mcp.emqx.model.Alarm;
import io.emqx.mcp.emqx.model.MemorySize;
import io.emqx.mcp.emqx.model.NodeInfo;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.tools.Args;
import io.emqx.mcp.tools.Cluster;
import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.tools.Results;
import io.emqx.mcp.tools.ToolError;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import io.modelcontextprotocol.util.McpUriTemplateManager;
import io.modelcontextprotocol.util.McpUriTemplateManagerFactory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The MCP resources: the cluster at a glance, one client by ID (a template), and the topic policy.
 * Each is JSON, read fresh from EMQX (or the settings) on every read. A failure is a JSON-RPC error
 * whose {@code data} is the same {@code {code, message}} a tool would return.
 *
 * <p>With more than one cluster, a URI names its cluster the way a tool call does, as an optional
 * parameter: {@code ?cluster=<name>} (RFC 6570's {@code {?cluster}} in the template), the default
 * cluster without it. The overview and the policy are listed once per cluster, so a client that
 * only shows listed resources can still reach each; the plain URIs keep reading the default. With
 * one cluster, the lists and reads are exactly those of a single-cluster server.
 */
final class Resources {

  static final String OVERVIEW = "emqx://cluster/overview";
  static final String CLIENT = "emqx://clients/{clientid}";

  /** The client template with several clusters: an optional form-style query (RFC 6570). */
  static final String CLIENT_ON_CLUSTER = "emqx://clients/{clientid}{?cluster}";

  static final String POLICY = "emqx://topics/policy";
  private static final String CLIENT_PREFIX = "emqx://clients/";
  private static final String JSON = "application/json";
  private static final String QUERY = "?" + Clusters.ARGUMENT + "=";

  /** What a URI reads, whatever cluster it names. */
  enum Kind {
    OVERVIEW,
    POLICY,
    CLIENT
  }

  /** A read's cluster and the URI without its query. */
  private record Target(Cluster cluster, String base) {}

  private final Clusters clusters;
  private final Function<String, TopicRules> topics;

  /**
   * @param topics a cluster's topic policy, by cluster name
   */
  Resources(Clusters clusters, Function<String, TopicRules> topics) {
    this.clusters = clusters;
    this.topics = topics;
  }

  /** The client template as listed: with {@code {?cluster}} when calls choose their cluster. */
  String clientTemplate() {
    return clusters.many() ? CLIENT_ON_CLUSTER : CLIENT;
  }

  List<SyncResourceSpecification> resources() {
    if (!clusters.many()) {
      return List.of(overview(OVERVIEW, null), policy(POLICY, null));
    }
    List<SyncResourceSpecification> out = new ArrayList<>();
    for (String name : clusters.names()) {
      out.add(overview(OVERVIEW + QUERY + name, name));
    }
    for (String name : clusters.names()) {
      out.add(policy(POLICY + QUERY + name, name));
    }
    return List.copyOf(out);
  }

  /** With several clusters, which one a listed resource reads, in its title and description. */
  private String of(String cluster) {
    return cluster.equals(clusters.fallback().name())
        ? " Of cluster '" + cluster + "' (the default)."
        : " Of cluster '" + cluster + "'.";
  }

  private SyncResourceSpecification overview(String uri, String cluster) {
    String description =
        "Nodes with status, version, uptime and memory; EMQX versions; key counts (connections, "
            + "sessions, subscriptions, topics, retained); the number of active alarms.";
    return new SyncResourceSpecification(
        McpSchema.Resource.builder()
            .uri(uri)
            .name(cluster == null ? "cluster-overview" : "cluster-overview-" + cluster)
            .title(cluster == null ? "EMQX cluster overview" : "EMQX cluster overview: " + cluster)
            .description(cluster == null ? description : description + of(cluster))
            .mimeType(JSON)
            .build(),
        (exchange, request) -> read(request, (c, base) -> overview(c.emqx())));
  }

  private SyncResourceSpecification policy(String uri, String cluster) {
    String description =
        "Which topics this server may publish to (write) and read or subscribe to (read): each "
            + "pattern with its permissions, description and example topics.";
    return new SyncResourceSpecification(
        McpSchema.Resource.builder()
            .uri(uri)
            .name(cluster == null ? "topic-policy" : "topic-policy-" + cluster)
            .title(cluster == null ? "Topic policy" : "Topic policy: " + cluster)
            .description(cluster == null ? description : description + of(cluster))
            .mimeType(JSON)
            .build(),
        (exchange, request) -> read(request, (c, base) -> policy(topics.apply(c.name()))));
  }

  List<SyncResourceTemplateSpecification> templates() {
    String description =
        "One MQTT client's full EMQX record, as get_client returns it. Percent-encode reserved "
            + "characters of the ID: plant/line-1/plc is emqx://clients/plant%2Fline-1%2Fplc.";
    if (clusters.many()) {
      description +=
          " Name the cluster with ?cluster=, one of "
              + String.join(", ", clusters.names())
              + " (without it: "
              + clusters.fallback().name()
              + "), e.g. emqx://clients/sensor-42?cluster="
              + clusters.names().get(0)
              + ".";
    }
    return List.of(
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder()
                .uriTemplate(clientTemplate())
                .name("client")
                .title("MQTT client")
                .description(description)
                .mimeType(JSON)
                .build(),
            (exchange, request) -> read(request, (c, base) -> c.emqx().getClient(clientId(base)))));
  }

  /**
   * What {@code uri} reads, or null for none of ours. The query is not judged here: whatever is
   * wrong with it is the read's answer (an unknown cluster is refused as a tool call is).
   */
  Kind kind(String uri) {
    if (uri == null) {
      return null;
    }
    String base = clusters.many() ? base(uri) : uri;
    if (base.equals(OVERVIEW)) {
      return Kind.OVERVIEW;
    }
    if (base.equals(POLICY)) {
      return Kind.POLICY;
    }
    return base.startsWith(CLIENT_PREFIX) && base.length() > CLIENT_PREFIX.length()
        ? Kind.CLIENT
        : null;
  }

  /**
   * Whether a read of {@code uri} goes to the resource or template registered as {@code
   * registered}. With one cluster: the resource's own URI, or any non-empty client ID for the
   * template, as on a single-cluster server. With several: every URI of the same kind, whatever
   * cluster it names (each resource of a kind reads the cluster its URI names).
   */
  boolean matches(String registered, String uri) {
    if (!clusters.many()) {
      return registered.equals(CLIENT) ? kind(uri) == Kind.CLIENT : registered.equals(uri);
    }
    Kind k = kind(uri);
    return k != null && k == kindOfRegistered(registered);
  }

  private Kind kindOfRegistered(String registered) {
    return registered.equals(CLIENT_ON_CLUSTER) ? Kind.CLIENT : kind(registered);
  }

  /**
   * With several clusters, the SDK's template matching (legacy era): the default manager reads
   * {@code {?cluster}} as a variable named "?cluster" and cannot match an optional query, so our
   * URIs are matched here and their variables named for completion/complete; any other string (none
   * is registered) goes to the SDK's manager.
   */
  McpUriTemplateManagerFactory templateManagers() {
    return template -> {
      Kind own = kindOfRegistered(template);
      if (own == null) {
        return new DefaultMcpUriTemplateManager(template);
      }
      return new McpUriTemplateManager() {
        @Override
        public List<String> getVariableNames() {
          return own == Kind.CLIENT ? List.of("clientid", Clusters.ARGUMENT) : List.of();
        }

        @Override
        public Map<String, String> extractVariableValues(String uri) {
          return Map.of();
        }

        @Override
        public boolean matches(String uri) {
          return Resources.this.matches(template, uri);
        }

        @Override
        public boolean isUriTemplate(String uri) {
          return uri != null && uri.contains("{");
        }
      };
    };
  }

  /** The URI without its query. */
  private static String base(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /**
   * The cluster a URI names and the URI without the query; the default without one. With several
   * clusters the query may hold {@code cluster=<name>} and nothing else.
   *
   * @throws ToolException {@code INVALID_ARGUMENT}: an unknown cluster (the tools' message), any
   *     other parameter
   */
  private Target target(String uri) {
    if (!clusters.many()) {
      return new Target(clusters.fallback(), uri);
    }
    int q = uri.indexOf('?');
    if (q < 0) {
      return new Target(clusters.fallback(), uri);
    }
    Map<String, Object> named = new LinkedHashMap<>();
    for (String pair : uri.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!Clusters.ARGUMENT.equals(key) || named.containsKey(key)) {
        throw ToolException.invalid(
            "a resource URI takes one query parameter, ?"
                + Clusters.ARGUMENT
                + "=<name> (one of "
                + String.join(", ", clusters.names())
                + "); percent-encode a '?' or '&' that is part of a client ID as %3F or %26");
      }
      named.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return new Target(clusters.resolve(named), uri.substring(0, q));
  }

  /** A cluster name as written in a query: names need no encoding, but a client may encode. */
  private static String decode(String value) {
    try {
      return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value; // not a name either way: refused as unknown
    }
  }

  /** The cluster at a glance; its three EMQX calls run at the same time. */
  static Map<String, Object> overview(EmqxClient emqx) {
    CompletableFuture<List<NodeInfo>> nodes = Parallel.start(emqx::listNodes);
    CompletableFuture<List<Map<String, Object>>> stats = Parallel.start(() -> emqx.stats(true));
    CompletableFuture<Page<Alarm>> alarms = Parallel.start(() -> emqx.listAlarms(true, 1, 1));
    List<Map<String, Object>> rows =
        Parallel.join(nodes).stream()
            .map(
                n -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("node", n.node());
                  row.put("node_status", n.nodeStatus());
                  row.put("role", n.role());
                  row.put("version", n.version());
                  row.put("uptime", n.uptime());
                  row.put("connections", n.connections());
                  row.put(
                      "memory_used_percent", MemorySize.percent(n.memoryUsed(), n.memoryTotal()));
                  row.values().removeIf(v -> v == null);
                  return row;
                })
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", rows);
    out.put(
        "running_nodes", rows.stream().filter(r -> "running".equals(r.get("node_status"))).count());
    out.put(
        "versions",
        new TreeSet<>(
            rows.stream()
                .map(r -> r.get("version"))
                .filter(v -> v != null)
                .map(Object::toString)
                .toList()));
    Map<String, Object> counts = new LinkedHashMap<>();
    Map<String, Object> aggregated = Parallel.join(stats).stream().findFirst().orElse(Map.of());
    ClusterHealth.FIGURES.forEach(
        k -> {
          if (aggregated.get(k) != null) {
            counts.put(k, aggregated.get(k));
          }
        });
    out.put("counts", counts);
    Page<Alarm> active = Parallel.join(alarms);
    out.put(
        "active_alarms",
        active.meta().count() != null ? active.meta().count() : active.data().size());
    return out;
  }

  /** The policy as configured, with example topics for each pattern. */
  static Map<String, Object> policy(TopicRules topics) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("restricted", topics.isRestricted());
    out.put(
        "summary",
        topics.isRestricted()
            ? "A publish needs write on a pattern that matches the topic. A subscription, or reading retained "
                + "messages, needs read on patterns that together cover every topic the filter can match "
                + "(a read grant on a/+ does not allow a/#). + matches one level, # any number (last level only); "
                + "$share/<group>/ is stripped before matching."
            : "No topic rules are configured: every valid topic may be published to and subscribed to.");
    out.put(
        "rules",
        topics.rules().stream()
            .map(
                r -> {
                  Map<String, Object> rule = new LinkedHashMap<>();
                  rule.put("pattern", r.pattern());
                  rule.put(
                      "permissions",
                      r.permissions().stream().map(TopicRules.Permission::configName).toList());
                  rule.put("description", r.description());
                  rule.put("examples", TopicRules.examples(r.pattern()));
                  return rule;
                })
            .toList());
    return out;
  }

  /**
   * The client ID of {@code emqx://clients/<id>}, percent-decoded (a '+' stays a '+'). Refused with
   * {@code INVALID_ARGUMENT}: an ID that is not UTF-8 once decoded or holds a lone surrogate
   * (either would reach EMQX as '?', another client's ID), and {@code .} or {@code ..}, which no
   * URL can address.
   */
  static String clientId(String uri) {
    String encoded = uri.substring(CLIENT_PREFIX.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        int hex = i + 3 <= encoded.length() ? parseHex(encoded.substring(i + 1, i + 3)) : -1;
        if (hex < 0) {
          throw ToolException.invalid("bad percent-encoding in " + uri + "; encode '%' as %25");
        }
        bytes.write(hex);
        i += 2;
      } else {
        int cp = encoded.codePointAt(i);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          throw ToolException.invalid(
              "the client ID in the URI has a lone UTF-16 surrogate at character "
                  + i
                  + ", which UTF-8 cannot carry");
        }
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp) - 1;
      }
    }
    String id;
    try {
      id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw ToolException.invalid(
          "the client ID in "
              + uri
              + " is not UTF-8 once percent-decoded; "
              + "percent-encode the ID's UTF-8 bytes");
    }
    if (id.isEmpty()) {
      throw ToolException.invalid("no client ID in " + uri);
    }
    return Args.segment("clientid", id);
  }

  private static int parseHex(String two) {
    try {
      return Integer.parseInt(two, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Reads the value of the cluster the URI names as JSON text, or fails with the tool error object
   * as the JSON-RPC error's data (naming the cluster, with several, as a tool's error does).
   */
  private McpSchema.ReadResourceResult read(
      McpSchema.ReadResourceRequest request, BiFunction<Cluster, String, Object> value) {
    String uri = request.uri();
    Target target;
    try {
      String problem = RequestParams.problemOf(request);
      if (problem != null) {
        throw ToolException.invalid(problem);
      }
      target = target(uri);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    Object v;
    try {
      v = value.apply(target.cluster(), target.base());
    } catch (RuntimeException e) {
      ToolError error = Results.describe(e);
      throw failure(clusters.many() ? error.onCluster(target.cluster().name()) : error);
    }
    try {
      return new McpSchema.ReadResourceResult(
          List.of(
              new McpSchema.TextResourceContents(uri, JSON, Json.MAPPER.writeValueAsString(v))));
    } catch (JsonProcessingException e) {
      throw failure(e);
    }
  }

  static McpError failure(Throwable e) {
    return failure(Results.describe(e));
  }

  static McpError failure(ToolError error) {
    int rpc =
        switch (error.code()) {
          case CLIENT_NOT_FOUND, NOT_FOUND -> McpSchema.ErrorCodes.RESOURCE_NOT_FOUND;
          case INVALID_ARGUMENT -> McpSchema.ErrorCodes.INVALID_PARAMS;
          default -> McpSchema.ErrorCodes.INTERNAL_ERROR;
        };
    return McpError.builder(rpc)
        .message(error.code() + ": " + error.message())
        .data(Map.of("error", error.toJson()))
        .build();
  }
}
