package io.emqx.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code emqx.max-response-size} / {@code EMQX_MAX_RESPONSE_SIZE}: a HOCON size within bounds. */
class MaxResponseSizeTest {

  @Test
  void default_isFourMebibytes() {
    assertEquals(4 << 20, Settings.load(Map.of(), Map.of(), null).emqx().maxResponseSize());
  }

  @ParameterizedTest
  @CsvSource({"8MiB, 8388608", "65536, 65536", "512KiB, 524288", "1GiB, 1073741824"})
  void fromTheEnvironment(String value, int bytes) {
    assertEquals(
        bytes,
        Settings.load(Map.of(), Map.of("EMQX_MAX_RESPONSE_SIZE", value), null)
            .emqx()
            .maxResponseSize());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "-1", "1KiB", "65535", "2GiB", "4 parsecs"})
  void outOfBoundsOrNotASize_isRefusedNamingWhatTheUserSet(String value) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Settings.load(Map.of(), Map.of("EMQX_MAX_RESPONSE_SIZE", value), null));
    assertTrue(e.getMessage().startsWith("EMQX_MAX_RESPONSE_SIZE=" + value + ": "), e.getMessage());
  }
}
