package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A result's structured content is what Jackson's conversion makes of it, whether it was copied
 * directly (a tree of JSON's own types) or converted (anything else): the same entries in the same
 * order, the same classes at every node, null map entries left out.
 */
class PlainTreeTest {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  @Property(tries = 400)
  void aTreeOfJsonTypesIsCopiedAsJacksonConvertsIt(@ForAll("trees") Map<String, Object> tree) {
    assertSame(Json.MAPPER.convertValue(tree, MAP), PlainTree.toMap(tree));
  }

  @Test
  void nullEntriesAreLeftOutAtEveryDepth_nullsInListsStay() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("gone", null);
    inner.put("kept", 1L);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("username", null);
    tree.put("inner", inner);
    tree.put("list", new ArrayList<>(Arrays.asList(null, inner)));
    Map<String, Object> copied = PlainTree.toMap(tree);
    assertEquals(
        Map.of("inner", Map.of("kept", 1L), "list", Arrays.asList(null, Map.of("kept", 1L))),
        copied);
    assertSame(Json.MAPPER.convertValue(tree, MAP), copied);
  }

  /** What the copy does not handle goes through Jackson, with the same result as before. */
  @Test
  void recordsSetsArraysAndOtherKeysGoThroughJackson() {
    record Kicked(String clientid, boolean disconnected) {}
    Map<Object, Object> otherKeys = new HashMap<>();
    otherKeys.put(1, "one");
    List<Object> values =
        List.of(
            new Kicked("c1", true),
            Map.of("set", Set.of("a")),
            Map.of("array", new int[] {1, 2}),
            Map.of("record", new Kicked("c2", false)),
            Map.of("nested", otherKeys),
            Map.of("byte", (byte) 1));
    for (Object value : values) {
      assertSame(Json.MAPPER.convertValue(value, MAP), PlainTree.toMap(value));
    }
  }

  /** Equal, and of the same class at every node (a Long stays a Long, a list an ArrayList). */
  private static void assertSame(Object expected, Object actual) {
    assertEquals(expected, actual);
    assertEquals(
        expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass());
    if (expected instanceof Map<?, ?> e) {
      Map<?, ?> a = (Map<?, ?>) actual;
      assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()), "the order of the entries");
      e.forEach((k, v) -> assertSame(v, a.get(k)));
    } else if (expected instanceof List<?> e) {
      List<?> a = (List<?>) actual;
      for (int i = 0; i < e.size(); i++) {
        assertSame(e.get(i), a.get(i));
      }
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> trees() {
    return map(3);
  }

  private static Arbitrary<Map<String, Object>> map(int depth) {
    Arbitrary<String> keys = Arbitraries.strings().ofMinLength(0).ofMaxLength(6);
    return Arbitraries.maps(keys, value(depth).injectNull(0.15))
        .ofMaxSize(5)
        .map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.floats().map(f -> (Object) f),
            Arbitraries.shorts().map(s -> (Object) s),
            Arbitraries.bigIntegers().map(b -> (Object) b),
            Arbitraries.bigDecimals().map(b -> (Object) b),
            Arbitraries.just(BigInteger.TEN.pow(30)).map(b -> (Object) b),
            Arbitraries.just(new BigDecimal("1e-40")).map(b -> (Object) b));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> list =
        value(depth - 1).injectNull(0.1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
    return Arbitraries.oneOf(leaf, leaf, map(depth - 1).map(m -> (Object) m), list);
  }
}
