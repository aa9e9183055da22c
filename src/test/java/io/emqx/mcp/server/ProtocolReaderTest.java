package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The params records the protocol mapper builds by hand are the ones Jackson's conversion builds,
 * for any params a client may send (read from JSON as the SDK reads them): the same record, or the
 * same failure with the same message; and values it does not cover go to Jackson.
 */
class ProtocolReaderTest {

  private static final ObjectMapper OBJECTS =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final McpJsonMapper JACKSON = new JacksonMcpJsonMapper(OBJECTS);
  private static final McpJsonMapper FAST = McpServerFactory.jsonMapper();

  /** What the reader builds, in a fixed order (jqwik's seeds replay). */
  private static final List<Class<?>> TYPES =
      ProtocolReader.READ.stream()
          .<Class<?>>map(t -> (Class<?>) t)
          .sorted(java.util.Comparator.comparing(Class::getName))
          .toList();

  @Property(tries = 1000)
  void anyParams_areReadAsJacksonReadsThem(@ForAll("params") Tuple.Tuple2<Class<?>, String> input)
      throws Exception {
    Object params = OBJECTS.readValue(input.get2(), HashMap.class);
    assertSameAsJackson(params, input.get1());
  }

  /** initialize's params nest deepest: they get tries of their own. */
  @Property(tries = 1500)
  void anyInitializeParams_areReadAsJacksonReadsThem(@ForAll("initializeParams") String json)
      throws Exception {
    assertSameAsJackson(OBJECTS.readValue(json, HashMap.class), McpSchema.InitializeRequest.class);
  }

  @Property(tries = 300)
  void wellFormedParams_areBuiltByHand(@ForAll("wellFormed") Tuple.Tuple2<Class<?>, String> input)
      throws Exception {
    Object params = OBJECTS.readValue(input.get2(), HashMap.class);
    assertNotNull(ProtocolReader.read(params, input.get1()), input.get2());
    assertSameAsJackson(params, input.get1());
  }

