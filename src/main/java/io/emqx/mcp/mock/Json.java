package io.emqx.mcp.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One Jackson mapper for the fake. It is our own Jackson, not WireMock's shaded copy. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sums the numeric fields of several objects (per-node figures into one). Keys starting with a
   * global prefix are cluster-wide: they keep the first value instead of being added up.
   */
  static ObjectNode sum(Iterable<JsonNode> objects, java.util.List<String> globalPrefixes) {
    ObjectNode total = object();
    for (JsonNode n : objects) {
      for (var e : n.properties()) {
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (!v.isNumber()) {
          continue;
        }
        JsonNode old = total.get(key);
        if (old == null || globalPrefixes.stream().anyMatch(key::startsWith)) {
          total.set(key, old == null ? v : old);
        } else if (v.isIntegralNumber() && old.isIntegralNumber()) {
          total.put(key, old.asLong() + v.asLong());
        } else {
          total.put(key, old.asDouble() + v.asDouble());
        }
      }
    }
    return total;
  }

  /** Text of a field, or null when it is absent or JSON null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
