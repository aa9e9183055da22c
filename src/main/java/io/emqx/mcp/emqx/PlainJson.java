package io.emqx.mcp.emqx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed answer as the plain maps and lists that {@code Json.MAPPER.readerFor(Map<String,
 * Object>).readValue(tree)} makes of it, built directly: objects as {@code LinkedHashMap} in their
 * order (null values kept), arrays as {@code ArrayList}, numbers as the tree holds them ({@code
 * Integer}, {@code Long}, {@code BigInteger}, {@code Double}), strings and booleans as they are.
 * Why: going through Jackson replays the tree as a token stream into its untyped deserializer, for
 * every client record the server passes on, to build the same maps.
 */
final class PlainJson {

  private PlainJson() {}

  /** The object's fields as a map. */
  static Map<String, Object> object(JsonNode object) {
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      out.put(f.getKey(), value(f.getValue()));
    }
    return out;
  }

  private static Object value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return object(node);
      case ARRAY:
        List<Object> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          items.add(value(item));
        }
        return items;
      case STRING:
        return node.textValue();
      case NUMBER:
        return node.numberValue();
      case BOOLEAN:
        return node.booleanValue();
      case NULL:
      case MISSING:
        return null;
      default:
        // Binary and POJO nodes come only from code, never from a parser.
        throw new IllegalArgumentException("not a parsed JSON value: " + node.getNodeType());
    }
  }
}
