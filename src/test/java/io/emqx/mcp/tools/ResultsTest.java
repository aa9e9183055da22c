package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.mqtt.MqttException;
import io.emqx.mcp.support.TestServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one place failures become tool results, on its own: what a model reads for a success (a page
 * as columns and rows), and for each kind of failure (code, message, details; nothing of ours
 * leaks). EMQX's HTTP answers are covered through the server in {@code ToolErrorsTest}.
 */
class ResultsTest {

  static Map<String, Object> errorOf(CallToolResult r) {
    assertTrue(Boolean.TRUE.equals(r.isError()), TestServer.text(r));
    @SuppressWarnings("unchecked")
    Map<String, Object> error =
        (Map<String, Object>) TestServer.parse(TestServer.text(r)).get("error");
    return error;
  }

  static ToolSpec tool(String name) {
    return ToolCatalogTest.TOOLS.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void ok_aPage_isColumnsAndRowsAsText_andObjectsAsStructuredContent() {
    Map<String, Object> page =
        Map.of(
            "data",
            List.of(
                Map.of("clientid", "a", "connected", true),
                Map.of("clientid", "b", "connected", false)),
            "meta",
            Map.of("page", 1, "hasnext", false));
    CallToolResult r = Results.ok(page, System.nanoTime());
    assertFalse(Boolean.TRUE.equals(r.isError()));
    assertEquals(page, r.structuredContent());
    Map<String, Object> text = TestServer.parse(TestServer.text(r));
    List<?> columns = (List<?>) text.get("columns");
    List<?> rows = (List<?>) text.get("data"); // {columns, data: [[values]], meta}
    assertEquals(2, columns.size(), columns.toString());
    int id = columns.indexOf("clientid");
    int connected = columns.indexOf("connected");
    assertEquals(List.of("a", "b"), rows.stream().map(row -> ((List<?>) row).get(id)).toList());
    assertEquals(
        List.of(true, false), rows.stream().map(row -> ((List<?>) row).get(connected)).toList());
    assertEquals(page.get("meta"), text.get("meta"));
    assertTrue(r.meta().containsKey("duration_ms"), String.valueOf(r.meta()));
  }

  @Test
  void ok_anythingElse_isTheSameJsonAsText() {
    Map<String, Object> value = Map.of("delivered", true, "id", "0006115EB5F15FA4F44300000A8F0001");
    CallToolResult r = Results.ok(value, System.nanoTime());
    assertEquals(value, TestServer.parse(TestServer.text(r)));
    assertEquals(value, r.structuredContent());
  }

  @Test
  void ok_aResultThatBreaksItsOutputSchema_isAnEmqxFailure_notASuccess() {
    ToolException e =
        assertThrows(
            ToolException.class,
            () -> Results.ok(tool("get_client"), Map.of("clientid", 5), System.nanoTime()));
    assertEquals(ErrorCode.EMQX_UNAVAILABLE, e.code());
    assertTrue(
        e.getMessage().contains("get_client") && e.getMessage().contains("emqx.api-url"),
        e.getMessage());
  }

  @Test
  void error_aToolException_keepsCodeMessageAndDetails() {
    Map<String, Object> error =
        errorOf(
            Results.error(
                new ToolException(
                    ErrorCode.PROTECTED_CLIENT, "no kicking plc-7", Map.of("pattern", "plc-*")),
                null,
                System.nanoTime()));
    assertEquals(
        Map.of("code", "PROTECTED_CLIENT", "message", "no kicking plc-7", "pattern", "plc-*"),
        error);
  }

  @ParameterizedTest
  @EnumSource(MqttException.Kind.class)
  void error_everyMqttFailure_hasAContractCode_andAHint(MqttException.Kind kind) {
    Map<String, Object> error =
        errorOf(Results.error(new MqttException(kind, "broker said no"), null, System.nanoTime()));
    ErrorCode code = ErrorCode.valueOf(error.get("code").toString());
    assertTrue(code.name().startsWith("EMQX_") || code == ErrorCode.NOT_FOUND, code.name());
    String message = error.get("message").toString();
    assertTrue(
        message.startsWith("broker said no. ")
            && message.length() > "broker said no. ".length() + 20,
        message);
  }

  /**
   * A bug of ours: INTERNAL_ERROR, and nothing of the exception's own text (it may hold anything).
   */
  @Test
  void error_anythingElse_isInternalError_withoutTheExceptionsMessage() {
    Map<String, Object> error =
        errorOf(
            Results.error(
                new IllegalStateException("secret=" + TestServer.SECRET), null, System.nanoTime()));
    assertEquals("INTERNAL_ERROR", error.get("code"));
    assertFalse(error.toString().contains(TestServer.SECRET), error.toString());
    assertFalse(error.toString().contains("IllegalState"), "no class name: " + error);
    assertTrue(error.get("message").toString().contains("stderr"), error.toString());
  }

  /**
   * The guard audits a call as refused or failed from the code alone: refused means this server
   * turned it down before sending anything (EMQX's answers map to the others).
   */
  @Test
  void refusals_areExactlyTheCodesOfThisServersOwnRules() {
    List<ErrorCode> refusals =
        java.util.Arrays.stream(ErrorCode.values()).filter(ErrorCode::refusal).toList();
    assertEquals(
        List.of(
            ErrorCode.INVALID_ARGUMENT,
            ErrorCode.READ_ONLY,
            ErrorCode.TOPIC_NOT_PERMITTED,
            ErrorCode.TOOL_DISABLED,
            ErrorCode.PROTECTED_CLIENT,
            ErrorCode.RATE_LIMITED,
            ErrorCode.CONFIRMATION_REQUIRED,
            ErrorCode.AUDIT_UNAVAILABLE,
            ErrorCode.FORBIDDEN_BY_ROLE,
            ErrorCode.UNSUPPORTED_BY_CLUSTER),
        refusals);
  }

  @Test
  void toolError_json_isCodeMessageThenDetailsInOrder() {
    ToolError error =
        new ToolError(
            ErrorCode.EMQX_REJECTED,
            "no",
            new java.util.LinkedHashMap<>(Map.of("http_status", 400)));
    assertEquals(List.of("code", "message", "http_status"), List.copyOf(error.toJson().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> error.details().put("x", 1));
  }
}
