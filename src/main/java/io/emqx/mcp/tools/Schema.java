package io.emqx.mcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.model.Required;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small builder for the JSON Schemas of tool inputs and outputs. Each argument is its own
 * property with its type, range and enum, so that a client can render a form and the arguments are
 * checked against the same schema the model was shown.
 */
public final class Schema {

  private final Map<String, Object> node = new LinkedHashMap<>();

  private Schema(String type) {
    node.put("type", type);
  }

  public static Schema string(String description) {
    return new Schema("string").describe(description);
  }

  public static Schema integer(String description) {
    return new Schema("integer").describe(description);
  }

  public static Schema number(String description) {
    return new Schema("number").describe(description);
  }

  public static Schema bool(String description) {
    return new Schema("boolean").describe(description);
  }

  /** An array whose items are not described further. */
  public static Schema array(String description) {
    return new Schema("array").describe(description);
  }

  public static Schema object() {
    return new Schema("object");
  }

  public static Schema array(Schema items, String description) {
    Schema s = new Schema("array").describe(description);
    s.node.put("items", items.build());
    return s;
  }

  /**
   * The output schema of a result record, derived from it: each component under the name Jackson
   * writes ({@link Json#MAPPER}: snake_case, or its {@code @JsonProperty}), typed from its Java
   * type, and required when it is primitive or {@link Required} (the convention of the EMQX model
   * records). Lists are arrays without {@code items} and records, maps are objects without
   * properties: an outline, as the descriptions name the fields and {@code tools/list} has a byte
   * budget.
   *
   * <p>{@code shown} (JSON names) keeps only those components, in the record's order; none keeps
   * all. A name the record does not have is an error, so a renamed component cannot leave a stale
   * schema.
   */
  public static Schema of(Class<? extends Record> type, String... shown) {
    Set<String> wanted = new LinkedHashSet<>(Arrays.asList(shown));
    boolean all = wanted.isEmpty();
    Schema out = object();
    for (RecordComponent c : type.getRecordComponents()) {
      String name = jsonName(c);
      if (all || wanted.remove(name)) {
        out.prop(
            name,
            forType(c.getType(), type.getSimpleName() + "." + c.getName()),
            c.getType().isPrimitive() || c.isAnnotationPresent(Required.class));
      }
    }
    if (!wanted.isEmpty()) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " has no component named " + wanted);
    }
    return out;
  }

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  private static String jsonName(RecordComponent c) {
    JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
    return renamed != null && !renamed.value().isEmpty()
        ? renamed.value()
        : SNAKE.translate(c.getName());
  }

  private static Schema forType(Class<?> t, String where) {
    if (t == String.class || t == char.class || t == Character.class) {
      return string(null);
    }
    if (t.isEnum()) {
      // As Jackson writes the constants (a @JsonValue label, or the name).
      return string(null)
          .oneOf(
              Arrays.stream(t.getEnumConstants())
                  .map(e -> Json.MAPPER.valueToTree(e).asText())
                  .toArray());
    }
    if (t == boolean.class || t == Boolean.class) {
      return bool(null);
    }
    if (t == int.class
        || t == long.class
        || t == short.class
        || t == byte.class
        || t == Integer.class
        || t == Long.class
        || t == Short.class
        || t == Byte.class
        || t == BigInteger.class) {
      return integer(null);
    }
    if (t == double.class
        || t == float.class
        || t == Double.class
        || t == Float.class
        || t == BigDecimal.class) {
      return number(null);
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return array(null);
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord()) {
      return object();
    }
    throw new IllegalArgumentException(
        "no JSON type for " + where + " (" + t.getSimpleName() + ")");
  }

  public Schema describe(String description) {
    if (description != null) {
      node.put("description", description);
    }
    return this;
  }

  public Schema range(long min, long max) {
    node.put("minimum", min);
    node.put("maximum", max);
    return this;
  }

  public Schema min(long min) {
    node.put("minimum", min);
    return this;
  }

  /** At least one character; no upper bound of our own (EMQX's own limits apply). */
  public Schema nonEmpty() {
    node.put("minLength", 1);
    return this;
  }

  public Schema length(int min, int max) {
    node.put("minLength", min);
    node.put("maxLength", max);
    return this;
  }

  public Schema oneOf(Object... values) {
    node.put("enum", List.of(values));
    return this;
  }

  /** minItems and maxItems of an array. */
  public Schema items(int min, int max) {
    node.put("minItems", min);
    node.put("maxItems", max);
    return this;
  }

  public Schema defaultValue(Object value) {
    node.put("default", value);
    return this;
  }

  public Schema nullable() {
    node.put("type", List.of(node.get("type"), "null"));
    return this;
  }

  /** Adds a property to an object schema; {@code required} lists it under {@code required}. */
  public Schema prop(String name, Schema schema, boolean required) {
    @SuppressWarnings("unchecked")
    Map<String, Object> props =
        (Map<String, Object>) node.computeIfAbsent("properties", k -> new LinkedHashMap<>());
    props.put(name, schema.build());
    if (required) {
      @SuppressWarnings("unchecked")
      List<String> req = (List<String>) node.computeIfAbsent("required", k -> new ArrayList<>());
      req.add(name);
    }
    return this;
  }

  public Schema prop(String name, Schema schema) {
    return prop(name, schema, false);
  }

  public Schema required(String name, Schema schema) {
    return prop(name, schema, true);
  }

  /** Input schemas are closed: a misspelt argument is an error, not silently ignored. */
  public Schema closed() {
    // A tool without arguments still lists its (empty) properties: some clients expect the key.
    node.putIfAbsent("properties", new LinkedHashMap<>());
    node.put("additionalProperties", false);
    return this;
  }

  public Schema open() {
    node.put("additionalProperties", true);
    return this;
  }

  public Map<String, Object> build() {
    Map<String, Object> copy = new LinkedHashMap<>(node);
    if (copy.get("required") instanceof List<?> req) {
      copy.put("required", List.copyOf(req));
    }
    return copy;
  }
}
