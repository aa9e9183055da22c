package io.emqx.mcp.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.tools.CatalogSchemaValidator;
import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;

/**
 * Builds the MCP server from the catalog and the policy. The feature set is defined once, in {@link
 * #build(McpServer.SyncSpecification, List, Policy)}, and applied to whichever SDK builder the
 * transport needs: {@code McpServer.sync(..)} of a session provider (stdio, legacy SSE) or of a
 * streamable one (streamable HTTP).
 */
public final class McpServerFactory {

  public static final String NAME = "emqx-mcp-server";

  static final String INSTRUCTIONS =
      "Operate an EMQX 5 MQTT broker cluster through its REST API: find and inspect MQTT clients "
          + "(list_clients, get_client), disconnect them (kick_mqtt_client) and publish messages "
          + "(publish_message). Over MQTT itself (the mqtt toolset, when offered), watch live traffic on a "
          + "topic filter (mqtt_subscribe) and run request/response (mqtt_query). "
          + "Failed calls return isError with {\"error\": {\"code\", \"message\"}}; "
          + "the message says what to do next. "
          + "For \"why does client X not get its messages?\" start with diagnose_client (with the topic); for "
          + "\"is the cluster healthy?\" start with get_cluster_health. Lists page with page/limit and return "
          + "{columns, data, meta}: each row of data holds its values in the order of columns.";

  /**
   * The SDK's own mapper for the protocol; our tool values use {@link io.emqx.mcp.Json}. Fractions
   * are read as {@code BigDecimal} (integers are exact anyway: int, long or BigInteger), so that an
   * argument is judged on the number the client sent: 1.0000000000000000001 read as a double would
   * be the integer 1.
   */
  private static final ObjectMapper PROTOCOL_MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private McpServerFactory() {}

  public static McpJsonMapper jsonMapper() {
    return new ProtocolJson(new JacksonMcpJsonMapper(PROTOCOL_MAPPER));
  }

  /**
   * A session transport: stdio (HTTP builds its servers through the next method), which runs each
   * request on a thread of its own ({@code StdioTransport}).
   *
   * <p>Immediate execution, as on HTTP: each request is handled on that one thread. Without it the
   * SDK evaluates the tools/list filter for each tool on another thread, and Reactor's {@code
   * filterWhen} (3.7 and 3.9) then drops tools when one answer lands while the list is still
   * arriving: its next element finds the previous answer's slot not yet cleared and is discarded as
   * if withheld, and so are the rest. A client was offered a prefix of the list (17 of 28 tools).
   */
  public static McpSyncServer build(
      McpServerTransportProvider transport,
      List<ToolSpec> tools,
      Policy policy,
      Clusters clusters) {
    return build(McpServer.sync(transport).immediateExecution(true), tools, policy, clusters);
  }

  /**
   * Everything the server offers, whatever the transport: identity, capabilities, tools with the
   * policy's filter, resources, prompts and completions, so that every transport serves the same
   * set.
   */
  public static McpSyncServer build(
      McpServer.SyncSpecification<?> server,
      List<ToolSpec> tools,
      Policy policy,
      Clusters clusters) {
    List<ToolSpec> registered = policy.register(tools);
    // Resources, prompts and completions name their cluster as the tools do (when there are
    // several).
    Resources resources = new Resources(clusters, policy::topics);
    if (clusters.many()) {
      server.uriTemplateManagerFactory(resources.templateManagers());
    }
    ToolRunner runner = new ToolRunner(policy, clusters);
    RequestParams params =
        new RequestParams(
            jsonMapper(),
            registered.stream().map(ToolSpec::name).collect(java.util.stream.Collectors.toSet()));
    List<SyncToolSpecification> specs =
        java.util.stream.Stream.concat(
                registered.stream()
                    .map(
                        spec ->
                            SyncToolSpecification.builder()
                                .tool(spec.toMcp())
                                .callHandler(
                                    (exchange, request) ->
                                        runner.call(
                                            spec,
                                            request.arguments(),
                                            exchange,
                                            request.progressToken()))
                                .build()),
                java.util.stream.Stream.of(params.refusedCalls()))
            .toList();
    boolean dynamic = policy.dynamicToolsets();
    McpSyncServer built =
        server
            .serverInfo(
                McpSchema.Implementation.builder(NAME, version()).title("EMQX MCP server").build())
            .instructions(INSTRUCTIONS)
            // listChanged: with dynamic toolsets, enable_toolset changes a session's tool list.
            .capabilities(
                McpSchema.ServerCapabilities.builder()
                    .tools(dynamic)
                    .logging()
                    // completions() must be declared: the SDK only answers completion/complete when
                    // it is.
                    .resources(false, false)
                    .prompts(false)
                    .completions()
                    .build())
            // Malformed tools/call (and other) params are answered here, alike on every transport.
            .jsonMapper(params)
            // The catalog's schemas are checked cheaply; networknt loads only for any other schema.
            .jsonSchemaValidator(
                new CatalogSchemaValidator(
                        tools, () -> new DefaultJsonSchemaValidator(PROTOCOL_MAPPER))
                    .trusting(RequestParams.SCHEMA))
            // Our ToolRunner checks arguments and answers INVALID_ARGUMENT in the contract's error
            // shape.
            .validateToolInputs(false)
            // Server-to-client requests include asking a person to confirm (elicitation): give them
            // time.
            .requestTimeout(java.time.Duration.ofMinutes(5))
            .tools(specs)
            // Tools the policy withholds from this session are left out of tools/list; a call still
            // gets the reason.
            .addToolFilter((context, tool) -> policy.offers(context, tool.name()))
            .resources(resources.resources())
            .resourceTemplates(resources.templates())
            .prompts(Prompts.specs(clusters))
            .completions(new Completions(clusters, resources.clientTemplate()).specs())
            .build();
    if (dynamic) {
      // The SDK (2.1) can notify only every session of a server, not one: the others re-read a list
      // that
      // has not changed for them. The 2026-07-28 protocol's equivalent hooks in here too.
      policy.onToolListChanged(built::notifyToolsListChanged);
    }
    return built;
  }

  /**
   * The MCP 2026-07-28 server over the same catalog, policy and runner as {@link #build}: what a
   * transport hands the requests that carry the modern {@code _meta}.
   */
  public static ModernServer modern(List<ToolSpec> tools, Policy policy, Clusters clusters) {
    return modern(tools, policy, clusters, java.time.Clock.systemUTC());
  }

  /** With the clock that dates confirmation states (tests move it to make one stale). */
  public static ModernServer modern(
      List<ToolSpec> tools, Policy policy, Clusters clusters, java.time.Clock clock) {
    List<ToolSpec> registered = policy.register(tools);
    RequestParams params =
        new RequestParams(
            jsonMapper(),
            registered.stream().map(ToolSpec::name).collect(java.util.stream.Collectors.toSet()));
    Resources resources = new Resources(clusters, policy::topics);
    ModernCatalog catalog =
        new ModernCatalog(
            jsonMapper(),
            registered,
            policy,
            new ToolRunner(policy, clusters),
            params,
            resources,
            Prompts.specs(clusters),
            new Completions(clusters, resources.clientTemplate()).specs());
    return new ModernServer(
        jsonMapper(),
        catalog,
        new CatalogSchemaValidator(
            registered, () -> new DefaultJsonSchemaValidator(PROTOCOL_MAPPER)),
        clock);
  }

  public static String version() {
    String v = McpServerFactory.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
