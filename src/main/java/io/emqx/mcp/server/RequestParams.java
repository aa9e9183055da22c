package io.emqx.mcp.server;

import io.emqx.mcp.tools.ErrorCode;
import io.emqx.mcp.tools.Results;
import io.emqx.mcp.tools.ToolException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mapper the MCP server reads request params with: the protocol mapper, except where the SDK
 * would choke on what a client sent.
 *
 * <p>The SDK's request handlers convert their params first thing, outside any error handling of
 * their own. A {@code tools/call} without params, with {@code "arguments": [1]} or without a name
 * therefore threw from the handler: over stdio it came back as -32603 with Java exception text, and
 * over streamable HTTP the exception escaped the reply altogether (SDK 2.1.0 {@code
 * McpStreamableServerSession.responseStream} calls the handler before its {@code onErrorResume}),
 * leaving a {@code 200 text/event-stream} with an empty body and a client that waits forever. So
 * such a call is turned, here, into a call of a hidden tool whose handler answers it: -32602
 * Invalid params for a malformed call, and for a name that is no tool of ours the contract's {@code
 * INVALID_ARGUMENT} result with the close names. Both then go out the way every answer goes, on
 * every transport. A client cannot reach the hidden tool by its name: a name outside the catalog is
 * always rewritten.
 *
 * <p>Other requests whose params are missing or do not fit (resources/read, prompts/get,
 * completion/complete) get a stand-in that the SDK answers with -32602 inside its reply chain, for
 * the same reason; see {@link #request}.
 */
final class RequestParams extends ForwardingJsonMapper {

  /** Valid for the SDK's strict tool-name check, and no catalog name starts with a dot. */
  static final String REFUSED_CALL = ".refused-call";

  /**
   * The hidden tool's input schema: any object (it is only ever called with what this class built).
   */
  static final Map<String, Object> SCHEMA = Map.of("type", "object");

  private static final String PROBLEM = "problem";

  /**
   * A URI the client template matches, so that its handler answers a read without usable params.
   */
  static final String REFUSED_URI = "emqx://clients/refused-read";

  private static final String UNKNOWN = "unknown_tool";
  private static final int CLOSE_NAMES = 5;

  /**
   * The params the SDK's handlers convert and then use without a null check (2.1.0 McpAsyncServer).
   */
  private static final Set<Class<?>> CHECKED =
      Set.of(
          McpSchema.ReadResourceRequest.class,
          McpSchema.SubscribeRequest.class,
          McpSchema.UnsubscribeRequest.class,
          McpSchema.GetPromptRequest.class,
          McpSchema.CompleteRequest.class,
          McpSchema.SetLevelRequest.class);

  private final Set<String> tools;

  /**
   * @param tools the names a call may name: every registered tool, offered or not
   */
  RequestParams(McpJsonMapper delegate, Set<String> tools) {
    super(delegate);
    this.tools = Set.copyOf(tools);
  }

  /** The hidden tool: answers the calls {@link #callRequest} turned away. Never listed. */
  SyncToolSpecification refusedCalls() {
    McpSchema.Tool tool =
        McpSchema.Tool.builder()
            .name(REFUSED_CALL)
            .description(
                "Answers tools/call requests that name no tool or are malformed; not listed.")
            .inputSchema(SCHEMA)
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> answer(request))
        .build();
  }

  private CallToolResult answer(CallToolRequest request) {
    Map<String, Object> args = request.arguments();
    Object unknown = args.get(UNKNOWN);
    if (unknown != null) {
      return unknownTool(unknown.toString());
    }
    throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
        .message(String.valueOf(args.get(PROBLEM)))
        .build();
  }

  /**
   * The answer to a call of a tool we do not have, on either revision: the contract's {@code
   * INVALID_ARGUMENT} result with the closest names.
   */
  CallToolResult unknownTool(String name) {
    String asked = name == null ? "" : name;
    List<String> close = closeNames(asked);
    String message =
        "There is no tool '"
            + shown(asked)
            + "'."
            + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?")
            + " tools/list shows every tool this server offers.";
    return Results.error(
        Results.describe(
            new ToolException(ErrorCode.INVALID_ARGUMENT, message, Map.of("did_you_mean", close))),
        System.nanoTime());
  }

  /**
   * The catalog names close to {@code name}, closest first: within a small edit distance
   * (get_clients), or holding all its words (kick_client: kick_mqtt_client).
   */
  List<String> closeNames(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    if (wanted.length() > 200) {
      return List.of(); // no tool name is that long; and the distance below is quadratic
    }
    int allowed = Math.max(2, wanted.length() / 3);
    return tools.stream()
        .map(t -> Map.entry(t, distance(wanted, t)))
        .filter(e -> e.getValue() <= allowed || sharesWords(e.getKey(), wanted))
        .sorted(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(CLOSE_NAMES)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Whether every word of {@code wanted} (kick_client) is a word of {@code tool}
   * (kick_mqtt_client).
   */
  private static boolean sharesWords(String tool, String wanted) {
    List<String> words = List.of(tool.split("_"));
    String[] asked = wanted.split("_");
    return asked.length >= 2 && java.util.Arrays.stream(asked).allMatch(words::contains);
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The params of a {@code tools/call}, or a call of {@link #REFUSED_CALL} that says what is wrong
   * with them.
   */
  private CallToolRequest callRequest(Object params, TypeRef<CallToolRequest> type) {
    if (!(params instanceof Map<?, ?> map)) {
      return refused(
          "tools/call needs params: {\"name\": \"<tool>\", \"arguments\": {…}}"
              + (params == null ? "" : ", got " + kind(params)));
    }
    Object name = map.get("name");
    if (!(name instanceof String tool) || tool.isEmpty()) {
      return refused(
          "tools/call needs 'name', the tool to call (a string from tools/list)"
              + (name == null ? "" : ", got " + kind(name)));
    }
    Object arguments = map.get("arguments");
    if (arguments != null && !(arguments instanceof Map)) {
      return refused(
          "'arguments' of tools/call must be an object of the tool's arguments by name, e.g. "
              + "{\"clientid\": \"sensor-1\"}, got "
              + kind(arguments));
    }
    Object meta = map.get("_meta");
    if (meta != null && !(meta instanceof Map)) {
      return refused("'_meta' of tools/call must be an object, got " + kind(meta));
    }
    if (!tools.contains(tool)) {
      return new CallToolRequest(REFUSED_CALL, Map.of(UNKNOWN, tool), null);
    }
    if (stringKeys(arguments) && stringKeys(meta)) {
      // Built from the checked values as they are: what Jackson's conversion makes of params read
      // from JSON, without writing them out and reading them back for every call.
      @SuppressWarnings("unchecked")
      CallToolRequest request =
          new CallToolRequest(tool, (Map<String, Object>) arguments, (Map<String, Object>) meta);
      return request;
    }
    try {
      return delegate.convertValue(params, type);
    } catch (RuntimeException e) {
      return refused(
          "tools/call params could not be read: give {\"name\": \"<tool>\", \"arguments\": {…}}");
    }
  }

  /** Null, or a map whose keys are all strings (as every JSON object's are). */
  private static boolean stringKeys(Object map) {
    if (map == null) {
      return true;
    }
    for (Object key : ((Map<?, ?>) map).keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  private static CallToolRequest refused(String problem) {
    return new CallToolRequest(REFUSED_CALL, Map.of(PROBLEM, "Invalid params: " + problem), null);
  }

  /**
   * A client's text fit to quote: at most 100 characters, and no lone surrogate, which no UTF-8
   * answer could carry.
   */
  static String shown(String text) {
    String cut = text.length() > 100 ? text.substring(0, 100) + "…" : text;
    StringBuilder out = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < cut.length()
              && Character.isLowSurrogate(cut.charAt(i + 1));
      if (pair) {
        out.append(c).append(cut.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) || Character.isISOControl(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /** What a JSON value is, for a message: never its (maybe huge) text. */
  static String kind(Object value) {
    if (value instanceof List<?>) {
      return "an array";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "null";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    if (type.getType() == CallToolRequest.class) {
      return (T) callRequest(fromValue, (TypeRef<CallToolRequest>) type);
    }
    if (type.getType() instanceof Class<?> c && CHECKED.contains(c)) {
      return request(fromValue, () -> delegate.convertValue(fromValue, type), c);
    }
    return delegate.convertValue(fromValue, type);
  }

  @Override
  public <T> T convertValue(Object fromValue, Class<T> type) {
    if (CHECKED.contains(type)) {
      return request(fromValue, () -> delegate.convertValue(fromValue, type), type);
    }
    return delegate.convertValue(fromValue, type);
  }

  /**
   * A request's params; when there are none or they do not fit, a stand-in that makes the SDK's
   * handler fail inside its reply chain with -32602 (throwing here would escape it on streamable
   * HTTP, as above): a resource read of a URI that {@link Resources} refuses with the problem, a
   * prompt or completion naming a prompt that does not exist. Elsewhere (logging/setLevel converts
   * inside its chain) -32602 is thrown.
   */
  @SuppressWarnings("unchecked")
  private static <T> T request(
      Object params, java.util.function.Supplier<T> convert, Class<?> type) {
    T value = null;
    if (params instanceof Map<?, ?>) {
      try {
        value = convert.get();
      } catch (RuntimeException e) {
        value = null;
      }
    }
    if (usable(value)) {
      return value;
    }
    String problem =
        "Invalid params: " + expected(type) + (params == null ? "" : ", got " + kind(params));
    if (type == McpSchema.ReadResourceRequest.class) {
      return (T) new McpSchema.ReadResourceRequest(REFUSED_URI, Map.of(PROBLEM, problem));
    }
    if (type == McpSchema.GetPromptRequest.class) {
      return (T) new McpSchema.GetPromptRequest("(" + problem + ")", Map.of());
    }
    if (type == McpSchema.CompleteRequest.class) {
      return (T)
          new McpSchema.CompleteRequest(
              new McpSchema.PromptReference("(" + problem + ")"),
              new McpSchema.CompleteRequest.CompleteArgument("refused", ""));
    }
    throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(problem).build();
  }

  /** Whether the SDK can use a converted request without meeting a null. */
  private static boolean usable(Object value) {
    if (value instanceof McpSchema.ReadResourceRequest r) {
      return r.uri() != null;
    }
    if (value instanceof McpSchema.GetPromptRequest p) {
      return p.name() != null;
    }
    if (value instanceof McpSchema.CompleteRequest c) {
      return c.ref() != null
          && c.ref().type() != null
          && c.argument() != null
          && c.argument().name() != null;
    }
    if (value instanceof McpSchema.SetLevelRequest l) {
      return l.level() != null;
    }
    return value != null;
  }

  /**
   * The problem a stand-in resource read carries (see {@link #request}), or null for a real read. A
   * client may put the key in its own {@code _meta}: it gets its own text back as an error.
   */
  static String problemOf(McpSchema.ReadResourceRequest request) {
    return request.meta() != null && request.meta().get(PROBLEM) instanceof String p ? p : null;
  }

  /** What a request's params must look like, in the protocol's words. */
  private static String expected(Class<?> type) {
    if (type == McpSchema.ReadResourceRequest.class
        || type == McpSchema.SubscribeRequest.class
        || type == McpSchema.UnsubscribeRequest.class) {
      return "the request needs params {\"uri\": \"<resource URI>\"}";
    }
    if (type == McpSchema.GetPromptRequest.class) {
      return "prompts/get needs params {\"name\": \"<prompt>\", \"arguments\": {…}}";
    }
    if (type == McpSchema.CompleteRequest.class) {
      return "completion/complete needs params {\"ref\": {…}, \"argument\": {\"name\": …, \"value\": …}}";
    }
    if (type == McpSchema.SetLevelRequest.class) {
      return "logging/setLevel needs params {\"level\": \"info\"}";
    }
    return "the request needs its params as an object";
  }
}
