package io.emqx.mcp.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks call arguments against a tool's input schema, for exactly the keywords {@link Schema}
 * emits (type, enum, minimum/maximum, minLength/maxLength, required, additionalProperties, array
 * items). The SDK's own validation is switched off: it answers in plain text, while ours answers
 * {@code INVALID_ARGUMENT} with a message a model can act on. Numbers and booleans sent as strings
 * are accepted, as some clients send every argument as text.
 *
 * <p>The same walk checks a tool's results against its output schema ({@link #resultProblems}),
 * strictly there: types exactly as JSON Schema has them, and null only where the type allows it.
 */
final class ArgumentCheck {

  private ArgumentCheck() {}

  /** Returns the problems found, empty when the arguments fit the schema. */
  static List<String> problems(Map<String, Object> schema, Map<String, Object> args) {
    List<String> problems = new ArrayList<>();
    checkObject("", schema, args, problems, false);
    return problems;
  }

  /** The problems of a result (JSON values: maps, lists, strings, numbers, booleans, nulls). */
  static List<String> resultProblems(Map<String, Object> schema, Object result) {
    List<String> problems = new ArrayList<>();
    checkValue("result", schema, result, problems, true);
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static void checkObject(String path, Map<String, Object> schema, Map<String, Object> args,
      List<String> problems, boolean strict) {
    Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
      if (strict ? !args.containsKey(name.toString()) : args.get(name.toString()) == null) {
        problems.add("'" + path + name + "' is required");
      }
    }
    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
      for (String name : args.keySet()) {
        if (!props.containsKey(name)) {
          problems.add("unknown argument '" + path + name + "' (known: " + String.join(", ", props.keySet()) + ")");
        }
      }
    }
    for (Map.Entry<String, Object> e : args.entrySet()) {
      Object propSchema = props.get(e.getKey());
      if (propSchema != null && (strict || e.getValue() != null)) {
        checkValue(path + e.getKey(), (Map<String, Object>) propSchema, e.getValue(), problems, strict);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkValue(String name, Map<String, Object> schema, Object value, List<String> problems,
      boolean strict) {
    Object type = schema.get("type");
    String base = type instanceof List<?> types ? types.get(0).toString() : String.valueOf(type);
    if (value == null) {
      // Allowed where the type says so. (A null argument counts as absent and never gets here.)
      if (type != null && !(type instanceof List<?> types && types.contains("null"))) {
        problems.add("'" + name + "' must not be null");
      }
      return;
    }
    switch (base) {
      case "string" -> {
        if (!(value instanceof String s)) {
          problems.add("'" + name + "' must be a string");
          return;
        }
        int length = s.codePointCount(0, s.length());
        if (schema.get("minLength") instanceof Number min && length < min.intValue()) {
          problems.add(min.intValue() == 1 ? "'" + name + "' must not be empty"
              : "'" + name + "' must be at least " + min + " characters");
        }
        if (schema.get("maxLength") instanceof Number max && length > max.intValue()) {
          problems.add("'" + name + "' must be at most " + max + " characters (got " + length + ")");
        }
        checkEnum(name, schema, s, problems);
      }
      case "integer" -> {
        Long n = strict && !(value instanceof Number) ? null : asLong(value);
        if (n == null) {
          problems.add("'" + name + "' must be an integer, got " + quote(value));
          return;
        }
        if (schema.get("minimum") instanceof Number min && n < min.longValue()) {
          problems.add("'" + name + "' must be at least " + min + " (got " + n + ")");
        }
        if (schema.get("maximum") instanceof Number max && n > max.longValue()) {
          problems.add("'" + name + "' must be at most " + max + " (got " + n + ")");
        }
        checkEnum(name, schema, n, problems);
      }
      case "number" -> {
        if (!(value instanceof Number) && (strict || !isNumber(value))) {
          problems.add("'" + name + "' must be a number, got " + quote(value));
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean) && (strict || !"true".equals(value) && !"false".equals(value))) {
          problems.add("'" + name + "' must be true or false, got " + quote(value));
        }
      }
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          problems.add("'" + name + "' must be an array");
          return;
        }
        if (schema.get("minItems") instanceof Number min && list.size() < min.intValue()) {
          problems.add("'" + name + "' must have at least " + min + " item(s)");
        }
        if (schema.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
          problems.add("'" + name + "' must have at most " + max + " items (got " + list.size() + ")");
        }
        Map<String, Object> items = (Map<String, Object>) schema.get("items");
        for (int i = 0; items != null && i < list.size(); i++) {
          checkValue(name + "[" + i + "]", items, list.get(i), problems, strict);
        }
      }
      case "object" -> {
        if (!(value instanceof Map<?, ?> map)) {
          problems.add("'" + name + "' must be an object");
          return;
        }
        checkObject(name + ".", schema, (Map<String, Object>) map, problems, strict);
      }
      default -> { }
    }
  }

  private static void checkEnum(String name, Map<String, Object> schema, Object value, List<String> problems) {
    if (schema.get("enum") instanceof List<?> allowed) {
      boolean ok = allowed.stream().anyMatch(a -> a instanceof Number n && value instanceof Long l
          ? n.longValue() == l : a.toString().equals(value.toString()));
      if (!ok) {
        problems.add("'" + name + "' must be one of " + allowed + ", got " + quote(value));
      }
    }
  }

  private static Long asLong(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? n.longValue() : null;
    }
    if (value instanceof String s) {
      try {
        return Long.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean isNumber(Object value) {
    try {
      return Double.isFinite(Double.parseDouble(value.toString().trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String quote(Object value) {
    String s = String.valueOf(value);
    return value instanceof String ? "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'" : s;
  }
}
