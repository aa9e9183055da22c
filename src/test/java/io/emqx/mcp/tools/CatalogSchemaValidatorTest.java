package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.emqx.mcp.support.WireMockEmqx.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.Json;
import io.emqx.mcp.emqx.Route;
import io.emqx.mcp.support.TestServer;
import io.emqx.mcp.support.WireMockEmqx;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks the SDK would run with networknt at every start and on every result, kept: here for
 * the catalog's schemas, and by {@link CatalogSchemaValidator} at run time for results.
 */
class CatalogSchemaValidatorTest {

  @RegisterExtension static final WireMockEmqx wm = WireMockEmqx.create();

  /** As the SDK would build it, on a plain mapper: one that keeps nulls, as the protocol does. */
  static final DefaultJsonSchemaValidator NETWORKNT =
      new DefaultJsonSchemaValidator(new ObjectMapper());

  static ToolSpec tool(String name) {
    return ToolCatalogTest.TOOLS.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Object json(String text) throws Exception {
    return Json.MAPPER.readValue(text, new TypeReference<Object>() {});
  }

  @Test
  void everyCatalogSchema_isValidJsonSchema2020_12() {
    for (ToolSpec t : ToolCatalogTest.TOOLS) {
      assertTrue(NETWORKNT.validateSchema(t.inputSchema()).valid(), t.name() + " input schema");
      if (t.outputSchema() != null) {
        assertTrue(NETWORKNT.validateSchema(t.outputSchema()).valid(), t.name() + " output schema");
      }
    }
  }

  @Test
  void outputSchemas_useOnlyKeywordsTheCheckKnows() {
    for (ToolSpec t : ToolCatalogTest.TOOLS) {
      if (t.outputSchema() != null) {
        ToolCatalogTest.assertKeywords(t.name() + " output", t.outputSchema());
      }
    }
  }

  @Test
  void catalogSchemas_neverLoadTheFullValidator_otherSchemasDo() throws Exception {
    AtomicInteger built = new AtomicInteger();
    CatalogSchemaValidator v =
        new CatalogSchemaValidator(
            ToolCatalogTest.TOOLS,
            () -> {
              built.incrementAndGet();
              return NETWORKNT;
            });
    for (ToolSpec t : ToolCatalogTest.TOOLS) {
      assertTrue(v.validateSchema(t.inputSchema()).valid());
      assertTrue(v.validateSchema(t.outputSchema()).valid());
    }
    assertTrue(
        v.validate(tool("get_client").outputSchema(), json("{\"clientid\":\"c1\"}")).valid());
    assertEquals(0, built.get(), "the catalog's own schemas must not need networknt");

    // A schema from elsewhere (an elicitation form, say) gets the full validator, built once.
    Map<String, Object> form =
        Map.of("type", "object", "properties", Map.of("ok", Map.of("type", "boolean")));
    assertFalse(v.validate(form, json("{\"ok\":\"yes\"}")).valid());
    assertTrue(v.validateSchema(form).valid());
    assertEquals(1, built.get());
  }

  /** Results of the clients tools, as EMQX and our projection make them, and as a bug could. */
  static Stream<Arguments> results() {
    String meta = ",\"meta\":{\"page\":1,\"limit\":25}}";
    return Stream.of(
        Arguments.of(
            "list_clients",
            "{\"data\":[{\"clientid\":\"c1\",\"username\":null,\"connected\":true,"
                + "\"proto_ver\":5}],\"meta\":{\"page\":1,\"limit\":25,\"hasnext\":false,\"count\":1}}"),
        Arguments.of(
            "list_clients", "{\"data\":[],\"meta\":{\"page\":2,\"limit\":25,\"hasnext\":false}}"),
        Arguments.of("list_clients", "{\"data\":[{\"username\":\"u\"}]" + meta),
        Arguments.of(
            "list_clients", "{\"data\":[{\"clientid\":\"c1\",\"connected\":\"true\"}]" + meta),
        Arguments.of("list_clients", "{\"data\":[{\"clientid\":\"c1\",\"proto_ver\":4.5}]" + meta),
        Arguments.of("list_clients", "{\"data\":[{\"clientid\":null}]" + meta),
        Arguments.of("list_clients", "{\"data\":[{\"clientid\":\"c1\",\"node\":null}]" + meta),
        Arguments.of("list_clients", "{\"data\":{}" + meta),
        Arguments.of("list_clients", "{\"data\":[],\"meta\":{\"page\":\"1\",\"limit\":25}}"),
        Arguments.of("list_clients", "{\"data\":[]}"),
        Arguments.of(
            "get_client",
            "{\"clientid\":\"c1\",\"connected\":true,\"node\":\"emqx@n1\",\"username\":null,"
                + "\"keepalive\":60}"),
        Arguments.of("get_client", "{\"clientid\":\"c1\",\"recv_msg.qos0\":3,\"mountpoint\":null}"),
        Arguments.of("get_client", "{\"clientid\":5}"),
        Arguments.of("get_client", "{\"connected\":true}"),
        Arguments.of("get_client", "{\"clientid\":\"c1\",\"username\":7}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("results")
  void results_areJudgedAsNetworkntJudgesThem(String tool, String result) throws Exception {
    Map<String, Object> schema = tool(tool).outputSchema();
    JsonSchemaValidator ours =
        new CatalogSchemaValidator(
            ToolCatalogTest.TOOLS,
            () -> {
              throw new AssertionError("not needed for the catalog's schemas");
            });
    assertEquals(
        NETWORKNT.validate(schema, json(result)).valid(),
        ours.validate(schema, json(result)).valid(),
        result);
  }

  @Test
  void aResultThatBreaksItsOutputSchema_isStillRefusedByTheServer() throws Exception {
    try (TestServer server =
        TestServer.start(TestServer.settings(wm.baseUrl(), Duration.ofSeconds(2), false))) {
      // Assumed: EMQX always sends clientid as a string; if it ever did not, the model must not be
      // misled.
      wm.stubFor(
          on(Route.GET_CLIENT, "odd").willReturn(okJson("{\"clientid\":5,\"connected\":true}")));
      CallToolResult r = server.call("get_client", Map.of("clientid", "odd"));
      assertTrue(Boolean.TRUE.equals(r.isError()), TestServer.text(r));
      assertTrue(TestServer.text(r).contains("clientid"), TestServer.text(r));
    }
  }
}