  /** Values no parser makes (only code does): Jackson converts them, so it decides. */
  @Test
  void valuesFromCode_goToJackson() {
    List<Object> odd =
        List.of(
            1.5,
            1.5f,
            (short) 2,
            new java.util.concurrent.atomic.AtomicInteger(3),
            java.util.Optional.of("x"),
            McpSchema.Role.USER,
            Map.of(1, "x"),
            new McpSchema.TextContent("t"));
    for (Object value : odd) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("v", value);
      Map<String, Object> params = new HashMap<>();
      params.put("name", "get_client");
      params.put("uri", "emqx://x");
      params.put("protocolVersion", "2025-06-18");
      params.put("capabilities", Map.of());
      params.put("clientInfo", Map.of("name", "c", "version", "1"));
      params.put("level", "info");
      params.put("arguments", arguments);
      for (Class<?> type : TYPES) {
        assertNull(ProtocolReader.read(params, type), value + " as " + type);
        assertSameAsJackson(params, type);
      }
    }
  }

  @Test
  void aNestingDeeperThanTheLimit_goesToJackson() {
    Object deep = "x";
    for (int i = 0; i < ProtocolWriter.MAX_DEPTH + 5; i++) {
      deep = new ArrayList<>(List.of(deep));
    }
    Map<String, Object> params = new HashMap<>(Map.of("name", "t", "arguments", Map.of("d", deep)));
    assertNull(ProtocolReader.read(params, McpSchema.CallToolRequest.class));
    assertSameAsJackson(params, McpSchema.CallToolRequest.class);
  }

  private static void assertSameAsJackson(Object params, Class<?> type) {
    TypeRef<?> ref = typeRef(type);
    String what = params + " as " + type.getSimpleName();
    assertEquals(
        outcome(() -> JACKSON.convertValue(params, ref)),
        outcome(() -> FAST.convertValue(params, ref)),
        what);
    assertEquals(
        outcome(() -> JACKSON.convertValue(params, type)),
        outcome(() -> FAST.convertValue(params, type)),
        what);
  }

  /** The record, or the failure's class and message. */
  private static Object outcome(Supplier<Object> convert) {
    try {
      return convert.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** What the SDK's handlers pass: a {@code TypeRef} of the record class. */
  private static TypeRef<?> typeRef(Class<?> type) {
    return new TypeRef<Object>() {
      @Override
      public java.lang.reflect.Type getType() {
        return type;
      }
    };
  }

  // ---- generators

  private static final Object ABSENT = new Object();

  private static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.of("", " ", "2025-06-18", "get_client", "emqx://clients/c1"));
  }

  /** A value of no property's type, or of every other one. */
  private static Arbitrary<Object> odd() {
    return Arbitraries.of(
        7,
        -1L << 40,
        new BigInteger("123456789012345678901234567890"),
        new BigDecimal("1.5"),
        true,
        "text",
        "",
        List.of(),
        List.of("a", 1),
        Map.of(),
        Map.of("k", "v"));
  }

  /** Mostly {@code good}; sometimes absent, null or of another type. */
  private static Arbitrary<Object> prop(Arbitrary<?> good) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, good.map(v -> (Object) v)),
        Tuple.of(1, Arbitraries.just(ABSENT)),
        Tuple.of(1, Arbitraries.just((Object) null)),
        Tuple.of(2, odd()));
  }

  private static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            texts().map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.of(new BigDecimal("-0.25"), new BigDecimal("1E+400"), 1e-9, true, false),
            Arbitraries.just((Object) null));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.oneOf(
        scalars,
        objects(depth),
        values(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)));
  }

  private static Arbitrary<Object> objects(int depth) {
    return Arbitraries.maps(texts(), values(depth - 1))
        .ofMaxSize(3)
        .map(m -> (Object) new LinkedHashMap<>(m));
  }

  @SafeVarargs
  private static Arbitrary<String> object(Map.Entry<String, Arbitrary<Object>>... props) {
    List<Arbitrary<Object>> values = new ArrayList<>();
    for (Map.Entry<String, Arbitrary<Object>> p : props) {
      values.add(p.getValue());
    }
    return Combinators.combine(values)
        .as(
            chosen -> {
              Map<String, Object> map = new LinkedHashMap<>();
              for (int i = 0; i < props.length; i++) {
                if (chosen.get(i) != ABSENT) {
                  map.put(props[i].getKey(), chosen.get(i));
                }
              }
              return write(map);
            });
  }

  private static Arbitrary<Object> parsed(Arbitrary<String> json) {
    return json.map(
        s -> {
          try {
            return OBJECTS.readValue(s, Object.class);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String write(Object value) {
    try {
      return OBJECTS.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Arbitrary<String> initialize(boolean strict) {
    Arbitrary<Object> flag = Arbitraries.of(true, false).map(b -> (Object) b);
    Arbitrary<Object> empty = Arbitraries.of(Map.of(), Map.of("extra", 1)).map(m -> (Object) m);
    Arbitrary<Object> roots = parsed(object(Map.entry("listChanged", f(strict, flag))));
    Arbitrary<Object> elicitation =
        parsed(object(Map.entry("form", f(strict, empty)), Map.entry("url", f(strict, empty))));
    Arbitrary<Object> extensions =
        Arbitraries.maps(texts(), f(strict, objects(2)).filter(v -> v != ABSENT))
            .ofMaxSize(2)
            .map(m -> (Object) m);
    Arbitrary<Object> capabilities =
        parsed(
            object(
                Map.entry("experimental", f(strict, objects(2))),
                Map.entry("roots", f(strict, roots)),
                Map.entry("sampling", f(strict, empty)),
                Map.entry("elicitation", f(strict, elicitation)),
                Map.entry("extensions", f(strict, extensions)),
                Map.entry("unknown", f(strict, values(2)))));
    Arbitrary<Object> clientInfo =
        parsed(
            object(
                Map.entry("name", g(strict, texts())),
                Map.entry("title", f(strict, texts())),
                Map.entry("version", g(strict, texts())),
                Map.entry("description", f(strict, texts())),
                Map.entry(
                    "icons",
                    strict
                        ? Arbitraries.just(ABSENT)
                        : prop(
                            Arbitraries.of(List.of(), List.of(Map.of("src", "https://x/i.png"))))),
                Map.entry("websiteUrl", f(strict, texts()))));
    return object(
        Map.entry("protocolVersion", g(strict, texts())),
        Map.entry("capabilities", g(strict, capabilities)),
        Map.entry("clientInfo", g(strict, clientInfo)),
        Map.entry("_meta", f(strict, objects(2))));
  }

  private static Arbitrary<String> complete(boolean strict) {
    Arbitrary<Object> prompt =
        parsed(
            object(
                Map.entry("type", g(strict, Arbitraries.just("ref/prompt"))),
                Map.entry("name", g(strict, Arbitraries.of("status", "x"))),
                Map.entry("title", f(strict, texts()))));
    Arbitrary<Object> resource =
        parsed(
            object(
                Map.entry(
                    "type",
                    strict
                        ? Arbitraries.just("ref/resource")
                        : prop(Arbitraries.of("ref/resource", "ref/other"))),
                Map.entry("uri", g(strict, texts()))));
    Arbitrary<Object> argument =
        parsed(
            object(
                Map.entry("name", g(strict, Arbitraries.of("clientid", "c"))),
                Map.entry("value", g(strict, texts()))));
    Arbitrary<Object> strings =
        Arbitraries.maps(
                texts(),
                strict ? texts().map(t -> (Object) t) : prop(texts()).filter(v -> v != ABSENT))
            .ofMaxSize(3)
            .map(m -> (Object) m);
    Arbitrary<Object> context = parsed(object(Map.entry("arguments", f(strict, strings))));
    return object(
        Map.entry("ref", g(strict, Arbitraries.oneOf(prompt, resource))),
        Map.entry("argument", g(strict, argument)),
        Map.entry("_meta", f(strict, objects(2))),
        Map.entry("context", f(strict, context)));
  }

  /** A client's answer to a request of ours: a result or an error. */
  private static Arbitrary<String> response(boolean strict) {
    Arbitrary<Object> ids =
        Arbitraries.oneOf(
            Arbitraries.integers().map(i -> (Object) i), texts().map(t -> (Object) t));
    Arbitrary<Object> error =
        parsed(
            object(
                Map.entry("code", g(strict, Arbitraries.integers())),
                Map.entry("message", g(strict, texts())),
                Map.entry("data", f(strict, values(2)))));
    Arbitrary<Boolean> isError = Arbitraries.of(true, false);
    return isError.flatMap(
        failed ->
            object(
                Map.entry("jsonrpc", g(strict, Arbitraries.just("2.0"))),
                Map.entry("id", g(strict, ids)),
                Map.entry(
                    "result",
                    failed && strict
                        ? Arbitraries.just(ABSENT)
                        : g(strict, values(3).filter(java.util.Objects::nonNull))),
                Map.entry(
                    "error", !failed && strict ? Arbitraries.just(ABSENT) : g(strict, error))));
  }

  /** An optional property: well-typed, absent or null when strict; anything otherwise. */
  private static Arbitrary<Object> f(boolean strict, Arbitrary<?> good) {
    return strict
        ? Arbitraries.oneOf(
            good.map(v -> (Object) v), Arbitraries.just(ABSENT), Arbitraries.just((Object) null))
        : prop(good);
  }

  /** A required property: present and well-typed when strict; anything otherwise. */
  private static Arbitrary<Object> g(boolean strict, Arbitrary<?> good) {
    return strict ? good.map(v -> (Object) v) : prop(good);
  }

  private static Arbitrary<Tuple.Tuple2<Class<?>, String>> params(boolean strict) {
    Arbitrary<Object> uri = g(strict, texts());
    Arbitrary<Object> meta = f(strict, objects(2));
    Arbitrary<Object> arguments = f(strict, objects(3));
    Arbitrary<Object> levels =
        g(strict, Arbitraries.of("debug", "info", "WARNING", "Error", "emergency"));
    return Arbitraries.oneOf(
        initialize(strict)
            .map(s -> Tuple.<Class<?>, String>of(McpSchema.InitializeRequest.class, s)),
        object(
                Map.entry("name", g(strict, texts())),
                Map.entry("arguments", arguments),
                Map.entry("_meta", meta))
            .map(s -> Tuple.<Class<?>, String>of(McpSchema.CallToolRequest.class, s)),
        object(
                Map.entry("name", g(strict, texts())),
                Map.entry("arguments", arguments),
                Map.entry("_meta", meta))
            .map(s -> Tuple.<Class<?>, String>of(McpSchema.GetPromptRequest.class, s)),
        Arbitraries.of(
                McpSchema.ReadResourceRequest.class,
                McpSchema.SubscribeRequest.class,
                McpSchema.UnsubscribeRequest.class)
            .flatMap(
                type ->
                    object(Map.entry("uri", uri), Map.entry("_meta", meta))
                        .map(s -> Tuple.<Class<?>, String>of(type, s))),
        object(
                Map.entry(
                    "level",
                    strict
                        ? levels
                        : Arbitraries.oneOf(
                            levels, Arbitraries.of("nope", "").map(l -> (Object) l))))
            .map(s -> Tuple.<Class<?>, String>of(McpSchema.SetLevelRequest.class, s)),
        complete(strict).map(s -> Tuple.<Class<?>, String>of(McpSchema.CompleteRequest.class, s)),
        response(strict).map(s -> Tuple.<Class<?>, String>of(McpSchema.JSONRPCResponse.class, s)),
        object(
                Map.entry(
                    "action",
                    g(
                        strict,
                        strict
                            ? Arbitraries.of("accept", "decline", "cancel")
                            : Arbitraries.of("accept", "decline", "cancel", "ACCEPT", "", "0"))),
                Map.entry("content", f(strict, objects(2))),
                Map.entry("_meta", meta))
            .map(s -> Tuple.<Class<?>, String>of(McpSchema.ElicitResult.class, s)));
  }

  @Provide
  Arbitrary<Tuple.Tuple2<Class<?>, String>> params() {
    return params(false);
  }

  @Provide
  Arbitrary<String> initializeParams() {
    return initialize(false);
  }

  @Provide
  Arbitrary<Tuple.Tuple2<Class<?>, String>> wellFormed() {
    return params(true);
  }
}
