package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.emqx.mcp.Json;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever JSON EMQX answers with 200 (null, wrong types, objects for lists, garbage nested
 * anywhere, a valid answer with one field broken), every tool answers either a success that fits
 * its output schema or an {@code EMQX_*} error in our JSON error shape: never INTERNAL_ERROR, never
 * INVALID_ARGUMENT (the caller did nothing wrong), never a non-JSON error. Every tool that talks to
 * EMQX over HTTP is called, through the SDK client, for every answer.
 */
class AnswerShapesPropertyTest {

  static WireMockServer wm;
  static TestServer server;
  static Map<String, ToolSpec> specs;

  /** Every HTTP tool with valid arguments (the MQTT tools do not read EMQX's HTTP answers). */
  static final Map<String, Map<String, Object>> CALLS = calls();

  private static Map<String, Map<String, Object>> calls() {
    Map<String, Map<String, Object>> c = new LinkedHashMap<>();
    c.put("list_clients", Map.of());
    c.put("get_client", Map.of("clientid", "c1"));
    c.put("kick_mqtt_client", Map.of("clientid", "c1"));
    c.put("publish_message", Map.of("topic", "t/1", "payload", "x"));
    c.put("publish_messages", Map.of("messages", List.of(Map.of("topic", "t/1", "payload", "x"))));
    c.put("list_client_subscriptions", Map.of("clientid", "c1"));
    c.put("subscribe_client", Map.of("clientid", "c1", "topic", "a/b"));
    c.put("unsubscribe_client", Map.of("clientid", "c1", "topic", "a/b"));
    c.put("list_subscriptions", Map.of());
    c.put("list_topics", Map.of());
    c.put("list_retained_messages", Map.of());
    c.put("get_retained_message", Map.of("topic", "t/1"));
    c.put("delete_retained_message", Map.of("topic", "t/1"));
    c.put("list_banned", Map.of());
    c.put("ban_client", Map.of("as", "clientid", "who", "c9"));
    c.put("unban_client", Map.of("as", "clientid", "who", "c9"));
    c.put("list_nodes", Map.of());
    c.put("get_node", Map.of("node", "emqx@n1"));
    c.put("get_stats", Map.of());
    c.put("get_metrics", Map.of("node", "emqx@n1"));
    c.put("list_alarms", Map.of());
    c.put("list_listeners", Map.of());
    c.put("list_rules", Map.of());
    c.put("get_rule", Map.of("id", "r1"));
    c.put("get_cluster_health", Map.of());
    c.put("diagnose_client", Map.of("clientid", "c1", "topic", "a/b"));
    return c;
  }

