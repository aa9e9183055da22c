package io.emqx.mcp.tools;

import io.emqx.mcp.topic.Topics;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a call's arguments. The arguments have already been checked against the tool's
 * input schema, so these readers only convert; checks a schema cannot express (e.g. a valid MQTT
 * topic name) throw {@link ToolException} with {@code INVALID_ARGUMENT}.
 */
public record Args(Map<String, Object> values) {

  public Args {
    values = values == null ? Map.of() : values;
  }

  public boolean has(String name) {
    return values.get(name) != null;
  }

  /** A required string, trimmed of nothing: client IDs and topics may contain spaces. */
  public String string(String name) {
    String value = optString(name);
    if (value == null || value.isEmpty()) {
      throw ToolException.invalid("'" + name + "' is required and must not be empty");
    }
    return value;
  }

  /**
   * A required value that goes into a URL path segment (a client ID, a topic): {@code .} and {@code
   * ..} are refused here, naming the argument, because no URL can carry them to EMQX.
   */
  public String segment(String name) {
    return segment(name, string(name));
  }

  /**
   * {@code value}, refused when it is {@code .} or {@code ..}, which no URL path segment can carry.
   */
  public static String segment(String label, String value) {
    if (value.equals(".") || value.equals("..")) {
      throw ToolException.invalid(
          "'"
              + label
              + "' cannot be '"
              + value
              + "': EMQX's API cannot address it "
              + "(the URL path drops dot-segments)");
    }
    return value;
  }

  public String optString(String name) {
    Object value = values.get(name);
    return value == null ? null : value.toString();
  }

  public String string(String name, String fallback) {
    String value = optString(name);
    return value == null ? fallback : value;
  }

  /**
   * An optional integer, narrowed exactly: a value that is not a whole JSON number within a Java
   * {@code int} is refused rather than wrapped (2^32+1 must never become 1). The schema check has
   * refused it already with the tool's own range; this is the last line before a value goes out.
   */
  public Integer optInt(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    java.math.BigDecimal n = ArgumentCheck.exact(value);
    if (n == null || !ArgumentCheck.isWhole(n)) {
      throw ToolException.invalid(
          "'" + name + "' must be an integer, got " + ArgumentCheck.quote(value));
    }
    try {
      return n.intValueExact();
    } catch (ArithmeticException outOfRange) {
      throw ToolException.invalid("'" + name + "' is out of range: " + ArgumentCheck.quote(value));
    }
  }

  public int integer(String name, int fallback) {
    Integer value = optInt(name);
    return value == null ? fallback : value;
  }

  public Boolean optBool(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ToolException.invalid("'" + name + "' must be true or false, got '" + value + "'");
    };
  }

  /**
   * An optional topic filter, or with {@code filter} false a topic name, checked as MQTT requires;
   * null when absent. For values only searched for (no message is read), which the topic policy
   * therefore does not cover; declared topic arguments are checked by the policy instead.
   */
  public String optTopic(String name, boolean filter) {
    String value = optString(name);
    return value == null ? null : validTopic(name, value, filter);
  }

  /** Checks a topic filter or name, naming the argument in the error ({@code INVALID_ARGUMENT}). */
  public static String validTopic(String label, String value, boolean filter) {
    try {
      return filter ? Topics.validateFilter(value) : Topics.validateTopicName(value);
    } catch (IllegalArgumentException e) {
      throw ToolException.invalid(
          "'"
              + label
              + "' is not a valid MQTT topic "
              + (filter ? "filter" : "name")
              + ": "
              + e.getMessage());
    }
  }

  /**
   * The objects of an array argument, each as its own {@code Args}; empty when the argument is
   * absent. The schema check has already made sure every element is an object.
   */
  @SuppressWarnings("unchecked")
  public List<Args> objects(String name) {
    if (!(values.get(name) instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .map(e -> new Args(e instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()))
        .toList();
  }

  public boolean bool(String name, boolean fallback) {
    Boolean value = optBool(name);
    return value == null ? fallback : value;
  }
}
