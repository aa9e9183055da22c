package io.emqx.mcp.emqx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** EMQX's memory strings (emqx_mgmt_util:kmg/1): "%.2f" with K/M/G, or bare bytes under 1 KB. */
class MemorySizeTest {

  @Test
  void parsesEmqxFormats() {
    assertEquals(Math.round(15.52 * (1L << 30)), MemorySize.parse("15.52G"));
    assertEquals(Math.round(812.5 * (1L << 20)), MemorySize.parse("812.50M"));
    assertEquals(2048L, MemorySize.parse("2.00K"));
    assertEquals(512L, MemorySize.parse("512"));
    assertEquals(0L, MemorySize.parse("0"));
    assertNull(MemorySize.parse("lots"));
    assertNull(MemorySize.parse(null));
  }

  @Test
  void percent_oneDecimal_nullWhenUnknown() {
    assertEquals(73.6, MemorySize.percent("11.42G", "15.52G"));
    assertNull(MemorySize.percent("1G", "0"), "non-Linux nodes report 0");
    assertNull(MemorySize.percent(null, "1G"));
  }
}