  /** Answers EMQX 5.8.9 gives, one per kind of endpoint, to be broken one field at a time. */
  static final List<String> TEMPLATES =
      List.of(
          "{\"data\":[{\"clientid\":\"c1\",\"username\":\"u\",\"node\":\"emqx@n1\",\"connected\":true,"
              + "\"ip_address\":\"10.0.0.1\",\"proto_ver\":5,\"connected_at\":\"2024-01-01T00:00:00.000+00:00\","
              + "\"subscriptions_cnt\":1,\"mqueue_len\":0}],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false,\"count\":1}}",
          "{\"clientid\":\"c1\",\"connected\":true,\"node\":\"emqx@n1\",\"username\":\"u\",\"mqueue_len\":0,"
              + "\"mqueue_max\":1000,\"expiry_interval\":0,\"inflight_cnt\":0,\"inflight_max\":32}",
          "[{\"clientid\":\"c1\",\"node\":\"emqx@n1\",\"topic\":\"a/b\",\"qos\":1,\"nl\":0,\"rap\":0,\"rh\":0}]",
          "[{\"node\":\"emqx@n1\",\"node_status\":\"running\",\"role\":\"core\",\"version\":\"5.8.9\","
              + "\"memory_used\":\"1.00G\",\"memory_total\":\"4.00G\",\"uptime\":1000,\"connections\":1,\"load1\":0.5}]",
          "[{\"node\":\"emqx@n1\",\"connections.count\":1,\"topics.count\":2,\"messages.received\":3}]",
          "{\"id\":\"0006172A56B8F1B5F440000009FE0002\"}",
          "[{\"id\":\"0006172A56B8F1B5F440000009FE0002\"}]",
          "{\"reason_code\":16,\"message\":\"no_matching_subscribers\"}",
          "{\"as\":\"clientid\",\"who\":\"c9\",\"by\":\"emqx-mcp-server\",\"reason\":\"\",\"at\":\"2024-01-01T00:00:00Z\","
              + "\"until\":\"infinity\"}",
          "{\"data\":[{\"as\":\"clientid\",\"who\":\"c9\",\"by\":\"x\",\"reason\":\"\",\"at\":\"2024-01-01T00:00:00Z\","
              + "\"until\":\"infinity\"}],\"meta\":{\"page\":1,\"limit\":100,\"count\":1}}",
          "{\"id\":\"r1\",\"name\":\"\",\"from\":[\"t/#\"],\"actions\":[\"console\",{\"function\":\"republish\"}],"
              + "\"sql\":\"SELECT * FROM \\\"t/#\\\"\",\"enable\":true,\"created_at\":\"2024-01-01T00:00:00Z\"}",
          "{\"id\":\"r1\",\"metrics\":{\"matched\":1},\"node_metrics\":[{\"node\":\"emqx@n1\",\"metrics\":{\"matched\":1}}]}",
          "{\"msgid\":\"m1\",\"topic\":\"t/1\",\"qos\":0,\"publish_at\":\"2024-01-01T00:00:00Z\",\"from_clientid\":\"c\","
              + "\"from_username\":\"u\",\"payload\":\"aGVsbG8=\"}",
          "[{\"id\":\"tcp:default\",\"type\":\"tcp\",\"name\":\"default\",\"enable\":true,\"bind\":\"0.0.0.0:1883\","
              + "\"status\":{\"running\":true,\"max_connections\":\"infinity\",\"current_connections\":1},"
              + "\"node_status\":[{\"node\":\"emqx@n1\",\"status\":{\"running\":true,\"current_connections\":1}}]}]",
          "{\"data\":[{\"node\":\"emqx@n1\",\"name\":\"high_cpu_usage\",\"message\":\"cpu\",\"details\":{},"
              + "\"duration\":100,\"activate_at\":\"2024-01-01T00:00:00Z\"}],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false}}",
          "{\"clientid\":\"c1\",\"topic\":\"a/b\",\"qos\":0,\"nl\":0,\"rap\":0,\"rh\":0,\"node\":\"emqx@n1\"}");

