package io.emqx.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.tools.CatalogSchemaValidator;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the MCP server from the catalog and the policy; the same for every transport. */
public final class McpServerFactory {

  public static final String NAME = "emqx-mcp-server";

  static final String INSTRUCTIONS =
      "Operate an EMQX 5 MQTT broker cluster through its REST API: find and inspect MQTT clients "
          + "(list_clients, get_client), disconnect them (kick_mqtt_client) and publish messages "
          + "(publish_message). Failed calls return isError with {\"error\": {\"code\", \"message\"}}; "
          + "the message says what to do next.";

  /** The SDK's own mapper for the protocol; our tool values use {@link io.emqx.mcp.Json}. */
  private static final ObjectMapper PROTOCOL_MAPPER = new ObjectMapper();

  private McpServerFactory() {}

  public static JacksonMcpJsonMapper jsonMapper() {
    return new JacksonMcpJsonMapper(PROTOCOL_MAPPER);
  }

  public static McpSyncServer build(McpServerTransportProvider transport, List<ToolSpec> tools, Policy policy) {
    ToolRunner runner = new ToolRunner(policy);
    List<SyncToolSpecification> specs = tools.stream()
        .map(spec -> SyncToolSpecification.builder()
            .tool(spec.toMcp())
            .callHandler((exchange, request) -> runner.call(spec, request.arguments(), exchange))
            .build())
        .toList();
    Set<String> offered = new HashSet<>();
    tools.stream().filter(policy::offers).forEach(t -> offered.add(t.name()));
    return McpServer.sync(transport)
        .serverInfo(McpSchema.Implementation.builder(NAME, version()).title("EMQX MCP server").build())
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
        .jsonMapper(jsonMapper())
        // The catalog's schemas are checked cheaply; networknt loads only for any other schema.
        .jsonSchemaValidator(new CatalogSchemaValidator(tools, () -> new DefaultJsonSchemaValidator(PROTOCOL_MAPPER)))
        // Our ToolRunner checks arguments and answers INVALID_ARGUMENT in the contract's error shape.
        .validateToolInputs(false)
        .tools(specs)
        // Tools the policy withholds are left out of tools/list; a call still gets the reason.
        .addToolFilter((context, tool) -> offered.contains(tool.name()))
        .build();
  }

  public static String version() {
    String v = McpServerFactory.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
