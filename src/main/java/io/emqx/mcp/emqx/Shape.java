package io.emqx.mcp.emqx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.emqx.mcp.emqx.model.Required;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks an EMQX answer against the Java type it is decoded into, before it is decoded: the type is
 * the promise (a record's components, {@link Required} on the fields EMQX always sends, element and
 * value types of lists and maps). Anything else EMQX might send (null, a string {@code count}, an
 * object where a list belongs, a missing ID) is a {@link Mismatch} that names the place, what was
 * expected and what came, never the value, so tools get either a well-formed record or a clear EMQX
 * failure, not a null to trip over.
 *
 * <p>Strict where Jackson is lenient: no strings for numbers or booleans, no fractions for
 * integers, no numbers for strings, no null inside lists.
 */
final class Shape {

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();
  private static final ClassValue<List<Component>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
          List<Component> out = new ArrayList<>();
          for (RecordComponent c : type.getRecordComponents()) {
            out.add(
                new Component(
                    SNAKE.translate(c.getName()),
                    c.getGenericType(),
                    c.getType().isPrimitive() || c.isAnnotationPresent(Required.class)));
          }
          return List.copyOf(out);
        }
      };

  private record Component(String json, Type type, boolean required) {}

  /** An answer that is not of the promised shape: where, what was expected, what came. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String path, String expected, String got) {
      super(
          (path.isEmpty() ? "the body" : "'" + path + "'")
              + ": expected "
              + expected
              + ", got "
              + got);
    }
  }

  private Shape() {}

  /** Checks the whole answer; null, an empty body and JSON null are mismatches for every type. */
  static void check(JsonNode node, Type type) throws Mismatch {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new Mismatch(
          "", expected(type), node == null || node.isMissingNode() ? "an empty body" : "null");
    }
    check("", node, type, Map.of());
  }

  /**
   * A per-node stats or metrics row: counters (integers), and {@code node} (a string) unless
   * aggregated. EMQX's emqx_mgmt:get_stats/get_metrics (v5.8.9) send nothing else.
   */
  static void checkFigures(String path, JsonNode row) throws Mismatch {
    if (!row.isObject()) {
      throw new Mismatch(path, "an object", got(row));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String at = join(path, f.getKey());
      if (f.getKey().equals("node")) {
        if (!f.getValue().isTextual()) {
          throw new Mismatch(at, "a string", got(f.getValue()));
        }
      } else if (!f.getValue().isIntegralNumber() || !f.getValue().canConvertToLong()) {
        throw new Mismatch(at, "an integer", got(f.getValue()));
      }
    }
  }

  private static void check(
      String path, JsonNode node, Type type, Map<TypeVariable<?>, Type> bindings) throws Mismatch {
    Type t = resolve(type, bindings);
    Class<?> raw = raw(t);
    if (raw == Object.class) {
      return;
    }
    if (raw == String.class) {
      require(node.isTextual(), path, t, node);
    } else if (raw == Boolean.class || raw == boolean.class) {
      require(node.isBoolean(), path, t, node);
    } else if (raw == Integer.class || raw == int.class) {
      require(node.isIntegralNumber() && node.canConvertToInt(), path, t, node);
    } else if (raw == Long.class || raw == long.class) {
      require(node.isIntegralNumber() && node.canConvertToLong(), path, t, node);
    } else if (raw == Double.class || raw == double.class) {
      require(node.isNumber(), path, t, node);
    } else if (List.class.isAssignableFrom(raw)) {
      require(node.isArray(), path, t, node);
      Type element = argument(t, 0, bindings);
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String at = path + "[" + i + "]";
        if (item.isNull()) {
          throw new Mismatch(at, expected(element), "null");
        }
        check(at, item, element, bindings);
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      require(node.isObject(), path, t, node);
      Type value = argument(t, 1, bindings);
      if (raw(resolve(value, bindings)) != Object.class) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          if (!f.getValue().isNull()) {
            check(join(path, f.getKey()), f.getValue(), value, bindings);
          }
        }
      }
    } else if (raw.isRecord()) {
      require(node.isObject(), path, t, node);
      Map<TypeVariable<?>, Type> inner = bind(raw, t, bindings);
      for (Component c : COMPONENTS.get(raw)) {
        JsonNode child = node.get(c.json());
        String at = join(path, c.json());
        if (child == null || child.isNull()) {
          if (c.required()) {
            throw new Mismatch(
                at,
                expected(resolve(c.type(), inner)),
                child == null ? "nothing (absent)" : "null");
          }
          continue;
        }
        check(at, child, c.type(), inner);
      }
    }
    // Any other type is Jackson's to judge; a failure there is a bad response too.
  }

  /**
   * Masks credentials in every string of the answer, in place (see {@link Redactor}); EMQX data
   * that quotes them (an alarm on an HTTP connector, say) then reaches no result.
   */
  static void redact(JsonNode node, Redactor redactor) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (f.getValue().isTextual()) {
          String text = f.getValue().textValue();
          String clean = redactor.redact(text);
          if (!clean.equals(text)) {
            f.setValue(TextNode.valueOf(clean));
          }
        } else {
          redact(f.getValue(), redactor);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode item = a.get(i);
        if (item.isTextual()) {
          String clean = redactor.redact(item.textValue());
          if (!clean.equals(item.textValue())) {
            a.set(i, TextNode.valueOf(clean));
          }
        } else {
          redact(item, redactor);
        }
      }
    }
  }

  private static void require(boolean ok, String path, Type type, JsonNode node) throws Mismatch {
    if (!ok) {
      throw new Mismatch(path, expected(type), got(node));
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** What a type looks like in JSON, for messages. */
  static String expected(Type type) {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      return "a string";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "a boolean";
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      return "an integer";
    }
    if (raw == Double.class || raw == double.class) {
      return "a number";
    }
    if (List.class.isAssignableFrom(raw)) {
      return "an array";
    }
    return raw == Object.class ? "a value" : "an object";
  }

  /** What came, by JSON type only: the value itself may be large, or a credential. */
  static String got(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER ->
          node.isIntegralNumber()
              ? node.canConvertToLong()
                  ? "an integer" + (node.canConvertToInt() ? "" : " out of range")
                  : "an integer out of range"
              : "a fractional number";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      case MISSING -> "nothing (absent)";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> v) {
      return bindings.getOrDefault(v, Object.class);
    }
    if (type instanceof WildcardType w) {
      return w.getUpperBounds().length == 0 ? Object.class : w.getUpperBounds()[0];
    }
    return type;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type argument(Type type, int index, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof ParameterizedType p && index < p.getActualTypeArguments().length) {
      return resolve(p.getActualTypeArguments()[index], bindings);
    }
    return Object.class;
  }

  /** The type variables of a generic record ({@code Page<T>}) bound to the arguments given. */
  private static Map<TypeVariable<?>, Type> bind(
      Class<?> raw, Type type, Map<TypeVariable<?>, Type> outer) {
    TypeVariable<?>[] vars = raw.getTypeParameters();
    if (vars.length == 0 || !(type instanceof ParameterizedType p)) {
      return Map.of();
    }
    Map<TypeVariable<?>, Type> inner = new HashMap<>();
    for (int i = 0; i < vars.length; i++) {
      inner.put(vars[i], resolve(p.getActualTypeArguments()[i], outer));
    }
    return inner;
  }
}
