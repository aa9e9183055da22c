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
}
