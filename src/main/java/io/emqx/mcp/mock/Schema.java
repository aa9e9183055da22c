package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Request-body checks with hocon's error terms (apps/emqx/src/emqx_hocon.erl and
 * apps/emqx_dashboard/src/emqx_dashboard_swagger.erl at v5.8.9). Errors are collected like hocon
 * collects them; {@link #done()} answers 400 BAD_REQUEST whose message is the JSON text of the one
 * error, or of the array when there are several. The reason texts are what hocon and typerefl say;
 * a client should only rely on {@code code} and on the path inside {@code message}.
 */
final class Schema {
  private final ArrayNode errors = Json.array();

  void error(String path, Object reason, JsonNode value) {
    ObjectNode e = Json.object().put("kind", "validation_error").put("path", path);
    e.set("reason", Json.MAPPER.valueToTree(reason));
    if (value != null) {
      e.set("value", value);
    }
    errors.add(e);
  }

  void done() {
    if (errors.size() == 1) {
      throw ApiError.of(400, "BAD_REQUEST", Json.write(errors.get(0)));
    }
    if (errors.size() > 1) {
      throw ApiError.of(400, "BAD_REQUEST", Json.write(errors));
    }
  }

  /** A body that should be an object but is not: hocon stops right there. */
  static void requireObject(JsonNode body, String path) {
    if (!body.isObject()) {
      var s = new Schema();
      s.error(path, "bad_value_for_struct", body);
      s.done();
    }
  }

  /** Unknown body fields are rejected, unlike unknown query parameters. */
  void noUnknownFields(JsonNode body, String path, Set<String> declared) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!declared.contains(f)) {
        unknown.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      var unmatched = new TreeSet<>(declared);
      body.fieldNames().forEachRemaining(unmatched::remove);
      ObjectNode e = Json.object().put("kind", "validation_error").put("path", path);
      e.put("reason", "unknown_fields").put("unknown", String.join(",", unknown));
      e.put("unmatched", String.join(",", unmatched));
      errors.add(e);
    }
  }

  /** A binary(): strings as they are, numbers coerced to their text, anything else an error. */
  String string(JsonNode body, String field, String path, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(path, "required_field", null);
      }
      return null;
    }
    if (v.isTextual() || v.isNumber()) {
      return v.asText();
    }
    error(path, java.util.Map.of("expected", "binary()"), v);
    return null;
  }

  /**
   * qos is a literal union 0|1|2; "1" is accepted; anything else fails with typerefl's odd text.
   */
  int qos(JsonNode body, String path) {
    JsonNode v = body.get("qos");
    if (v == null || v.isNull()) {
      return 0;
    }
    String t = v.isIntegralNumber() || v.isTextual() ? v.asText() : "";
    if (t.equals("0") || t.equals("1") || t.equals("2")) {
      return Integer.parseInt(t);
    }
    error(path, "Unable to parse string", v);
    return 0;
  }

  int integer(JsonNode body, String field, String path) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?\\d{1,9}"))) {
      return v.asInt();
    }
    // [UNVERIFIED] reason text for a non-integer; the path and code are what matter.
    error(path, java.util.Map.of("expected", "integer()"), v);
    return 0;
  }

  boolean bool(JsonNode body, String field, String path) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    error(path, "Unable to parse boolean value", v);
    return false;
  }

  /** A hocon enum; an unknown value is {@code not_a_enum_symbol}. */
  String oneOf(JsonNode body, String field, String path, Set<String> allowed, String dflt) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isTextual() && allowed.contains(v.asText())) {
      return v.asText();
    }
    error(path, "not_a_enum_symbol", v);
    return dflt;
  }
}
