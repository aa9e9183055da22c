package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void utf8_isText_binaryIsBase64() {
    assertEquals(new Payloads.Decoded("héllo", "plain", 6, false),
        Payloads.decode("héllo".getBytes(StandardCharsets.UTF_8), 100));
    assertEquals(new Payloads.Decoded("/w==", "base64", 1, false), Payloads.decode(new byte[] {(byte) 0xff}, 100));
    assertEquals(new Payloads.Decoded("", "plain", 0, false), Payloads.decode(new byte[0], 100));
  }

  @Test
  void truncation_keepsWholeCharacters_andSaysSo() {
    byte[] euros = "€€€".getBytes(StandardCharsets.UTF_8); // 3 bytes each
    assertEquals(new Payloads.Decoded("€", "plain", 9, true), Payloads.decode(euros, 5));
    assertEquals(new Payloads.Decoded("AAE=", "base64", 3, true), Payloads.decode(new byte[] {0, 1, (byte) 0xfe}, 2));
  }
}
