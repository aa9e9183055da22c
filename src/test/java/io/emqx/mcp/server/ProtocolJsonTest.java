package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The request records built without Jackson ({@link ProtocolJson}, {@link RequestParams}) are the
 * ones Jackson's conversion builds, for any message a client may send: the same record, or the same
 * kind of failure.
 */
class ProtocolJsonTest {

  private static final ObjectMapper OBJECTS =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final McpJsonMapper JACKSON = new JacksonMcpJsonMapper(OBJECTS);
  private static final McpJsonMapper FAST = McpServerFactory.jsonMapper();

  @Property(tries = 300)
  void anyMessage_isReadAsJacksonReadsIt(@ForAll("messages") String json) {
    assertEquals(outcome(JACKSON, json), outcome(FAST, json), json);
  }

  @Property(tries = 300)
  void anyToolsCallParams_becomeTheRequestJacksonMakes(@ForAll("callParams") String json)
      throws Exception {
    Object params = OBJECTS.readValue(json, Object.class);
    TypeRef<CallToolRequest> type = new TypeRef<>() {};
    CallToolRequest fast = new RequestParams(FAST, Set.of("get_client")).convertValue(params, type);
    if (params instanceof Map<?, ?> map
        && "get_client".equals(map.get("name"))
        && (map.get("arguments") == null || map.get("arguments") instanceof Map)
        && (map.get("_meta") == null || map.get("_meta") instanceof Map)) {
      // A well-formed call of a tool we have: the request Jackson's conversion builds.
      assertEquals(JACKSON.convertValue(params, type), fast, json);
    } else {
      // Anything else: the hidden tool that answers it (RequestParams' own refusals).
      assertEquals(RequestParams.REFUSED_CALL, fast.name(), json);
    }
  }

  /** The record read from {@code json}, or the kind of exception reading it threw. */
  private static Object outcome(McpJsonMapper mapper, String json) {
    try {
      return McpSchema.deserializeJsonRpcMessage(mapper, json);
    } catch (Exception e) {
      return e.getClass();
    }
  }

  @Provide
  Arbitrary<String> messages() {
    Arbitrary<Object> jsonrpc =
        Arbitraries.oneOf(
            Arbitraries.just("2.0"),
            Arbitraries.of("1.0", "", "2.0 "),
            Arbitraries.of(2, 2.0, true),
            Arbitraries.just(ABSENT));
    Arbitrary<Object> method =
        Arbitraries.oneOf(
            Arbitraries.of("tools/call", "tools/list", "ping", "notifications/initialized", ""),
            Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
            Arbitraries.of(7, false),
            Arbitraries.just(ABSENT),
            Arbitraries.just(NULL));
    Arbitrary<Object> id =
        Arbitraries.oneOf(
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
            Arbitraries.of(new java.math.BigInteger("123456789012345678901234567890"), 1.5, true),
            Arbitraries.just(ABSENT),
            Arbitraries.just(NULL));
    return Combinators.combine(jsonrpc, method, id, values(3), Arbitraries.integers().between(0, 3))
        .as(
            (j, m, i, params, extra) -> {
              Map<String, Object> message = new LinkedHashMap<>();
              put(message, "jsonrpc", j);
              put(message, "method", m);
              put(message, "id", i);
              if (extra != 1) {
                message.put("params", params);
              }
              if (extra == 2) {
                message.put("result", Map.of());
              }
              if (extra == 3) {
                message.put("unknown", List.of(1));
              }
              return write(message);
            });
  }

  @Provide
  Arbitrary<String> callParams() {
    Arbitrary<Object> name =
        Arbitraries.oneOf(
            Arbitraries.just("get_client"),
            Arbitraries.of("nope", "", 5),
            Arbitraries.just(ABSENT),
            Arbitraries.just(NULL));
    Arbitrary<Object> arguments =
        Arbitraries.oneOf(objects(3), values(2), Arbitraries.just(ABSENT), Arbitraries.just(NULL));
    Arbitrary<Object> meta =
        Arbitraries.oneOf(
            objects(2),
            Arbitraries.just(Map.of("progressToken", "p-1")),
            Arbitraries.of("x", 3),
            Arbitraries.just(ABSENT),
            Arbitraries.just(NULL));
    return Combinators.combine(name, arguments, meta)
        .as(
            (n, a, m) -> {
              Map<String, Object> params = new LinkedHashMap<>();
              put(params, "name", n);
              put(params, "arguments", a);
              put(params, "_meta", m);
              return write(params);
            });
  }

  private static final Object ABSENT = new Object();
  private static final Object NULL = new Object();

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value == NULL) {
      map.put(key, null);
    } else if (value != ABSENT) {
      map.put(key, value);
    }
  }

  private static String write(Object value) {
    try {
      return OBJECTS.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any JSON value, nested at most {@code depth} deep. */
  private static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.of(
                new java.math.BigDecimal("1.0000000000000000001"),
                new java.math.BigInteger("98765432109876543210"),
                true,
                false),
            Arbitraries.just(NULL).map(n -> (Object) null));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.oneOf(
        scalars,
        objects(depth),
        values(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)));
  }

  private static Arbitrary<Object> objects(int depth) {
    return Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), values(depth - 1))
        .ofMaxSize(4)
        .map(m -> (Object) new LinkedHashMap<>(m));
  }
}
