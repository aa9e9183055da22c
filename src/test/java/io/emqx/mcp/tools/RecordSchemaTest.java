package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.model.Required;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output schemas derived from result records ({@link Schema#of}): names, types and required as
 * Jackson writes them.
 */
class RecordSchemaTest {

  enum Mood {
    CALM,
    STORMY;

    @JsonValue
    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record Inner(String x) {}

  record Result(
      @Required String clientId,
      String maybe,
      boolean done,
      Integer count,
      long waitedMs,
      double rttMs,
      @Required Mood mood,
      List<Inner> rows,
      Map<String, Object> extra,
      Inner inner,
      @JsonProperty("renamed") String original) {}

  private static String json(Schema s) throws Exception {
    return Json.MAPPER.writeValueAsString(s.build());
  }

  @Test
  void everyComponent_typedAndRequiredAsDeclared() throws Exception {
    assertEquals(
        "{\"type\":\"object\",\"properties\":{"
            + "\"client_id\":{\"type\":\"string\"},\"maybe\":{\"type\":\"string\"},\"done\":{\"type\":\"boolean\"},"
            + "\"count\":{\"type\":\"integer\"},\"waited_ms\":{\"type\":\"integer\"},\"rtt_ms\":{\"type\":\"number\"},"
            + "\"mood\":{\"type\":\"string\",\"enum\":[\"calm\",\"stormy\"]},\"rows\":{\"type\":\"array\"},"
            + "\"extra\":{\"type\":\"object\"},\"inner\":{\"type\":\"object\"},\"renamed\":{\"type\":\"string\"}},"
            + "\"required\":[\"client_id\",\"done\",\"waited_ms\",\"rtt_ms\",\"mood\"]}",
        json(Schema.of(Result.class)));
  }

  @Test
  void shown_keepsThoseInRecordOrder() throws Exception {
    assertEquals(
        "{\"type\":\"object\",\"properties\":{\"client_id\":{\"type\":\"string\"},"
            + "\"done\":{\"type\":\"boolean\"}},\"required\":[\"client_id\",\"done\"]}",
        json(Schema.of(Result.class, "done", "client_id")));
  }

  @Test
  void unknownName_isAnError_soARenameCannotLeaveAStaleSchema() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Schema.of(Result.class, "done", "clientId"));
    assertEquals("Result has no component named [clientId]", e.getMessage());
  }

  record Untyped(Object anything) {}

  @Test
  void aComponentWithNoJsonType_isAnError() {
    assertThrows(IllegalArgumentException.class, () -> Schema.of(Untyped.class));
  }

  /** A derived result schema accepts what the server writes for that record, nulls left out. */
  @Test
  void derivedSchema_acceptsTheRecordAsWritten() throws Exception {
    Result r =
        new Result(
            "c",
            null,
            true,
            null,
            5,
            1.5,
            Mood.CALM,
            List.of(new Inner("a")),
            Map.of(),
            null,
            null);
    @SuppressWarnings("unchecked")
    Map<String, Object> written = Json.MAPPER.convertValue(r, Map.class);
    assertEquals(List.of(), ArgumentCheck.resultProblems(Schema.of(Result.class).build(), written));
  }
}
