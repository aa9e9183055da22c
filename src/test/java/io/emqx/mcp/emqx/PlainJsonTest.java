package io.emqx.mcp.emqx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.emqx.mcp.Json;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** An EMQX answer kept as a map is the map Jackson's conversion of its tree makes. */
class PlainJsonTest {

  @Property(tries = 500)
  void anyObject_becomesTheMapJacksonMakes(@ForAll("objects") String json) throws Exception {
    JsonNode tree = Json.MAPPER.readTree(json);
    Map<String, Object> jackson =
        Json.MAPPER.readerFor(new TypeReference<Map<String, Object>>() {}).readValue(tree);
    Map<String, Object> plain = PlainJson.object(tree);
    assertEquals(jackson, plain, json);
    // Equal maps could still hold other number classes (1 as Integer or Long): compare them too.
    assertEquals(classes(jackson), classes(plain), json);
  }

  private static String classes(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder(map.getClass().getSimpleName()).append('{');
      map.forEach((k, v) -> out.append(k).append('=').append(classes(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof java.util.List<?> list) {
      StringBuilder out = new StringBuilder(list.getClass().getSimpleName()).append('[');
      list.forEach(v -> out.append(classes(v)).append(','));
      return out.append(']').toString();
    }
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  @Provide
  Arbitrary<String> objects() {
    return object(3);
  }

  private static Arbitrary<String> object(int depth) {
    return Arbitraries.maps(
            Arbitraries.strings().ofMaxLength(5).map(PlainJsonTest::quoted), value(depth - 1))
        .ofMaxSize(5)
        .map(
            m -> {
              StringBuilder out = new StringBuilder("{");
              m.forEach(
                  (k, v) ->
                      out.append(out.length() > 1 ? "," : "").append(k).append(':').append(v));
              return out.append('}').toString();
            });
  }

  private static Arbitrary<String> value(int depth) {
    Arbitrary<String> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(6).map(PlainJsonTest::quoted),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of(
                "123456789012345678901234567890",
                "-1.5",
                "0.1",
                "1e300",
                "1E-7",
                "2.0",
                "true",
                "false",
                "null",
                "-0"));
    if (depth <= 0) {
      return scalars;
    }
    return Arbitraries.oneOf(
        scalars,
        object(depth),
        value(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
  }

  private static String quoted(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
