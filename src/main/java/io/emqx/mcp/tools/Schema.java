package io.emqx.mcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
