package io.emqx.mcp.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import io.emqx.mcp.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result as the map that {@code Json.MAPPER.convertValue(value, Map)} makes of it, copied
 * directly when it is already a tree of JSON's own types (maps with string keys, lists, strings,
 * booleans, numbers), as every answer that the EMQX client passes on as a map is; anything else
 * (records, other types) goes through Jackson. The copy is what Jackson would build, entry for
 * entry: the same map and list classes, the number types kept, and map entries whose value is null
 * left out ({@code Json.MAPPER} includes non-null values only). Why: the conversion serialised and
 * re-read every result, a sixth of what a {@code get_client} call allocated over HTTP (JFR
 * allocation samples under the load benchmark), for a copy.
 */
final class PlainTree {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** Deeper than this, Jackson decides (and enforces its own nesting limit). */
  private static final int MAX_DEPTH = 200;

  /** Marks a value the copy does not handle. */
  private static final Object NOT_PLAIN = new Object();

  private PlainTree() {}

  /** {@code Json.MAPPER.convertValue(value, Map)}, copied without Jackson when it can be. */
  static Map<String, Object> toMap(Object value) {
    if (value instanceof Map<?, ?> map && copy(map, 0) instanceof Map<?, ?> copied) {
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) copied;
      return result;
    }
    return Json.MAPPER.convertValue(value, MAP);
  }

  private static Object copy(Object value, int depth) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Float
        || value instanceof Short
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (depth >= MAX_DEPTH) {
      return NOT_PLAIN;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          return NOT_PLAIN;
        }
        if (e.getValue() == null) {
          continue;
        }
        Object v = copy(e.getValue(), depth + 1);
        if (v == NOT_PLAIN) {
          return NOT_PLAIN;
        }
        out.put(key, v);
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        Object v = copy(item, depth + 1);
        if (v == NOT_PLAIN) {
          return NOT_PLAIN;
        }
        out.add(v);
      }
      return out;
    }
    return NOT_PLAIN;
  }
}
