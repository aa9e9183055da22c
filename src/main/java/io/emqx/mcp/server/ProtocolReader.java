package io.emqx.mcp.server;

import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the records of what a client sends (the params of its requests, its answers to ours)
 * straight from the map they were read as, where Jackson's {@code convertValue} would build the
 * same record from it. Why: the first conversion to each record type has Jackson introspect it
 * (creators, properties, annotations), tens of milliseconds of a cold start for {@code initialize}
 * alone; and every conversion writes the params to a token buffer and reads them back.
 *
 * <p>A record is built here only when the whole value is a tree of what Jackson's parser produces
 * (maps with string keys, lists, strings, booleans, {@code Integer}, {@code Long}, {@code
 * BigInteger}, {@code BigDecimal}, null), every property has exactly the type the record declares
 * (a string for a {@code String}, a boolean for a {@code Boolean}, a map for a record or a map),
 * and every property the record's {@code @JsonCreator} would replace with a default (and warn
 * about) is present. Then Jackson would copy the values as they are, and the record is {@code
 * equals} to Jackson's. Anything else (a number for a string, which Jackson coerces; an icon list;
 * a missing name; a value from code that is no plain tree) returns null, and the caller asks
 * Jackson, so its coercions, defaults, warnings and errors stay exactly as they were. Maps and
 * lists are shared with the input rather than copied: the input is the map just parsed from the
 * message, which nothing else holds.
 */
final class ProtocolReader {

  /** Deeper than this, Jackson decides (and enforces its own nesting limit). */
  private static final int MAX_DEPTH = ProtocolWriter.MAX_DEPTH;

  /** The records built here; any other type is Jackson's without a look at the value. */
  static final Set<Type> READ =
      Set.of(
          McpSchema.InitializeRequest.class,
          McpSchema.CallToolRequest.class,
          McpSchema.ReadResourceRequest.class,
          McpSchema.SubscribeRequest.class,
          McpSchema.UnsubscribeRequest.class,
          McpSchema.GetPromptRequest.class,
          McpSchema.SetLevelRequest.class,
          McpSchema.CompleteRequest.class,
          McpSchema.JSONRPCResponse.class,
          McpSchema.ElicitResult.class);

  private ProtocolReader() {}

  /** {@code make} of the string at {@code key}, or null (Jackson's) when there is none. */
  private static <T> T withText(Map<?, ?> map, String key, Function<String, T> make) {
    String value = text(map, key);
    return value == null ? null : make.apply(value);
  }

  /** The record of {@code type} built from {@code from}, or null when Jackson must build it. */
  static Object read(Object from, Type type) {
    if (!READ.contains(type) || !(from instanceof Map<?, ?> map) || !plain(map, 0)) {
      return null;
    }
    try {
      if (type == McpSchema.InitializeRequest.class) {
        return initialize(map);
      }
      if (type == McpSchema.CallToolRequest.class) {
        return withText(
            map,
            "name",
            name ->
                new McpSchema.CallToolRequest(
                    name, object(map, "arguments"), object(map, "_meta")));
      }
      if (type == McpSchema.ReadResourceRequest.class) {
        return withText(
            map, "uri", uri -> new McpSchema.ReadResourceRequest(uri, object(map, "_meta")));
      }
      if (type == McpSchema.SubscribeRequest.class) {
        return withText(
            map, "uri", uri -> new McpSchema.SubscribeRequest(uri, object(map, "_meta")));
      }
      if (type == McpSchema.UnsubscribeRequest.class) {
        return withText(
            map, "uri", uri -> new McpSchema.UnsubscribeRequest(uri, object(map, "_meta")));
      }
      if (type == McpSchema.GetPromptRequest.class) {
        return withText(
            map,
            "name",
            name ->
                new McpSchema.GetPromptRequest(
                    name, object(map, "arguments"), object(map, "_meta")));
      }
      if (type == McpSchema.SetLevelRequest.class) {
        // The enum's @JsonCreator; an unknown level is null there, and Jackson's default ("info",
        // with a warning) then.
        McpSchema.LoggingLevel level = McpSchema.LoggingLevel.fromValue(text(map, "level"));
        return level == null ? null : new McpSchema.SetLevelRequest(level);
      }
      if (type == McpSchema.CompleteRequest.class) {
        return complete(map);
      }
      if (type == McpSchema.JSONRPCResponse.class) {
        return response(map);
      }
      if (type == McpSchema.ElicitResult.class) {
        McpSchema.ElicitResult.Action action = action(text(map, "action"));
        return action == null
            ? null
            : new McpSchema.ElicitResult(action, object(map, "content"), object(map, "_meta"));
      }
    } catch (NotPlain | IllegalArgumentException notBuilt) {
      // A value of another type, or one a record's constructor refuses (an empty name): Jackson
      // says what it says about it.
      return null;
    }
    return null;
  }

  /** A value whose type is not the one declared: control flow only, so it carries no stack. */
  private static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final NotPlain NOT_PLAIN = new NotPlain();

