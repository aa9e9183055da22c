package io.emqx.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The protocol mapper writes every message the server sends exactly as Jackson writes it, byte for
 * byte, as bytes and as a string; and hands Jackson whatever it does not cover.
 */
class ProtocolWriterTest {

  private static final McpJsonMapper JACKSON =
      new JacksonMcpJsonMapper(
          new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS));
  private static final McpJsonMapper FAST = McpServerFactory.jsonMapper();
  private static final ObjectMapper TREES = new ObjectMapper();

  @Property(tries = 1000)
  void everyCoveredMessage_isWrittenAsJacksonWritesIt(@ForAll("messages") Object message)
      throws Exception {
    assertNotNull(ProtocolWriter.bytes(message), "covered, so written by hand: " + message);
    assertSameAsJackson(message);
  }

  @Property(tries = 300)
  void plainValues_areWrittenAsJacksonWritesThem(@ForAll("plain") Object value) throws Exception {
    assertNotNull(ProtocolWriter.bytes(value));
    assertSameAsJackson(value);
  }

  @Property(tries = 300)
  void anythingNotCovered_goesToJackson(@ForAll("uncovered") Object message) throws Exception {
    assertNull(ProtocolWriter.bytes(message), "not covered: " + message);
    assertNull(ProtocolWriter.string(message));
    assertSameAsJackson(message);
  }

  @Test
  void stringsAreEscapedAsJacksonEscapesThem() throws Exception {
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < 0x800; c++) {
      every.append(c);
    }
    every.append("\uD83D\uDE00 \uD800 x \uDC00 \uFFFF \u2028");
    assertSameAsJackson(Map.of("s", every.toString(), every.toString(), 1));
  }

  /** Long text is encoded a slice at a time: a pair split by a slice's end stays one. */
  @Test
  void longStringsAreWrittenWhole() throws Exception {
    for (int k = 1018; k < 1030; k++) {
      String text = "a".repeat(k) + "\uD83D\uDE00" + "é\u0001\u20AC".repeat(700) + "\uDBFF\uDFFF";
      McpSchema.JSONRPCResponse message =
          McpSchema.JSONRPCResponse.result(
              1,
              new McpSchema.CallToolResult(
                  List.of(new McpSchema.TextContent(text)), false, null, null));
      assertNotNull(ProtocolWriter.string(message));
      assertNotNull(ProtocolWriter.bytes(message));
      assertSameAsJackson(message);
    }
  }

  @Test
  void numbersAreWrittenAsJacksonWritesThem() throws Exception {
    List<Object> numbers =
        List.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            1e21,
            1e-7,
            0.1,
            Float.NaN,
            Float.NEGATIVE_INFINITY,
            1.1f,
            Float.MIN_VALUE,
            Long.MIN_VALUE,
            Integer.MIN_VALUE,
            (short) -7,
            (byte) 3,
            new BigDecimal("1E+3"),
            new BigDecimal("-0.000000001"),
            new BigDecimal("123456789012345678901234567890.5"),
            new BigInteger("-123456789012345678901234567890"));
    assertSameAsJackson(numbers);
    assertNotNull(ProtocolWriter.bytes(numbers));
  }

  @Test
  void aNestingDeeperThanTheLimit_isJacksons() throws Exception {
    Object deep = "x";
    for (int i = 0; i < ProtocolWriter.MAX_DEPTH + 5; i++) {
      deep = List.of(deep);
    }
    assertNull(ProtocolWriter.bytes(deep));
    assertSameAsJackson(deep);
  }

  @Test
  void aValueJacksonRefuses_isRefusedAlike() throws Exception {
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    for (Object refused : List.of(new Object(), nullKey)) {
      assertSameAsJackson(refused);
      assertTrue(outcome(() -> FAST.writeValueAsBytes(refused)).startsWith(FAILED));
    }
  }

  /**
   * The same bytes and the same string as Jackson's, or the same failure; and, where the output
   * parses (a lone surrogate's escape does not), the same tree.
   */
  private static void assertSameAsJackson(Object value) throws Exception {
    String expected = outcome(() -> JACKSON.writeValueAsBytes(value));
    String actual = outcome(() -> FAST.writeValueAsBytes(value));
    assertEquals(expected, actual);
    assertEquals(
        outcome(() -> JACKSON.writeValueAsString(value)),
        outcome(() -> FAST.writeValueAsString(value)));
    if (!expected.startsWith(FAILED)) {
      assertEquals(outcome(() -> TREES.readTree(expected)), outcome(() -> TREES.readTree(actual)));
    }
  }

  private static final String FAILED = "failed: ";

  private interface Write {
    Object run() throws Exception;
  }

  /** What was written (bytes as UTF-8 text: Jackson's always are), or how it failed. */
  private static String outcome(Write write) {
    try {
      Object out = write.run();
      return out instanceof byte[] bytes
          ? new String(bytes, StandardCharsets.UTF_8)
          : out.toString();
    } catch (Exception e) {
      return FAILED + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  // ---- generators

  /** Any text: ASCII, controls, quotes, backslashes, any BMP char, paired and lone surrogates. */
  private static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ascii().ofMaxLength(10),
        Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(10),
        Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001F\u007F\u2028é").ofMaxLength(6),
        Arbitraries.of("\uD83D\uDE00", "a\uD800", "\uDC00b", "\uDBFF\uDFFF", ""));
  }

  /** Text the records' constructors accept where they want some (Assert.hasText). */
  private static Arbitrary<String> names() {
    return texts().filter(s -> !s.isBlank() && !s.trim().isEmpty());
  }

  private static Arbitrary<String> maybeText() {
    return texts().injectNull(0.3);
  }

  private static Arbitrary<Boolean> maybeFlag() {
    return Arbitraries.of(true, false).injectNull(0.3);
  }

  private static Arbitrary<Object> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.shorts().map(s -> (Object) s),
        Arbitraries.bytes().map(b -> (Object) b),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(
            Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, 4.9e-324, 1e7, 1e-3, 123456.789),
        Arbitraries.floats().map(f -> (Object) f),
        Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, 1e10f),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(b -> (Object) b),
        Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(-40, 40))
            .as((unscaled, scale) -> (Object) BigDecimal.valueOf(unscaled, scale)));
  }

  /** Any plain JSON value (the shapes of schemas, structured content, _meta, ids). */
  private static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            texts().map(s -> (Object) s),
            numbers(),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just((Object) null));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.oneOf(
        scalars,
        objects(depth),
        values(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)),
        values(depth - 1).list().ofMaxSize(2).map(l -> (Object) List.copyOf(nonNull(l))),
        values(depth - 1).list().ofMaxSize(3).map(l -> (Object) new java.util.LinkedList<>(l)));
  }

  private static List<Object> nonNull(List<Object> list) {
    return list.stream().filter(java.util.Objects::nonNull).toList();
  }

  private static Arbitrary<Object> objects(int depth) {
    return Arbitraries.maps(texts(), values(depth - 1))
        .ofMaxSize(4)
        .map(m -> (Object) new LinkedHashMap<>(m));
  }

  @SuppressWarnings("unchecked")
  private static Arbitrary<Map<String, Object>> maybeMap(int depth) {
    return objects(depth).map(m -> (Map<String, Object>) m).injectNull(0.4);
  }

  private static Arbitrary<McpSchema.Icon> icon() {
    return Combinators.combine(
            names(), maybeText(), texts().list().ofMaxSize(2).injectNull(0.5), maybeText())
        .as(McpSchema.Icon::new);
  }

  private static Arbitrary<List<McpSchema.Icon>> icons() {
    return icon().list().ofMaxSize(2).injectNull(0.6);
  }

  private static Arbitrary<McpSchema.Implementation> implementation() {
    return Combinators.combine(texts(), maybeText(), texts(), maybeText(), icons(), maybeText())
        .as(McpSchema.Implementation::new);
  }

  private static Arbitrary<McpSchema.ServerCapabilities> capabilities() {
    return Combinators.combine(
            Arbitraries.just(new McpSchema.ServerCapabilities.CompletionCapabilities())
                .injectNull(0.5),
            maybeMap(2),
            Arbitraries.just(new McpSchema.ServerCapabilities.LoggingCapabilities())
                .injectNull(0.5),
            maybeFlag().map(McpSchema.ServerCapabilities.PromptCapabilities::new).injectNull(0.3),
            Combinators.combine(maybeFlag(), maybeFlag())
                .as(McpSchema.ServerCapabilities.ResourceCapabilities::new)
                .injectNull(0.3),
            maybeFlag().map(McpSchema.ServerCapabilities.ToolCapabilities::new).injectNull(0.3),
            Arbitraries.maps(texts(), maybeMap(2)).ofMaxSize(2).injectNull(0.6))
        .as(McpSchema.ServerCapabilities::new);
  }

  private static Arbitrary<McpSchema.InitializeResult> initializeResult() {
    return Combinators.combine(texts(), capabilities(), implementation(), maybeText(), maybeMap(2))
        .as(McpSchema.InitializeResult::new);
  }

  private static Arbitrary<McpSchema.ToolAnnotations> toolAnnotations() {
    return Combinators.combine(
            maybeText(), maybeFlag(), maybeFlag(), maybeFlag(), maybeFlag(), maybeFlag())
        .as(McpSchema.ToolAnnotations::new);
  }

  @SuppressWarnings("unchecked")
  private static Arbitrary<McpSchema.Tool> tool() {
    return Combinators.combine(
            texts(),
            maybeText(),
            maybeText(),
            objects(3).map(m -> (Map<String, Object>) m),
            maybeMap(3),
            toolAnnotations().injectNull(0.3),
            maybeMap(2),
            icons())
        .as(McpSchema.Tool::new);
  }

  private static Arbitrary<McpSchema.Role> role() {
    return Arbitraries.of(McpSchema.Role.class);
  }

  private static Arbitrary<McpSchema.Annotations> annotations() {
    return Combinators.combine(
            role().list().ofMaxSize(2).injectNull(0.4),
            Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, 0.5))
                .injectNull(0.4),
            maybeText())
        .as(McpSchema.Annotations::new)
        .injectNull(0.6);
  }

  private static Arbitrary<McpSchema.ResourceContents> resourceContents() {
    return Arbitraries.oneOf(
        Combinators.combine(texts(), maybeText(), texts(), maybeMap(2))
            .as(McpSchema.TextResourceContents::new),
        Combinators.combine(texts(), maybeText(), texts(), maybeMap(2))
            .as(McpSchema.BlobResourceContents::new));
  }

  private static Arbitrary<Long> maybeSize() {
    return Arbitraries.longs().injectNull(0.5);
  }

  private static Arbitrary<McpSchema.Content> content() {
    return Arbitraries.oneOf(
        Combinators.combine(annotations(), texts(), maybeMap(2)).as(McpSchema.TextContent::new),
        Combinators.combine(annotations(), texts(), texts(), maybeMap(2))
            .as(McpSchema.ImageContent::new),
        Combinators.combine(annotations(), texts(), texts(), maybeMap(2))
            .as(McpSchema.AudioContent::new),
        Combinators.combine(annotations(), resourceContents(), maybeMap(2))
            .as(McpSchema.EmbeddedResource::new),
        Combinators.combine(
                names(),
                maybeText(),
                names(),
                maybeText(),
                maybeText(),
                maybeSize(),
                annotations(),
                maybeMap(2))
            .as(McpSchema.ResourceLink::new));
  }

  private static Arbitrary<McpSchema.CallToolResult> callToolResult() {
    return Combinators.combine(
            content().list().ofMaxSize(3),
            maybeFlag(),
            Arbitraries.oneOf(values(3), objects(3)).injectNull(0.3),
            maybeMap(2))
        .as(McpSchema.CallToolResult::new);
  }

  private static Arbitrary<McpSchema.Resource> resource() {
    return Combinators.combine(
            Combinators.combine(names(), names(), maybeText(), maybeText())
                .as(java.util.Arrays::asList),
            maybeText(),
            maybeSize(),
            annotations(),
            maybeMap(2),
            icons())
        .as(
            (first, mime, size, notes, meta, icons) ->
                new McpSchema.Resource(
                    (String) first.get(0),
                    (String) first.get(1),
                    (String) first.get(2),
                    (String) first.get(3),
                    mime,
                    size,
                    notes,
                    meta,
                    icons));
  }

  private static Arbitrary<McpSchema.ResourceTemplate> resourceTemplate() {
    return Combinators.combine(
            names(),
            names(),
            maybeText(),
            maybeText(),
            maybeText(),
            annotations(),
            maybeMap(2),
            icons())
        .as(McpSchema.ResourceTemplate::new);
  }

  private static Arbitrary<McpSchema.Prompt> prompt() {
    Arbitrary<McpSchema.PromptArgument> argument =
        Combinators.combine(names(), maybeText(), maybeText(), maybeFlag())
            .as(McpSchema.PromptArgument::new);
    return Combinators.combine(
            names(),
            maybeText(),
            maybeText(),
            argument.list().ofMaxSize(2).injectNull(0.3),
            maybeMap(2),
            icons())
        .as(McpSchema.Prompt::new);
  }

  private static Arbitrary<McpSchema.LoggingMessageNotification> logging() {
    return Combinators.combine(
            Arbitraries.of(McpSchema.LoggingLevel.class), maybeText(), texts(), maybeMap(2))
        .as(McpSchema.LoggingMessageNotification::new);
  }

  private static Arbitrary<McpSchema.ProgressNotification> progress() {
    return Combinators.combine(
            Arbitraries.oneOf(
                texts().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i)),
            Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, 1e21)),
            Arbitraries.doubles().injectNull(0.5),
            maybeText(),
            maybeMap(2))
        .as(McpSchema.ProgressNotification::new);
  }

  private static Arbitrary<Object> results() {
    return Arbitraries.oneOf(
        initializeResult().map(r -> (Object) r),
        Combinators.combine(tool().list().ofMaxSize(3), maybeText(), maybeMap(2))
            .as(McpSchema.ListToolsResult::new),
        callToolResult().map(r -> (Object) r),
        Combinators.combine(resource().list().ofMaxSize(2), maybeText(), maybeMap(2))
            .as(McpSchema.ListResourcesResult::new),
        Combinators.combine(resourceTemplate().list().ofMaxSize(2), maybeText(), maybeMap(2))
            .as(McpSchema.ListResourceTemplatesResult::new),
        Combinators.combine(resourceContents().list().ofMaxSize(2), maybeMap(2))
            .as(McpSchema.ReadResourceResult::new),
        Combinators.combine(prompt().list().ofMaxSize(2), maybeText(), maybeMap(2))
            .as(McpSchema.ListPromptsResult::new),
        Combinators.combine(
                maybeText(),
                Combinators.combine(role(), content())
                    .as(McpSchema.PromptMessage::new)
                    .list()
                    .ofMaxSize(2),
                maybeMap(2))
            .as(McpSchema.GetPromptResult::new),
        Combinators.combine(
                texts().list().ofMaxSize(3), Arbitraries.integers().injectNull(0.5), maybeFlag())
            .as(McpSchema.CompleteResult.CompleteCompletion::new)
            .flatMap(c -> maybeMap(2).map(m -> (Object) new McpSchema.CompleteResult(c, m))),
        Arbitraries.of(Map.of(), new HashMap<>()).map(m -> (Object) m));
  }

  private static Arbitrary<Object> ids() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        texts().map(s -> (Object) s));
  }

  @Provide
  Arbitrary<Object> messages() {
    Arbitrary<Object> error =
        Combinators.combine(ids(), Arbitraries.integers(), texts(), values(2))
            .as(
                (id, code, message, data) ->
                    (Object)
                        McpSchema.JSONRPCResponse.error(
                            id, new McpSchema.JSONRPCResponse.JSONRPCError(code, message, data)));
    Arbitrary<Object> notificationParams =
        Arbitraries.oneOf(
            logging().map(n -> (Object) n),
            progress().map(n -> (Object) n),
            Combinators.combine(texts(), maybeMap(2))
                .as(McpSchema.ResourcesUpdatedNotification::new),
            values(2));
    return Arbitraries.oneOf(
        Combinators.combine(ids(), results()).as(McpSchema.JSONRPCResponse::result),
        error,
        Combinators.combine(texts(), notificationParams)
            .as((method, params) -> (Object) new McpSchema.JSONRPCNotification(method, params)),
        Combinators.combine(texts(), ids(), values(2).injectNull(0.3))
            .as((method, id, params) -> (Object) new McpSchema.JSONRPCRequest(method, id, params)),
        results());
  }

  @Provide
  Arbitrary<Object> plain() {
    return values(4);
  }

  /** Messages holding one value the writer does not cover, somewhere. */
  @Provide
  Arbitrary<Object> uncovered() {
    Arbitrary<Object> odd =
        Arbitraries.of(
            new McpSchema.TextContent("text without its declared type"),
            java.util.Optional.of(1),
            new java.util.concurrent.atomic.AtomicLong(5),
            Map.of(1, "a number as a key"),
            new TreeNodeHolder("a POJO"),
            java.util.Set.of("a set"),
            'c',
            McpSchema.Role.USER,
            new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of()));
    return Combinators.combine(ids(), odd, Arbitraries.integers().between(0, 3))
        .as(
            (id, value, where) ->
                switch (where) {
                  case 0 -> McpSchema.JSONRPCResponse.result(id, value);
                  case 1 ->
                      McpSchema.JSONRPCResponse.result(
                          id,
                          new McpSchema.CallToolResult(
                              List.of(new McpSchema.TextContent("t")),
                              false,
                              Map.of("deep", List.of(value)),
                              null));
                  case 2 -> new McpSchema.JSONRPCNotification("m", Map.of("p", value));
                  default -> List.of(1, value);
                });
  }

  /** A bean Jackson writes by its getter. */
  public static final class TreeNodeHolder {
    private final String name;

    TreeNodeHolder(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }
  }
}