  @BeforeContainer
  static void start() throws IOException {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    server = TestServer.start(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(10), false));
    specs = new LinkedHashMap<>();
    ToolCatalogTest.TOOLS.forEach(s -> specs.put(s.name(), s));
  }

  @AfterContainer
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (wm != null) {
      wm.stop();
    }
  }

  @Property(tries = 50)
  void everyToolAnswersAnyShape_withAValidSuccessOrAnEmqxError(@ForAll("answers") String body) {
    wm.resetAll();
    wm.stubFor(any(anyUrl()).willReturn(WireMockEmqx.json(200, body)));
    List<String> wrong = new ArrayList<>();
    CALLS.forEach(
        (tool, args) -> {
          String problem = judge(tool, args);
          if (problem != null) {
            wrong.add(tool + ": " + problem);
          }
        });
    if (!wrong.isEmpty()) {
      throw new AssertionError("for the answer " + body + ":\n  " + String.join("\n  ", wrong));
    }
  }

  /** Null when the tool answered acceptably, else what was wrong. */
  private static String judge(String tool, Map<String, Object> args) {
    CallToolResult r;
    try {
      r = server.client().callTool(new McpSchema.CallToolRequest(tool, args));
    } catch (RuntimeException e) {
      return "protocol error instead of a tool result: " + e.getMessage();
    }
    if (r.content() == null
        || r.content().isEmpty()
        || !(r.content().get(0) instanceof McpSchema.TextContent t)) {
      return "no text content";
    }
    if (!Boolean.TRUE.equals(r.isError())) {
      Map<String, Object> structured =
          Json.MAPPER.convertValue(
              r.structuredContent(), new TypeReference<Map<String, Object>>() {});
      List<String> problems =
          structured == null
              ? List.of("no structured content")
              : ArgumentCheck.resultProblems(specs.get(tool).outputSchema(), structured);
      return problems.isEmpty() ? null : "success that breaks the output schema: " + problems;
    }
    Map<String, Object> parsed;
    try {
      parsed = Json.MAPPER.readValue(t.text(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      return "non-JSON error: " + t.text();
    }
    if (!(parsed.get("error") instanceof Map<?, ?> error)
        || !(error.get("code") instanceof String code)) {
      return "error without our shape: " + t.text();
    }
    if (!code.startsWith("EMQX_")) {
      return code + ": " + error.get("message");
    }
    String message = String.valueOf(error.get("message"));
    if (message.contains("Exception") || message.contains("java.")) {
      return "a Java name in the message: " + message;
    }
    return null;
  }

  // ---- answers --------------------------------------------------------------------------------

  @Provide
  Arbitrary<String> answers() {
    Arbitrary<String> random = json(4).map(AnswerShapesPropertyTest::write);
    Arbitrary<String> broken =
        Combinators.combine(
                Arbitraries.of(TEMPLATES),
                Arbitraries.integers().between(0, 10_000),
                json(2),
                Arbitraries.of(true, false))
            .as(AnswerShapesPropertyTest::breakOne);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, random),
        net.jqwik.api.Tuple.of(3, broken),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "null",
                "",
                "[]",
                "{}",
                "[null]",
                "\"x\"",
                "0",
                "true",
                "{\"data\":null,\"meta\":null}",
                "{\"data\":{},\"meta\":{}}",
                "{\"data\":[],\"meta\":{\"page\":\"1\"}}",
                "{\"id\":{}}",
                "{\"id\":null,\"reason_code\":\"16\"}",
                "{} []",
                "[{}]",
                "{\"clientid\":null}")));
  }

  private static final List<String> KEYS =
      List.of(
          "data",
          "meta",
          "page",
          "limit",
          "count",
          "hasnext",
          "clientid",
          "topic",
          "id",
          "node",
          "as",
          "who",
          "node_status",
          "payload",
          "reason_code",
          "message",
          "metrics",
          "node_metrics",
          "status",
          "running",
          "connected",
          "username",
          "until",
          "name",
          "qos",
          "memory_used");

  /** Any JSON value, nested up to {@code depth}, with EMQX's own field names as keys. */
  static Arbitrary<JsonNode> json(int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            Arbitraries.just(f.nullNode()),
            Arbitraries.of(true, false).map(f::booleanNode),
            Arbitraries.integers().between(-3, 200).map(f::numberNode),
            Arbitraries.of(
                    new BigInteger("18446744073709551617"),
                    BigInteger.valueOf(Long.MAX_VALUE),
                    BigInteger.valueOf(4294967297L))
                .map(f::numberNode),
            Arbitraries.of(1.5, -0.0, 1e300).map(f::numberNode),
            Arbitraries.of(
                    "",
                    "1",
                    "true",
                    "infinity",
                    "running",
                    "a/#",
                    "$share/g/a",
                    "+",
                    "#",
                    "c1",
                    "not base64!",
                    "2024-01-01T00:00:00Z",
                    "\u2028",
                    "emqx@n1")
                .map(f::textNode));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> inner = json(depth - 1);
    Arbitrary<JsonNode> array =
        inner
            .list()
            .ofMaxSize(3)
            .map(
                items -> {
                  ArrayNode a = f.arrayNode();
                  items.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> object =
        Combinators.combine(Arbitraries.of(KEYS), inner)
            .as(Map::entry)
            .list()
            .ofMaxSize(4)
            .map(
                entries -> {
                  ObjectNode o = f.objectNode();
                  entries.forEach(e -> o.set(e.getKey(), e.getValue()));
                  return o;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, leaf),
        net.jqwik.api.Tuple.of(1, array),
        net.jqwik.api.Tuple.of(2, object));
  }

  /** The template with one value (chosen by {@code pick}) replaced by {@code value}, or removed. */
  static String breakOne(String template, int pick, JsonNode value, boolean remove) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(template);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<Runnable> edits = new ArrayList<>();
    collect(root, value, remove, edits);
    if (edits.isEmpty()) {
      return write(value);
    }
    edits.get(pick % edits.size()).run();
    return write(root);
  }

  private static void collect(JsonNode node, JsonNode value, boolean remove, List<Runnable> edits) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        edits.add(remove ? () -> o.remove(name) : () -> o.set(name, value));
        collect(o.get(name), value, remove, edits);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int at = i;
        edits.add(remove ? () -> a.remove(at) : () -> a.set(at, value));
        collect(a.get(i), value, remove, edits);
      }
    }
  }

  private static String write(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
