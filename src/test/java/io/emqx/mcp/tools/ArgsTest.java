package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The argument readers on their own: each refusal is INVALID_ARGUMENT and names the argument. */
class ArgsTest {

  static Args args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new Args(m);
  }

  static void assertInvalid(String name, org.junit.jupiter.api.function.Executable read) {
    ToolException e = assertThrows(ToolException.class, read);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  @Test
  void nullValues_areAbsent() {
    Args a = new Args(null);
    assertFalse(a.has("x"));
    Args withNull = args("x", null);
    assertFalse(withNull.has("x"));
    assertNull(withNull.optString("x"));
    assertEquals(7, withNull.integer("x", 7));
    assertTrue(withNull.bool("x", true));
  }

  @Test
  void string_isRequiredAndNotEmpty_butKeepsSpaces() {
    assertEquals(" a b ", args("clientid", " a b ").string("clientid"));
    assertInvalid("clientid", () -> args().string("clientid"));
    assertInvalid("clientid", () -> args("clientid", "").string("clientid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void segment_refusesDotSegments(String value) {
    assertInvalid("clientid", () -> args("clientid", value).segment("clientid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"...", ".a", "a/..", "%2E"})
  void segment_keepsEverythingElse(String value) {
    assertEquals(value, args("clientid", value).segment("clientid"));
  }

  @Test
  void optInt_takesWholeNumbersInAnyNotation_refusesTheRest() {
    assertEquals(10, args("limit", new BigDecimal("1e1")).optInt("limit"));
    assertEquals(2, args("limit", new BigDecimal("2.000")).optInt("limit"));
    assertEquals(-5, args("limit", -5L).optInt("limit"));
    assertInvalid("limit", () -> args("limit", new BigDecimal("1.5")).optInt("limit"));
    assertInvalid("limit", () -> args("limit", "5").optInt("limit"));
    assertInvalid("limit", () -> args("limit", Double.NaN).optInt("limit"));
  }

  @Test
  void optInt_outOfRange_isRefused_neverWrapped() {
    assertInvalid(
        "duration_seconds",
        () -> args("duration_seconds", 4_294_967_297L).optInt("duration_seconds"));
    assertInvalid(
        "page", () -> args("page", new BigInteger("18446744073709551617")).optInt("page"));
    assertEquals(Integer.MAX_VALUE, args("page", (long) Integer.MAX_VALUE).optInt("page"));
  }

  /** Every long either reads as itself or is refused: never another number. */
  @Property(tries = 500)
  void optInt_isExactOrRefused(@ForAll long n) {
    Args a = args("n", n);
    if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
      assertEquals((int) n, a.optInt("n"));
    } else {
      assertThrows(ToolException.class, () -> a.optInt("n"));
    }
  }

  @Test
  void optBool_takesBooleansAndTheirWords_only() {
    assertEquals(true, args("retain", true).optBool("retain"));
    assertEquals(false, args("retain", " FALSE ").optBool("retain"));
    assertEquals(true, args("retain", "True").optBool("retain"));
    assertInvalid("retain", () -> args("retain", "yes").optBool("retain"));
    assertInvalid("retain", () -> args("retain", 1).optBool("retain"));
  }

  @Test
  void optTopic_checksNamesAndFilters_asMqttDoes() {
    assertEquals("a/+/#", args("topic", "a/+/#").optTopic("topic", true));
    assertNull(args().optTopic("topic", true));
    assertInvalid("match_topic", () -> args("match_topic", "a/#/b").optTopic("match_topic", true));
    assertInvalid("topic", () -> args("topic", "a/+").optTopic("topic", false));
    assertInvalid("topic", () -> args("topic", "").optTopic("topic", false));
    assertInvalid("topic", () -> args("topic", "a\u0000b").optTopic("topic", false));
  }

  @Test
  void objects_eachAsArgs_emptyWhenAbsent() {
    List<Args> messages =
        args("messages", List.of(Map.of("topic", "t/1"), Map.of("topic", "t/2", "qos", 1)))
            .objects("messages");
    assertEquals(2, messages.size());
    assertEquals("t/2", messages.get(1).string("topic"));
    assertEquals(1, messages.get(1).integer("qos", 0));
    assertEquals(List.of(), args().objects("messages"));
    assertEquals(List.of(), args("messages", "not a list").objects("messages"));
  }
}
