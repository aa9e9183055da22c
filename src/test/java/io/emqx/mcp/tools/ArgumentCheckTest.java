package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input-schema check on its own, against a schema using every keyword it enforces: each problem
 * is found, named by its path, and nothing is reported for a valid call.
 */
class ArgumentCheckTest {

  /** A closed object schema: these properties, and no others. */
  static Map<String, Object> closedObject(String required, Map<String, Object> properties) {
    return Map.of(
        "type",
        "object",
        "additionalProperties",
        false,
        "required",
        List.of(required),
        "properties",
        properties);
  }

  static final Map<String, Object> SCHEMA =
      closedObject(
          "clientid",
          Map.of(
              "clientid", Map.of("type", "string", "minLength", 1, "maxLength", 5),
              "qos", Map.of("type", "integer", "minimum", 0, "maximum", 2),
              "as", Map.of("type", "string", "enum", List.of("clientid", "username")),
              "retain", Map.of("type", "boolean"),
              "ratio", Map.of("type", "number"),
              "messages",
                  Map.of(
                      "type",
                      "array",
                      "minItems",
                      1,
                      "maxItems",
                      2,
                      "items",
                      closedObject(
                          "topic", Map.of("topic", Map.of("type", "string", "minLength", 1)))),
              "note", Map.of("type", List.of("string", "null"))));

  static List<String> problems(Object... kv) {
    Map<String, Object> args = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.put((String) kv[i], kv[i + 1]);
    }
    return ArgumentCheck.problems(SCHEMA, args);
  }

  static void assertOneProblem(String expected, List<String> problems) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(expected), problems.get(0));
  }

  @Test
  void aValidCall_hasNoProblems() {
    assertEquals(
        List.of(),
        problems(
            "clientid",
            "c1",
            "qos",
            BigInteger.TWO,
            "as",
            "username",
            "retain",
            true,
            "ratio",
            new BigDecimal("0.5"),
            "messages",
            List.of(Map.of("topic", "t")),
            "note",
            "x"));
  }

  @Test
  void requiredAndUnknown_areNamed() {
    assertOneProblem("'clientid'", problems());
    assertOneProblem("'clientid'", problems("clientid", null));
    assertOneProblem("'cleintid'", problems("clientid", "c1", "cleintid", "c1"));
  }

  @Test
  void strings_lengthInCodePoints_andEnums() {
    assertOneProblem("must not be empty", problems("clientid", ""));
    assertOneProblem("at most 5 characters (got 6)", problems("clientid", "abcdef"));
    assertEquals(
        List.of(), problems("clientid", "😀😀😀😀😀"), "five characters, ten UTF-16 units");
    assertOneProblem(
        "must be one of [clientid, username]", problems("clientid", "c1", "as", "peerhost"));
    assertOneProblem("must be a string", problems("clientid", 5));
    assertOneProblem("lone UTF-16 surrogate", problems("clientid", "a\uD800"));
  }

  @Test
  void integers_exactly_withinTheirRange() {
    assertOneProblem("at most 2 (got 3)", problems("clientid", "c", "qos", 3));
    assertOneProblem("at least 0", problems("clientid", "c", "qos", -1));
    assertOneProblem("must be an integer", problems("clientid", "c", "qos", new BigDecimal("1.5")));
    assertOneProblem("(a string)", problems("clientid", "c", "qos", "1"));
    assertOneProblem(
        "at most 2", problems("clientid", "c", "qos", new BigInteger("18446744073709551617")));
    assertEquals(
        List.of(), problems("clientid", "c", "qos", new BigDecimal("2.0")), "2.0 is an integer");
  }

  @Test
  void booleansAndNumbers_acceptTheirWordsFromALenientClient() {
    assertEquals(List.of(), problems("clientid", "c", "retain", "false", "ratio", "0.25"));
    assertOneProblem("true or false", problems("clientid", "c", "retain", "yes"));
    assertOneProblem("must be a number", problems("clientid", "c", "ratio", "NaN"));
  }

  @Test
  void arrays_sizeAndEachItem_byPath() {
    assertOneProblem("at least 1 item", problems("clientid", "c", "messages", List.of()));
    assertOneProblem(
        "at most 2 items (got 3)",
        problems(
            "clientid",
            "c",
            "messages",
            List.of(Map.of("topic", "a"), Map.of("topic", "b"), Map.of("topic", "c"))));
    assertOneProblem(
        "'messages[1].topic'",
        problems("clientid", "c", "messages", List.of(Map.of("topic", "a"), Map.of("topic", ""))));
    assertOneProblem(
        "'messages[0].qos'",
        problems("clientid", "c", "messages", List.of(Map.of("topic", "a", "qos", 1))));
    assertOneProblem("must be an array", problems("clientid", "c", "messages", "t"));
  }

  @Test
  void resultProblems_areStrict_nullsAndWordsCount() {
    Map<String, Object> out =
        Map.of(
            "type",
            "object",
            "required",
            List.of("delivered"),
            "properties",
            Map.of("delivered", Map.of("type", "boolean"), "note", Map.of("type", "string")));
    assertEquals(List.of(), ArgumentCheck.resultProblems(out, Map.of("delivered", true)));
    assertOneProblem(
        "true or false", ArgumentCheck.resultProblems(out, Map.of("delivered", "true")));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("delivered", true);
    withNull.put("note", null);
    assertOneProblem("must not be null", ArgumentCheck.resultProblems(out, withNull));
    assertOneProblem("'result.delivered'", ArgumentCheck.resultProblems(out, Map.of()));
  }
}
