package io.emqx.mcp.tools;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks call arguments against a tool's input schema, for exactly the keywords {@link Schema}
 * emits (type, enum, minimum/maximum, minLength/maxLength, required, additionalProperties, array
 * items). The SDK's own validation is switched off: it answers in plain text, while ours answers
 * {@code INVALID_ARGUMENT} with a message a model can act on. Numbers and booleans sent as strings
 * are accepted, as some clients send every argument as text; integers are not: one is judged on its
 * exact value (see {@link #checkInteger}), and the narrowing that follows must not meet a surprise.
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
  private static void checkObject(
      String path,
      Map<String, Object> schema,
      Map<String, Object> args,
      List<String> problems,
      boolean strict) {
    Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
      if (strict ? !args.containsKey(name.toString()) : args.get(name.toString()) == null) {
        problems.add("'" + path + name + "' is required");
      }
    }
    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
      for (String name : args.keySet()) {
        if (!props.containsKey(name)) {
          problems.add(
              "unknown argument '"
                  + path
                  + name
                  + "' (known: "
                  + String.join(", ", props.keySet())
                  + ")");
        }
      }
    }
    for (Map.Entry<String, Object> e : args.entrySet()) {
      Object propSchema = props.get(e.getKey());
      if (propSchema != null && (strict || e.getValue() != null)) {
        checkValue(
            path + e.getKey(), (Map<String, Object>) propSchema, e.getValue(), problems, strict);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkValue(
      String name,
      Map<String, Object> schema,
      Object value,
      List<String> problems,
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
        int lone = strict ? -1 : loneSurrogate(s);
        if (lone >= 0) {
          problems.add(
              "'"
                  + name
                  + "' has a lone UTF-16 surrogate (\\u"
                  + Integer.toHexString(s.charAt(lone)).toUpperCase(java.util.Locale.ROOT)
                  + " at character "
                  + lone
                  + "), which UTF-8 cannot carry: it would "
                  + "reach EMQX as '?'. Send the whole character (both halves of the pair, or the character itself)");
          return;
        }
        int length = s.codePointCount(0, s.length());
        if (schema.get("minLength") instanceof Number min && length < min.intValue()) {
          problems.add(
              min.intValue() == 1
                  ? "'" + name + "' must not be empty"
                  : "'" + name + "' must be at least " + min + " characters");
        }
        if (schema.get("maxLength") instanceof Number max && length > max.intValue()) {
          problems.add(
              "'" + name + "' must be at most " + max + " characters (got " + length + ")");
        }
        checkEnum(name, schema, s, problems);
      }
      case "integer" -> checkInteger(name, schema, value, problems, strict);
      case "number" -> {
        if (!(value instanceof Number) && (strict || !isNumber(value))) {
          problems.add("'" + name + "' must be a number, got " + quote(value));
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)
            && (strict || !"true".equals(value) && !"false".equals(value))) {
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
          problems.add(
              "'" + name + "' must have at most " + max + " items (got " + list.size() + ")");
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
      default -> {}
    }
  }

  private static void checkEnum(
      String name, Map<String, Object> schema, Object value, List<String> problems) {
    if (schema.get("enum") instanceof List<?> allowed) {
      boolean ok = allowed.stream().anyMatch(a -> a.toString().equals(value.toString()));
      if (!ok) {
        problems.add("'" + name + "' must be one of " + allowed + ", got " + quote(value));
      }
    }
  }

  /**
   * An integer, judged on the exact number the client sent (the protocol mapper reads JSON numbers
   * as {@code BigInteger}/{@code BigDecimal}, never as a double), so that 2^64+1 or 4294967297 is
   * out of range rather than wrapped to 1 by a narrowing later. As JSON Schema has it, a number
   * with a zero fraction (5.0, 1e3) is an integer; a string ("5") is not. An input with no declared
   * maximum or minimum is still bounded by what {@link Args} reads it as: a Java {@code int}.
   */
  private static void checkInteger(
      String name,
      Map<String, Object> schema,
      Object value,
      List<String> problems,
      boolean strict) {
    BigDecimal n = exact(value);
    if (n == null || !isWhole(n)) {
      problems.add(
          "'"
              + name
              + "' must be an integer (a whole JSON number such as 5), got "
              + quote(value)
              + (value instanceof String ? " (a string)" : ""));
      return;
    }
    Object min = schema.get("minimum");
    Object max = schema.get("maximum");
    if (!strict) {
      min = min instanceof Number ? min : Integer.MIN_VALUE;
      max = max instanceof Number ? max : Integer.MAX_VALUE;
    }
    if (min instanceof Number m && n.compareTo(exact(m)) < 0) {
      problems.add("'" + name + "' must be at least " + m + " (got " + quote(n) + ")");
    } else if (max instanceof Number m && n.compareTo(exact(m)) > 0) {
      problems.add("'" + name + "' must be at most " + m + " (got " + quote(n) + ")");
    } else if (schema.get("enum") instanceof List<?> allowed
        && allowed.stream().noneMatch(a -> a instanceof Number v && n.compareTo(exact(v)) == 0)) {
      problems.add("'" + name + "' must be one of " + allowed + ", got " + quote(n));
    }
  }

  /**
   * The exact value of a JSON number; null for anything else (a string, NaN, an infinity). A double
   * only arrives from a caller that bypassed the protocol mapper; it is taken at its exact binary
   * value.
   */
  static BigDecimal exact(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(d) : null;
    }
    return null;
  }

  /** The index of the first surrogate char that is not half of a pair, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a number has no fraction; cheap even for 1e999999999 (no digits are expanded). */
  static boolean isWhole(BigDecimal n) {
    return n.signum() == 0 || n.scale() <= 0 || n.stripTrailingZeros().scale() <= 0;
  }

  private static boolean isNumber(Object value) {
    try {
      return Double.isFinite(Double.parseDouble(value.toString().trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * A value for a message: strings quoted, and anything long (a 1,000-digit number too) cut to 40
   * characters.
   */
  static String quote(Object value) {
    String s = String.valueOf(value);
    s = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return value instanceof String ? "'" + s + "'" : s;
  }
}
