package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  static Payloads.Rendered render(String s, int cap) {
    return Payloads.render(s.getBytes(StandardCharsets.UTF_8), cap);
  }

  @Test
  void utf8Text_isPlain_withTabsAndNewlines() {
    Payloads.Rendered r = render("line 1\n\tline 2 — 21 °C", 100);
    assertEquals("plain", r.encoding());
    assertEquals("line 1\n\tline 2 — 21 °C", r.text());
    assertNull(r.truncated());
  }

  @Test
  void invalidUtf8_orControlCharacters_isBase64() {
    byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("base64", Payloads.render(latin1, 100).encoding());
    assertEquals(Base64.getEncoder().encodeToString(latin1), Payloads.render(latin1, 100).text());
    assertEquals("base64", render("bell\u0007", 100).encoding());
    assertEquals("base64", render("nul\u0000", 100).encoding());
    assertEquals("base64", render("del\u007f", 100).encoding());
  }

  @Test
  void cut_neverSplitsACharacter_andCountsBytes() {
    // "é" is two bytes, "✓" three, "😀" four (a surrogate pair in Java).
    Payloads.Rendered r = render("éé✓😀", 6);
    assertEquals("éé", r.text(), "4 bytes fit, the 3-byte ✓ would make 7");
    assertEquals(11, r.bytes());
    assertEquals(true, r.truncated());
    assertEquals("éé✓", render("éé✓😀", 7).text());
    assertEquals("éé✓", render("éé✓😀", 10).text(), "never half a surrogate pair");
    assertEquals("éé✓😀", render("éé✓😀", 11).text());
  }

  @Test
  void cutBinary_keepsTheFirstBytes() {
    byte[] bytes = {0, 1, 2, 3, 4, 5};
    Payloads.Rendered r = Payloads.render(bytes, 4);
    assertEquals(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, 3}), r.text());
    assertEquals(6, r.bytes());
    assertEquals(true, r.truncated());
  }

  /**
   * Whatever the text: the check agrees with the JDK's decoder, and a refusal names the first
   * character outside base64's alphabet, by position, when there is one.
   */
  @net.jqwik.api.Property(tries = 500)
  void base64Problem_agreesWithTheDecoder_andNamesThePosition(
      @net.jqwik.api.ForAll
          @net.jqwik.api.constraints.StringLength(max = 12)
          @net.jqwik.api.constraints.Chars({'a', 'Z', '0', '+', '/', '=', '%', '-', ' ', '\u00e9'})
          String text) {
    boolean decodes;
    try {
      Base64.getDecoder().decode(text);
      decodes = true;
    } catch (IllegalArgumentException e) {
      decodes = false;
    }
    String problem = Payloads.base64Problem(text);
    assertEquals(decodes, problem == null, text + ": " + problem);
    int bad = -1;
    for (int i = 0; i < text.length() && bad < 0; i++) {
      if ("%- \u00e9".indexOf(text.charAt(i)) >= 0) {
        bad = i;
      }
    }
    if (bad >= 0 && text.substring(0, bad).indexOf('=') < 0) {
      org.junit.jupiter.api.Assertions.assertTrue(
          problem.contains("at position " + bad + " "), text + ": " + problem);
    }
    if (problem != null) {
      org.junit.jupiter.api.Assertions.assertFalse(problem.contains("Illegal"), problem);
    }
  }
}