  private static McpSchema.InitializeRequest initialize(Map<?, ?> map) {
    String version = text(map, "protocolVersion");
    Map<?, ?> capabilities = map.get("capabilities") instanceof Map<?, ?> m ? m : null;
    Map<?, ?> info = map.get("clientInfo") instanceof Map<?, ?> m ? m : null;
    if (version == null || capabilities == null || info == null) {
      return null; // absent, null or of another type: Jackson's default, warning or error
    }
    String name = text(info, "name");
    String clientVersion = text(info, "version");
    if (name == null || clientVersion == null || info.get("icons") != null) {
      return null;
    }
    McpSchema.Implementation client =
        new McpSchema.Implementation(
            name,
            text(info, "title"),
            clientVersion,
            text(info, "description"),
            null,
            text(info, "websiteUrl"));
    Map<String, Object> roots = object(capabilities, "roots");
    Map<String, Object> elicitation = object(capabilities, "elicitation");
    McpSchema.ClientCapabilities caps =
        new McpSchema.ClientCapabilities(
            object(capabilities, "experimental"),
            roots == null ? null : new McpSchema.ClientCapabilities.RootCapabilities(flag(roots)),
            object(capabilities, "sampling") == null
                ? null
                : new McpSchema.ClientCapabilities.Sampling(),
            elicitation == null
                ? null
                : new McpSchema.ClientCapabilities.Elicitation(
                    object(elicitation, "form") == null
                        ? null
                        : new McpSchema.ClientCapabilities.Elicitation.Form(),
                    object(elicitation, "url") == null
                        ? null
                        : new McpSchema.ClientCapabilities.Elicitation.Url()),
            extensions(capabilities));
    return new McpSchema.InitializeRequest(version, caps, client, object(map, "_meta"));
  }

  /** completion/complete: the reference by its {@code type} id (EXISTING_PROPERTY), as Jackson. */
  private static McpSchema.CompleteRequest complete(Map<?, ?> map) {
    Map<String, Object> ref = object(map, "ref");
    Map<String, Object> argument = object(map, "argument");
    Map<String, Object> context = object(map, "context");
    if (ref == null || argument == null) {
      return null;
    }
    McpSchema.CompleteReference reference;
    String type = text(ref, "type");
    if (McpSchema.PromptReference.TYPE.equals(type)) {
      reference = new McpSchema.PromptReference(type, text(ref, "name"), text(ref, "title"));
    } else if (McpSchema.ResourceReference.TYPE.equals(type)) {
      reference = new McpSchema.ResourceReference(text(ref, "uri"));
    } else {
      return null; // no type id, or an unknown one: Jackson's error
    }
    McpSchema.CompleteRequest.CompleteContext completeContext = null;
    if (context != null) {
      Map<String, Object> arguments = object(context, "arguments");
      if (arguments != null) {
        for (Object v : arguments.values()) {
          text(v); // Map<String, String>: Jackson turns a number into text
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, String> strings = (Map<String, String>) (Map<String, ?>) arguments;
      completeContext = new McpSchema.CompleteRequest.CompleteContext(strings);
    }
    return new McpSchema.CompleteRequest(
        reference,
        new McpSchema.CompleteRequest.CompleteArgument(
            text(argument, "name"), text(argument, "value")),
        object(map, "_meta"),
        completeContext);
  }

  /** A client's answer to a request of ours (elicitation, ping): the result as it was read. */
  private static McpSchema.JSONRPCResponse response(Map<?, ?> map) {
    Object error = map.get("error");
    McpSchema.JSONRPCResponse.JSONRPCError jsonError = null;
    if (error instanceof Map<?, ?> e && e.get("code") instanceof Integer code) {
      jsonError =
          new McpSchema.JSONRPCResponse.JSONRPCError(code, text(e, "message"), e.get("data"));
    } else if (error != null) {
      return null;
    }
    return new McpSchema.JSONRPCResponse(
        text(map, "jsonrpc"), map.get("id"), map.get("result"), jsonError);
  }

  /**
   * An elicitation's answer by its {@code @JsonProperty} name; null for anything else (Jackson also
   * takes an index, and defaults a missing action to cancel with a warning).
   */
  private static McpSchema.ElicitResult.Action action(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "accept" -> McpSchema.ElicitResult.Action.ACCEPT;
      case "decline" -> McpSchema.ElicitResult.Action.DECLINE;
      case "cancel" -> McpSchema.ElicitResult.Action.CANCEL;
      default -> null;
    };
  }

  private static Boolean flag(Map<?, ?> roots) {
    Object v = roots.get("listChanged");
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw NOT_PLAIN;
  }

  /** {@code Map<String, Map<String, Object>>}: each value an object or null. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> extensions(Map<?, ?> capabilities) {
    Map<String, Object> extensions = object(capabilities, "extensions");
    if (extensions != null) {
      for (Object v : extensions.values()) {
        if (v != null && !(v instanceof Map)) {
          throw NOT_PLAIN;
        }
      }
    }
    return (Map<String, Map<String, Object>>) (Map<String, ?>) extensions;
  }

  /** A string property, absent or null as null (a required one is then Jackson's to default). */
  private static String text(Map<?, ?> map, String key) {
    return text(map.get(key));
  }

  private static String text(Object v) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw NOT_PLAIN; // a number or boolean: Jackson coerces it to text
  }

  /** An object property, absent or null as null. Keys are strings: {@link #plain} checked. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null || v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw NOT_PLAIN;
  }

  /** Whether the value is a tree of the types Jackson's parser (and its conversion) produces. */
  private static boolean plain(Object v, int depth) {
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v.getClass() == BigInteger.class
        || v.getClass() == BigDecimal.class) {
      return true;
    }
    if (depth >= MAX_DEPTH) {
      return false;
    }
    if (v instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof List<?> list) {
      for (Object item : list) {
        if (!plain(item, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
