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
import io.emqx.mcp.tools.Results;
import io.emqx.mcp.tools.ToolError;
import io.emqx.mcp.tools.ToolException;
import io.emqx.mcp.topic.TopicRules;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The MCP resources: the cluster at a glance, one client by ID (a template), and the topic policy.
 * Each is JSON, read fresh from EMQX (or the settings) on every read. A failure is a JSON-RPC error
 * whose {@code data} is the same {@code {code, message}} a tool would return.
 */
final class Resources {

  static final String OVERVIEW = "emqx://cluster/overview";
  static final String CLIENT = "emqx://clients/{clientid}";
  static final String POLICY = "emqx://topics/policy";
  private static final String CLIENT_PREFIX = "emqx://clients/";
  private static final String JSON = "application/json";

  private final EmqxClient emqx;
  private final TopicRules topics;

  Resources(EmqxClient emqx, TopicRules topics) {
    this.emqx = emqx;
    this.topics = topics;
  }

  List<SyncResourceSpecification> resources() {
    return List.of(
        new SyncResourceSpecification(
            McpSchema.Resource.builder()
                .uri(OVERVIEW)
                .name("cluster-overview")
                .title("EMQX cluster overview")
                .description(
                    "Nodes with status, version, uptime and memory; EMQX versions; key counts (connections, "
                        + "sessions, subscriptions, topics, retained); the number of active alarms.")
                .mimeType(JSON)
                .build(),
            (exchange, request) -> read(request.uri(), this::overview)),
        new SyncResourceSpecification(
            McpSchema.Resource.builder()
                .uri(POLICY)
                .name("topic-policy")
                .title("Topic policy")
                .description(
                    "Which topics this server may publish to (write) and read or subscribe to (read): each "
                        + "pattern with its permissions, description and example topics.")
                .mimeType(JSON)
                .build(),
            (exchange, request) -> read(request.uri(), this::policy)));
  }

  List<SyncResourceTemplateSpecification> templates() {
    return List.of(
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder()
                .uriTemplate(CLIENT)
                .name("client")
                .title("MQTT client")
                .description(
                    "One MQTT client's full EMQX record, as get_client returns it. Percent-encode reserved "
                        + "characters of the ID: plant/line-1/plc is emqx://clients/plant%2Fline-1%2Fplc.")
                .mimeType(JSON)
                .build(),
            (exchange, request) -> read(request.uri(), () -> emqx.getClient(clientId(request)))));
  }

  /**
   * Whether {@code uri} is one the template reads: the client template's prefix and a non-empty
   * rest (whatever is wrong with the rest is the read's answer, as on the legacy server).
   */
  static boolean matches(String uriTemplate, String uri) {
    return CLIENT.equals(uriTemplate)
        && uri.startsWith(CLIENT_PREFIX)
        && uri.length() > CLIENT_PREFIX.length();
  }

  /** The cluster at a glance; its three EMQX calls run at the same time. */
  Map<String, Object> overview() {
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
  Map<String, Object> policy() {
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

  /** The client ID of a read, or {@code INVALID_ARGUMENT} for a read whose params were unusable. */
  private static String clientId(McpSchema.ReadResourceRequest request) {
    String problem = RequestParams.problemOf(request);
    if (problem != null) {
      throw ToolException.invalid(problem);
    }
    return clientId(request.uri());
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
   * Reads the value as JSON text, or fails with the tool error object as the JSON-RPC error's data.
   */
  private static McpSchema.ReadResourceResult read(String uri, Supplier<Object> value) {
    Object v;
    try {
      v = value.get();
    } catch (RuntimeException e) {
      throw failure(e);
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
    ToolError error = Results.describe(e);
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
