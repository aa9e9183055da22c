package io.emqx.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emqx.mcp.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The id scanner that answers an over-long stdio line agrees with a JSON parser on any message. */
class RefusalTest {

  static final McpJsonMapper MAPPER = McpServerFactory.jsonMapper();

  /**
   * Whatever the id (strings with quotes, escapes and non-ASCII, numbers, booleans) and wherever it
   * stands among other fields (some holding their own "id" deeper down), the scanner finds the
   * top-level id a parser finds.
   */
  @Property(tries = 300)
  void scanner_findsTheTopLevelId_asAParserDoes(
      @ForAll("ids") Object id,
      @ForAll("fields") List<Map.Entry<String, Object>> others,
      @ForAll int position)
      throws Exception {
    List<Map.Entry<String, Object>> fields = new ArrayList<>(others);
    fields.add(Math.floorMod(position, fields.size() + 1), Map.entry("id", id));
    Map<String, Object> message = new LinkedHashMap<>();
    fields.forEach(e -> message.putIfAbsent(e.getKey(), e.getValue()));
    String line = MAPPER.writeValueAsString(message);
    Refusal.IdScanner scanner = new Refusal.IdScanner(MAPPER);
    scanner.feed(line);
    Object expected = ((Map<?, ?>) MAPPER.readValue(line, Object.class)).get("id");
    assertEquals(String.valueOf(expected), String.valueOf(scanner.id()), line);
  }

  @Example
  void objectOrArrayId_isNone() {
    for (String line :
        List.of(
            "{\"id\":{\"a\":1},\"method\":\"x\"}",
            "{\"id\":[1],\"method\":\"x\"}",
            "{\"method\":\"x\",\"params\":{\"id\":5}}")) {
      Refusal.IdScanner scanner = new Refusal.IdScanner(MAPPER);
      scanner.feed(line);
      assertEquals(null, scanner.id(), line);
    }
  }

  @Provide
  Arbitrary<Object> ids() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab\"\\/é😀\n\u2028 ").ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.bigIntegers()
            .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
            .map(b -> (Object) b),
        Arbitraries.of(true, false).map(b -> (Object) b));
  }

  @Provide
  Arbitrary<List<Map.Entry<String, Object>>> fields() {
    Arbitrary<Object> value =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("id\"{}[]:,\\ x").ofMaxLength(10).map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.just(Map.of("id", "inner", "list", List.of("id", Map.of("id", 1)))),
            Arbitraries.just(Collections.emptyList()));
    Arbitrary<String> key =
        Arbitraries.of("jsonrpc", "method", "params", "idx", "\"id\"", "ID", "result");
    return net.jqwik.api.Combinators.combine(key, value)
        .as(Map::<String, Object>entry)
        .list()
        .ofMaxSize(5);
  }
}
