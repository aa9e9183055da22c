package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LogRedactionTest {

  static final String TOKEN = "t0ken-never-print-me-5b0c2e9a41d7";

  static String through(String text, List<String> secrets) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Constructor<LogRedaction> c =
        LogRedaction.class.getDeclaredConstructor(
            java.io.OutputStream.class, java.util.Collection.class);
    c.setAccessible(true);
    try (PrintStream out =
        new PrintStream(c.newInstance(sink, secrets), true, StandardCharsets.UTF_8)) {
      out.print(text);
    }
    return sink.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jettysHeaderLine_losesTheToken() throws Exception {
    String line =
        "[qtp-12] DEBUG org.eclipse.jetty.http.HttpParser - parsedHeader(Authorization: Bearer "
            + TOKEN
            + ") HeaderParser[...]\n";
    String out = through(line, List.of(TOKEN));
    assertFalse(out.contains(TOKEN), out);
    assertTrue(out.contains("parsedHeader(Authorization: <redacted>)"), out);
  }

  @Test
  void credentialsNobodyConfigured_areCutToo() throws Exception {
    String out =
        through(
            "Authorization=Basic YWRtaW46cHVibGlj, Cookie: a=b; c=d\nproxy-authorization: x y\n",
            List.of());
    assertEquals(
        "Authorization=<redacted>, Cookie: <redacted>; c=d\nproxy-authorization: <redacted> y\n",
        out);
  }

  @Test
  void aLineSplitAcrossWrites_isRedactedWhole() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Constructor<LogRedaction> c =
        LogRedaction.class.getDeclaredConstructor(
            java.io.OutputStream.class, java.util.Collection.class);
    c.setAccessible(true);
    PrintStream out =
        new PrintStream(c.newInstance(sink, List.of(TOKEN)), true, StandardCharsets.UTF_8);
    out.print("x " + TOKEN.substring(0, 10));
    out.flush();
    out.print(TOKEN.substring(10) + " y\n");
    assertEquals("x <redacted> y\n", sink.toString(StandardCharsets.UTF_8));
  }

  /** A secret anywhere in a line, between any text, never passes. */
  @Property(tries = 200)
  void configuredSecret_neverPasses(
      @ForAll @StringLength(max = 40) String before,
      @ForAll @StringLength(max = 40) String after,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 16, max = 64) String secret)
      throws Exception {
    String out = through(before + secret + after + "\n", List.of(secret));
    assertFalse(out.contains(secret), out);
  }
}
