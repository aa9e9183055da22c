package io.emqx.mcp.server;

import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the protocol messages this server sends, byte for byte as the protocol's Jackson mapper
 * writes them, without Jackson. Why: Jackson introspects each record class the first time it writes
 * one (properties, annotations, creators), and in a fresh JVM that was the largest single cost of a
 * cold start and of the first tool call (JFR: about 160 ms of CPU for {@code InitializeResult},
 * {@code ListToolsResult}, {@code Tool}, {@code CallToolResult}…).
 *
 * <p>Covered: the JSON-RPC envelopes, the results and notifications the server sends (see {@link
 * #record}), and plain JSON values (maps with string keys, lists, strings, booleans, numbers,
 * null). For each record the properties are written as Jackson writes them: in the order of the
 * record's components, under their {@code @JsonProperty} names, nulls left out ({@code @JsonInclude
 * NON_ABSENT} on every one of them), empty maps and lists kept, and the {@code "type"} id first for
 * a {@code Content} where the property is declared as one. Anything else anywhere in the message (a
 * record not listed, a POJO in {@code structuredContent}, a {@code Content} where Jackson would
 * write no type id, a map with other keys, nesting deeper than {@link #MAX_DEPTH}) makes the whole
 * message Jackson's: the writer gives up before a byte is sent, since it writes into a buffer.
 *
 * <p>Strings are escaped as Jackson's generators escape them: quote, backslash and the control
 * characters, those with a short escape (b t n f r) by it, the others by their code in four
 * upper-case hex digits; nothing else. As bytes (its UTF-8 generator) every surrogate, paired or
 * not, is escaped by its code too; in a string, surrogates stay as they are. Numbers as Jackson
 * writes them: their {@code toString} (so {@code BigDecimal} in scientific notation where it has
 * it), and a NaN or infinite double or float as a quoted string.
 */
final class ProtocolWriter {

  /** Deeper than this, Jackson decides (and enforces its own nesting limit). */
  static final int MAX_DEPTH = 200;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** A value the writer does not cover: control flow only, so it carries no stack. */
  private static final class NotCovered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotCovered() {
      super(null, null, false, false);
    }
  }

  private static final NotCovered NOT_COVERED = new NotCovered();

  /** The output: UTF-8 bytes or text, each written in one pass as Jackson's generator does. */
  private final Sink out;

  private ProtocolWriter(Sink out) {
    this.out = out;
  }

  /** What {@code writeValueAsBytes} gives, or null when the message is Jackson's to write. */
  static byte[] bytes(Object value) {
    Utf8 out = new Utf8();
    return new ProtocolWriter(out).write(value) ? out.toByteArray() : null;
  }

  /** What {@code writeValueAsString} gives, or null when the message is Jackson's to write. */
  static String string(Object value) {
    Text out = new Text();
    return new ProtocolWriter(out).write(value) ? out.toString() : null;
  }

  private boolean write(Object value) {
    try {
      value(value, 0);
      return true;
    } catch (NotCovered notCovered) {
      return false;
    }
  }

  private void value(Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue() ? "true" : "false");
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      out.append(v);
    } else if (v instanceof Double d) {
      number(d);
    } else if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        string(f.toString());
      } else {
        out.append(Float.toString(f));
      }
    } else if (v.getClass() == BigDecimal.class || v.getClass() == BigInteger.class) {
      out.append(v); // BigDecimal.toString, as Jackson without WRITE_BIGDECIMAL_AS_PLAIN
    } else if (v instanceof Map<?, ?> map) {
      map(map, depth + 1);
    } else if (v instanceof List<?> list) {
      open('[', depth + 1);
      boolean first = true;
      for (Object item : list) { // by iterator: a linked list is walked once
        if (!first) {
          out.append(',');
        }
        first = false;
        value(item, depth + 1);
      }
      out.append(']');
    } else {
      record(v, depth + 1);
    }
  }

  /** A double as Jackson writes it: NaN and the infinities quoted (QUOTE_NON_NUMERIC_NUMBERS). */
  private void number(Double d) {
    if (d.isNaN() || d.isInfinite()) {
      string(d.toString());
    } else {
      out.append(Double.toString(d));
    }
  }

  private void open(char bracket, int depth) {
    if (depth > MAX_DEPTH) {
      throw NOT_COVERED;
    }
    out.append(bracket);
  }

  private void map(Map<?, ?> map, int depth) {
    open('{', depth);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw NOT_COVERED; // null keys fail, others are converted: Jackson's business
      }
      name(key);
      value(e.getValue(), depth);
    }
    out.append('}');
  }

  /** A property's name, after a comma unless it is the object's first. */
  private void name(String name) {
    if (out.last() != '{') {
      out.append(',');
    }
    string(name);
    out.append(':');
  }

  /** A property of a record: left out when null (NON_ABSENT). */
  private void field(String name, Object value, int depth) {
    if (value != null) {
      name(name);
      value(value, depth);
    }
  }

  private void text(String name, String value) {
    if (value != null) {
      name(name);
      string(value);
    }
  }

  /** A property declared as a list of records, each written by {@code element}. */
  private <T> void records(String name, List<T> list, Class<T> type, Element element, int depth) {
    if (list == null) {
      return;
    }
    name(name);
    open('[', depth + 1);
    boolean first = true;
    for (Object item : list) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (item == null) {
        out.append("null");
      } else if (type.isInstance(item)) {
        element.write(item, depth + 1);
      } else {
        throw NOT_COVERED;
      }
    }
    out.append(']');
  }

  @FunctionalInterface
  private interface Element {
    void write(Object item, int depth);
  }

  /** The records the server sends, each with its properties in Jackson's order. */
  private void record(Object v, int depth) {
    if (v instanceof McpSchema.JSONRPCResponse r) {
      open('{', depth);
      text("jsonrpc", r.jsonrpc());
      field("id", r.id(), depth);
      field("result", r.result(), depth);
      if (r.error() != null) {
        name("error");
        open('{', depth + 1);
        field("code", r.error().code(), depth + 1);
        text("message", r.error().message());
        field("data", r.error().data(), depth + 1);
        out.append('}');
      }
    } else if (v instanceof McpSchema.JSONRPCNotification n) {
      open('{', depth);
      text("jsonrpc", n.jsonrpc());
      text("method", n.method());
      field("params", n.params(), depth);
    } else if (v instanceof McpSchema.JSONRPCRequest r) {
      open('{', depth);
      text("jsonrpc", r.jsonrpc());
      text("method", r.method());
      field("id", r.id(), depth);
      field("params", r.params(), depth);
    } else if (v instanceof McpSchema.InitializeResult r) {
      open('{', depth);
      text("protocolVersion", r.protocolVersion());
      field("capabilities", r.capabilities(), depth);
      field("serverInfo", r.serverInfo(), depth);
      text("instructions", r.instructions());
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.ServerCapabilities c) {
      open('{', depth);
      field("completions", c.completions(), depth);
      field("experimental", c.experimental(), depth);
      field("logging", c.logging(), depth);
      field("prompts", c.prompts(), depth);
      field("resources", c.resources(), depth);
      field("tools", c.tools(), depth);
      field("extensions", c.extensions(), depth);
    } else if (v instanceof McpSchema.ServerCapabilities.CompletionCapabilities
        || v instanceof McpSchema.ServerCapabilities.LoggingCapabilities) {
      open('{', depth);
    } else if (v instanceof McpSchema.ServerCapabilities.PromptCapabilities c) {
      open('{', depth);
      field("listChanged", c.listChanged(), depth);
    } else if (v instanceof McpSchema.ServerCapabilities.ResourceCapabilities c) {
      open('{', depth);
      field("subscribe", c.subscribe(), depth);
      field("listChanged", c.listChanged(), depth);
    } else if (v instanceof McpSchema.ServerCapabilities.ToolCapabilities c) {
      open('{', depth);
      field("listChanged", c.listChanged(), depth);
    } else if (v instanceof McpSchema.Implementation i) {
      open('{', depth);
      text("name", i.name());
      text("title", i.title());
      text("version", i.version());
      text("description", i.description());
      records("icons", i.icons(), McpSchema.Icon.class, this::record, depth);
      text("websiteUrl", i.websiteUrl());
    } else if (v instanceof McpSchema.Icon i) {
      open('{', depth);
      text("src", i.src());
      text("mimeType", i.mimeType());
      field("sizes", i.sizes(), depth);
      text("theme", i.theme());
    } else if (v instanceof McpSchema.ListToolsResult r) {
      open('{', depth);
      records("tools", r.tools(), McpSchema.Tool.class, this::record, depth);
      text("nextCursor", r.nextCursor());
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.Tool t) {
      open('{', depth);
      text("name", t.name());
      text("title", t.title());
      text("description", t.description());
      field("inputSchema", t.inputSchema(), depth);
      field("outputSchema", t.outputSchema(), depth);
      field("annotations", t.annotations(), depth);
      field("_meta", t.meta(), depth);
      records("icons", t.icons(), McpSchema.Icon.class, this::record, depth);
    } else if (v instanceof McpSchema.ToolAnnotations a) {
      open('{', depth);
      text("title", a.title());
      field("readOnlyHint", a.readOnlyHint(), depth);
      field("destructiveHint", a.destructiveHint(), depth);
      field("idempotentHint", a.idempotentHint(), depth);
      field("openWorldHint", a.openWorldHint(), depth);
      field("returnDirect", a.returnDirect(), depth);
    } else if (v instanceof McpSchema.CallToolResult r) {
      open('{', depth);
      records("content", r.content(), McpSchema.Content.class, this::content, depth);
      field("isError", r.isError(), depth);
      field("structuredContent", r.structuredContent(), depth);
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.ListResourcesResult r) {
      open('{', depth);
      records("resources", r.resources(), McpSchema.Resource.class, this::record, depth);
      text("nextCursor", r.nextCursor());
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.Resource r) {
      open('{', depth);
      text("uri", r.uri());
      text("name", r.name());
      text("title", r.title());
      text("description", r.description());
      text("mimeType", r.mimeType());
      field("size", r.size(), depth);
      field("annotations", r.annotations(), depth);
      field("_meta", r.meta(), depth);
      records("icons", r.icons(), McpSchema.Icon.class, this::record, depth);
    } else if (v instanceof McpSchema.ListResourceTemplatesResult r) {
      open('{', depth);
      records(
          "resourceTemplates",
          r.resourceTemplates(),
          McpSchema.ResourceTemplate.class,
          this::record,
          depth);
      text("nextCursor", r.nextCursor());
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.ResourceTemplate t) {
      open('{', depth);
      text("uriTemplate", t.uriTemplate());
      text("name", t.name());
      text("title", t.title());
      text("description", t.description());
      text("mimeType", t.mimeType());
      field("annotations", t.annotations(), depth);
      field("_meta", t.meta(), depth);
      records("icons", t.icons(), McpSchema.Icon.class, this::record, depth);
    } else if (v instanceof McpSchema.ReadResourceResult r) {
      open('{', depth);
      // ResourceContents is typed by deduction: no type id is written.
      records("contents", r.contents(), McpSchema.ResourceContents.class, this::record, depth);
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.TextResourceContents c) {
      open('{', depth);
      text("uri", c.uri());
      text("mimeType", c.mimeType());
      text("text", c.text());
      field("_meta", c.meta(), depth);
    } else if (v instanceof McpSchema.BlobResourceContents c) {
      open('{', depth);
      text("uri", c.uri());
      text("mimeType", c.mimeType());
      text("blob", c.blob());
      field("_meta", c.meta(), depth);
    } else if (v instanceof McpSchema.ListPromptsResult r) {
      open('{', depth);
      records("prompts", r.prompts(), McpSchema.Prompt.class, this::record, depth);
      text("nextCursor", r.nextCursor());
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.Prompt p) {
      open('{', depth);
      text("name", p.name());
      text("title", p.title());
      text("description", p.description());
      records("arguments", p.arguments(), McpSchema.PromptArgument.class, this::record, depth);
      field("_meta", p.meta(), depth);
      records("icons", p.icons(), McpSchema.Icon.class, this::record, depth);
    } else if (v instanceof McpSchema.PromptArgument a) {
      open('{', depth);
      text("name", a.name());
      text("title", a.title());
      text("description", a.description());
      field("required", a.required(), depth);
    } else if (v instanceof McpSchema.GetPromptResult r) {
      open('{', depth);
      text("description", r.description());
      records("messages", r.messages(), McpSchema.PromptMessage.class, this::record, depth);
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.PromptMessage m) {
      open('{', depth);
      if (m.role() != null) {
        name("role");
        role(m.role());
      }
      if (m.content() != null) {
        name("content");
        content(m.content(), depth + 1);
      }
    } else if (v instanceof McpSchema.CompleteResult r) {
      open('{', depth);
      field("completion", r.completion(), depth);
      field("_meta", r.meta(), depth);
    } else if (v instanceof McpSchema.CompleteResult.CompleteCompletion c) {
      open('{', depth);
      field("values", c.values(), depth);
      field("total", c.total(), depth);
      field("hasMore", c.hasMore(), depth);
    } else if (v instanceof McpSchema.LoggingMessageNotification n) {
      open('{', depth);
      if (n.level() != null) {
        name("level");
        // The constants' @JsonProperty names are their names in lower case.
        string(n.level().name().toLowerCase(java.util.Locale.ROOT));
      }
      text("logger", n.logger());
      text("data", n.data());
      field("_meta", n.meta(), depth);
    } else if (v instanceof McpSchema.ProgressNotification n) {
      open('{', depth);
      field("progressToken", n.progressToken(), depth);
      field("progress", n.progress(), depth);
      field("total", n.total(), depth);
      text("message", n.message());
      field("_meta", n.meta(), depth);
    } else if (v instanceof McpSchema.ResourcesUpdatedNotification n) {
      open('{', depth);
      text("uri", n.uri());
      field("_meta", n.meta(), depth);
    } else if (v instanceof McpSchema.Annotations a) {
      open('{', depth);
      records(
          "audience",
          a.audience(),
          McpSchema.Role.class,
          (r, d) -> role((McpSchema.Role) r),
          depth);
      field("priority", a.priority(), depth);
      text("lastModified", a.lastModified());
    } else {
      // Among others every Content outside a property declared as one: Jackson writes its type id
      // at the top level and none inside a map or list of plain values.
      throw NOT_COVERED;
    }
    out.append('}');
  }

  /** A role by its {@code @JsonProperty} name. */
  private void role(McpSchema.Role role) {
    string(role == McpSchema.Role.USER ? "user" : "assistant");
  }

  /** A {@code Content} where it is declared as one: its {@code "type"} id first (As.PROPERTY). */
  private void content(Object v, int depth) {
    open('{', depth);
    if (v instanceof McpSchema.TextContent t) {
      text("type", "text");
      field("annotations", t.annotations(), depth);
      text("text", t.text());
      field("_meta", t.meta(), depth);
    } else if (v instanceof McpSchema.ImageContent i) {
      text("type", "image");
      field("annotations", i.annotations(), depth);
      text("data", i.data());
      text("mimeType", i.mimeType());
      field("_meta", i.meta(), depth);
    } else if (v instanceof McpSchema.AudioContent a) {
      text("type", "audio");
      field("annotations", a.annotations(), depth);
      text("data", a.data());
      text("mimeType", a.mimeType());
      field("_meta", a.meta(), depth);
    } else if (v instanceof McpSchema.EmbeddedResource e) {
      text("type", "resource");
      field("annotations", e.annotations(), depth);
      if (e.resource() != null) {
        name("resource");
        if (!(e.resource() instanceof McpSchema.TextResourceContents
            || e.resource() instanceof McpSchema.BlobResourceContents)) {
          throw NOT_COVERED;
        }
        record(e.resource(), depth + 1);
      }
      field("_meta", e.meta(), depth);
    } else if (v instanceof McpSchema.ResourceLink l) {
      text("type", "resource_link");
      text("name", l.name());
      text("title", l.title());
      text("uri", l.uri());
      text("description", l.description());
      text("mimeType", l.mimeType());
      field("size", l.size(), depth);
      field("annotations", l.annotations(), depth);
      field("_meta", l.meta(), depth);
    } else {
      throw NOT_COVERED;
    }
    out.append('}');
  }

  /** A JSON string, escaped as Jackson escapes it (see the class comment). */
  private void string(String s) {
    out.string(s);
  }

  /** Chars encoded between two checks of the buffer's room. */
  private static final int CHUNK = 1024;

  /** Writes the escape of {@code c} at {@code at}; returns the position after it. */
  private static int escape(char c, byte[] buf, int at) {
    buf[at++] = '\\';
    byte shortEscape =
        switch (c) {
          case '"' -> '"';
          case '\\' -> '\\';
          case '\b' -> 'b';
          case '\t' -> 't';
          case '\n' -> 'n';
          case '\f' -> 'f';
          case '\r' -> 'r';
          default -> 0;
        };
    if (shortEscape != 0) {
      buf[at++] = shortEscape;
      return at;
    }
    buf[at++] = 'u';
    buf[at++] = HEX[(c >> 12) & 0xF];
    buf[at++] = HEX[(c >> 8) & 0xF];
    buf[at++] = HEX[(c >> 4) & 0xF];
    buf[at++] = HEX[c & 0xF];
    return at;
  }

  /** Where the writer's output goes. */
  private abstract static class Sink {
    /** ASCII: syntax. */
    abstract void append(char ascii);

    /** ASCII text: a number's, a literal's. */
    abstract void append(String ascii);

    void append(Object ascii) {
      append(String.valueOf(ascii));
    }

    /** The last character written (ASCII, or part of a string's text). */
    abstract char last();

    /** A JSON string. */
    abstract void string(String s);
  }

  /**
   * UTF-8 bytes, as Jackson's UTF-8 generator writes them: every surrogate escaped. {@link #string}
   * writes into room it {@link #reserve}s, with the buffer and position in locals.
   */
  private static final class Utf8 extends Sink {
    private byte[] buf = new byte[512];
    private int len;

    void reserve(int room) {
      if (len + room > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + room));
      }
    }

    @Override
    void append(char ascii) {
      reserve(1);
      buf[len++] = (byte) ascii;
    }

    @Override
    void append(String ascii) {
      reserve(ascii.length());
      for (int i = 0; i < ascii.length(); i++) {
        buf[len++] = (byte) ascii.charAt(i);
      }
    }

    @Override
    char last() {
      return (char) buf[len - 1];
    }

    @Override
    void string(String s) {
      append('"');
      int n = s.length();
      int i = 0;
      while (i < n) {
        int end = Math.min(n, i + CHUNK);
        // At most 6 bytes a char (an escape): no check per char. The buffer and position are
        // locals in the loop, as in Jackson's generator.
        reserve((end - i) * 6);
        byte[] buf = this.buf;
        int at = len;
        while (i < end) {
          char c = s.charAt(i++);
          if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
              buf[at++] = (byte) c;
            } else {
              at = escape(c, buf, at);
            }
          } else if (c < 0x800) {
            buf[at++] = (byte) (0xC0 | (c >> 6));
            buf[at++] = (byte) (0x80 | (c & 0x3F));
          } else if (!Character.isSurrogate(c)) {
            buf[at++] = (byte) (0xE0 | (c >> 12));
            buf[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[at++] = (byte) (0x80 | (c & 0x3F));
          } else {
            at = escape(c, buf, at); // paired or not (Jackson's default)
          }
        }
        len = at;
      }
      append('"');
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, len);
    }
  }

  /**
   * Text, as Jackson's writer-based generator writes it: only quote, backslash and the control
   * characters escaped; surrogates, paired or not, as they are.
   */
  private static final class Text extends Sink {
    private char[] buf = new char[512];
    private int len;
    private final byte[] escape = new byte[6];

    private void reserve(int room) {
      if (len + room > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + room));
      }
    }

    @Override
    void append(char ascii) {
      reserve(1);
      buf[len++] = ascii;
    }

    @Override
    void append(String ascii) {
      reserve(ascii.length());
      ascii.getChars(0, ascii.length(), buf, len);
      len += ascii.length();
    }

    @Override
    char last() {
      return buf[len - 1];
    }

    /** Runs of plain characters are copied whole; only the escapes are written one by one. */
    @Override
    void string(String s) {
      append('"');
      int n = s.length();
      int i = 0;
      while (i < n) {
        int end = Math.min(n, i + CHUNK);
        reserve((end - i) * 6);
        int start = i;
        for (; i < end; i++) {
          char c = s.charAt(i);
          if (c < 0x20 || c == '"' || c == '\\') {
            s.getChars(start, i, buf, len);
            len += i - start;
            int escaped = escape(c, escape, 0);
            for (int j = 0; j < escaped; j++) {
              buf[len++] = (char) escape[j];
            }
            start = i + 1;
          }
        }
        s.getChars(start, end, buf, len);
        len += end - start;
      }
      append('"');
    }

    @Override
    public String toString() {
      return new String(buf, 0, len);
    }
  }
}
