package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.mock.MockEmqx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --mock-emqx} plays EMQX 5.8, {@code --mock-emqx=6.3} plays 6.3, and any other line is
 * refused naming the ones there are.
 */
class MockFlagTest {

  @org.junit.jupiter.api.Test
  void plainFlag_isTheLtsLine_andNoFlagIsNoFake() {
    CommandLine cli = CommandLine.parse("--mock-emqx");
    assertTrue(cli.mock());
    assertEquals(MockEmqx.Options.DEFAULT_VERSION, cli.mockEmqx());
    assertFalse(CommandLine.parse().mock());
    assertNull(CommandLine.parse("--list-tools").mockEmqx());
  }

  @org.junit.jupiter.api.Test
  void sixThree_playsSixThree_whateverComesAround() {
    CommandLine cli = CommandLine.parse("--toolsets", "all", "--mock-emqx=6.3", "--list-tools");
    assertEquals("6.3.0", cli.mockEmqx());
    assertTrue(cli.listTools());
    // The release is one the fake accepts.
    assertEquals("6.3.0", new MockEmqx.Options(0, 0, cli.mockEmqx()).emqxVersion());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--mock-emqx=6.2",
        "--mock-emqx=",
        "--mock-emqx=5",
        "--mock-emqx=6.3.0",
        "--mock-emqx=latest"
      })
  void anotherLine_isRefused_listingTheSupportedOnes(String flag) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(flag));
    assertTrue(e.getMessage().contains("5.8 or 6.3"), e.getMessage());
    assertTrue(e.getMessage().startsWith(flag), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aLineAfterASpace_isShownHowToWriteIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--mock-emqx", "6.3"));
    assertTrue(e.getMessage().contains("write --mock-emqx=6.3"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void usageNamesTheLines() {
    assertTrue(CommandLine.USAGE.contains("--mock-emqx[=LINE]"));
    assertTrue(CommandLine.USAGE.contains("6.3"));
  }
}
