package io.emqx.mcp.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Assertions on what a message says: the fragments a user needs to act on (the config key, the
 * environment variable, the value that is wrong), each checked, with the whole text shown when one
 * is missing.
 */
public final class Says {

  private Says() {}

  /** Fails unless {@code text} contains every one of {@code fragments}. */
  public static void assertContainsAll(String text, String... fragments) {
    List<String> missing = missing(text, fragments);
    if (!missing.isEmpty()) {
      throw new AssertionError("missing " + missing + " in: " + text);
    }
  }

  /**
   * Fails unless a tool's {@code error} object has {@code code} and its message contains every one
   * of {@code inMessage}.
   */
  public static void assertError(Map<String, Object> error, String code, String... inMessage) {
    assertEquals(code, error.get("code"), error.toString());
    List<String> missing = missing(String.valueOf(error.get("message")), inMessage);
    if (!missing.isEmpty()) {
      throw new AssertionError("missing " + missing + " in the message of: " + error);
    }
  }

  private static List<String> missing(String text, String... fragments) {
    return Arrays.stream(fragments).filter(f -> !text.contains(f)).toList();
  }
}
