package io.emqx.mcp.conformance;

import io.emqx.mcp.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The conformance suite's fixtures for MCP 2026-07-28 ({@code --requirements 2026-07-28}), served
 * by the SDK's modern server behind the production HTTP wiring next to {@link ConformanceServer}'s
 * legacy ones. What both revisions share (the content tools, the resources, the prompts, the
 * completion) is the legacy fixture itself, called and converted to the modern types; what only
 * 2026-07-28 has is here: the multi round-trip tools and prompt ({@code
 * test_input_required_result_*}, whose shapes the suite's scenario descriptions fix), progress on
 * the response stream, a tool that needs a capability the client may not have declared, per-request
 * logging.
 *
 * <p>Nothing is kept between requests: a round's state travels in {@code requestState}, sealed by
 * the SDK's HMAC codec (so a tampered one is refused before a handler sees it).
 */
final class ModernFixtures {

  private static final long TTL_MS = 60_000;
  private static final McpSchema.CacheScope SCOPE = McpSchema.CacheScope.PUBLIC;
  private static final Map<String, Object> NO_ARGS =
      Map.of("type", "object", "properties", Map.of());

  /** The legacy fixtures that need no server-to-client request, served as they are. */
  private static final Set<String> SHARED_TOOLS =
      Set.of(
          "test_simple_text",
          "test_image_content",
          "test_audio_content",
          "test_embedded_resource",
          "test_multiple_content_types",
          "test_error_handling");

  private final McpJsonMapper mapper = McpServerFactory.jsonMapper();
  private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();

  private ModernFixtures() {
    for (SyncToolSpecification legacy : ConformanceServer.tools()) {
      if (SHARED_TOOLS.contains(legacy.tool().name())) {
        add(
            McpSyncTool.of(
                convert(legacy.tool(), McpSchema.Tool.class),
                (ctx, request) ->
                    McpSyncResponse.result(
                        convert(
                            legacy.callHandler().apply(null, legacyCall(request)),
                            McpSchema.CallToolResult.class))));
      }
    }
    add(
        McpSyncTool.of(
            tool("test_tool_with_progress"),
            (ctx, request) ->
                McpSyncResponse.streaming(
                    notifier -> {
                      for (double progress : new double[] {0, 50, 100}) {
                        notifier.progress(progress, 100.0, null);
                        pause();
                      }
                      return text("Tool with progress executed successfully");
                    })));
    add(McpSyncTool.of(tool("test_logging_tool"), ModernFixtures::logging));
    // Served only to a client that declared sampling; the SDK answers -32021 to the others.
    add(
        McpSyncTool.of(
            tool("test_missing_capability"),
            McpSchema.ClientCapabilities.builder().sampling().build(),
            (ctx, request) -> McpSyncResponse.result(text("The client declared sampling"))));
    for (String name :
        List.of("test_input_required_result_elicitation", "test_streaming_elicitation")) {
      add(
          McpSyncTool.of(
              tool(name),
              (ctx, request) ->
                  McpSyncResponse.result(
                      answered(request.inputResponses(), "user_name")
                          ? text(
                              "Hello, "
                                  + field(request.inputResponses(), "user_name", "name")
                                  + "!")
                          : askName("user_name", null))));
    }
    add(
        McpSyncTool.of(
            tool("test_input_required_result_sampling"),
            (ctx, request) ->
                McpSyncResponse.result(
                    answered(request.inputResponses(), "capital_question")
                        ? text(
                            "Sampling result: "
                                + sampled(request.inputResponses(), "capital_question"))
                        : McpSchema.InputRequiredResult.builder()
                            .createMessage(
                                "capital_question", sample("What is the capital of France?", 100))
                            .build())));
    add(
        McpSyncTool.of(
            tool("test_input_required_result_list_roots"),
            (ctx, request) ->
                McpSyncResponse.result(
                    answered(request.inputResponses(), "client_roots")
                        ? text(
                            "Found " + roots(request.inputResponses(), "client_roots") + " root(s)")
                        : McpSchema.InputRequiredResult.builder()
                            .listRoots("client_roots")
                            .build())));
    add(
        confirmedWithState(
            "test_input_required_result_request_state",
            "request-state",
            "state-ok: requestState validated"));
    add(
        McpSyncTool.of(
            tool("test_input_required_result_multiple_inputs"), ModernFixtures::multipleInputs));
    add(McpSyncTool.of(tool("test_input_required_result_multi_round"), ModernFixtures::multiRound));
    add(
        confirmedWithState(
            "test_input_required_result_tampered_state",
            "untampered",
            "state-ok: requestState verified"));
    add(
        McpSyncTool.of(
            tool("test_input_required_result_capabilities"), ModernFixtures::capabilities));
  }

  /**
   * The modern server over these fixtures. Requests run on a worker pool, never on the HTTP
   * transport's threads, as the production server's do (handlers block: pauses, progress).
   */
  static McpRequestManager server() {
    ModernFixtures fixtures = new ModernFixtures();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    McpServer sdk =
        McpServer.builder()
            .serverInfo(
                McpSchema.Implementation.builder(
                        "emqx-mcp-conformance-fixtures", McpServerFactory.version())
                    .build())
            .supportedVersions(List.of("2026-07-28"))
            .jsonMapper(fixtures.mapper)
            .feature(ToolsFeature.ofSync(fixtures.toolRepository()))
            .feature(
                ResourcesFeature.ofSync(
                    fixtures.resourceRepository(), fixtures.mapper, TTL_MS, SCOPE))
            .feature(
                PromptsFeature.ofSync(fixtures.promptRepository(), fixtures.mapper, TTL_MS, SCOPE))
            .discoverCache(TTL_MS, SCOPE)
            .requestStateCodec(
                HmacRequestStateCodec.builder()
                    .key(key)
                    .ttl(Duration.ofMinutes(5))
                    .jsonMapper(fixtures.mapper)
                    .build())
            .build();
    var pool = Schedulers.boundedElastic();
    return new McpRequestManager() {
      @Override
      public Mono<McpTransportResponse> handle(
          io.modelcontextprotocol.common.McpTransportContext context,
          io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest request) {
        return Mono.defer(() -> sdk.handleBlocking(context, request))
            .map(
                response ->
                    response instanceof McpTransportResponse.Streaming s
                        ? McpTransportResponse.streaming(s.messages().subscribeOn(pool))
                        : response)
            .subscribeOn(pool);
      }

      @Override
      public Mono<McpTransportResponse> handleBlocking(
          io.modelcontextprotocol.common.McpTransportContext context,
          io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest request) {
        return handle(context, request);
      }

      @Override
      public Mono<Void> handleNotification(
          io.modelcontextprotocol.common.McpTransportContext context,
          io.modelcontextprotocol.modern.JsonRpc.JSONRPCNotification notification) {
        return sdk.handleNotification(context, notification);
      }
    };
  }

  // --- tools only 2026-07-28 has ----------------------------------------------------------------

  /**
   * Logs only when the request asks for it (its {@code _meta} log level), on the response stream.
   */
  private static McpSyncResponse<McpSchema.CallToolOutcome> logging(
      McpRequestContext ctx, McpSchema.CallToolRequest r) {
    if (!(ctx.meta().get(McpSchema.MetaKeys.LOG_LEVEL) instanceof String)) {
      return McpSyncResponse.result(
          text("Tool with logging executed successfully (no log level asked for)"));
    }
    return McpSyncResponse.streaming(
        notifier -> {
          for (String message :
              List.of(
                  "Tool execution started", "Tool processing data", "Tool execution completed")) {
            notifier.notify(
                "notifications/message",
                Map.of("level", "info", "logger", "conformance", "data", message));
            pause();
          }
          return text("Tool with logging executed successfully");
        });
  }

  private static McpSyncResponse<McpSchema.CallToolOutcome> multipleInputs(
      McpRequestContext ctx, McpSchema.CallToolRequest request) {
    Map<String, Object> in = request.inputResponses();
    if ("multiple-inputs".equals(request.requestState())
        && answered(in, "user_name")
        && answered(in, "greeting")
        && answered(in, "client_roots")) {
      return McpSyncResponse.result(
          text(
              "Name: "
                  + field(in, "user_name", "name")
                  + "; Greeting: "
                  + sampled(in, "greeting")
                  + "; Roots: "
                  + roots(in, "client_roots")));
    }
    return McpSyncResponse.result(
        McpSchema.InputRequiredResult.builder()
            .elicit(
                "user_name",
                McpSchema.ElicitFormRequest.builder("What is your name?", schema("name", "string"))
                    .build())
            .createMessage("greeting", sample("Generate a greeting", 50))
            .listRoots("client_roots")
            .requestState("multiple-inputs")
            .build());
  }

  /** Three rounds: the state says which one answered, and carries the first answer on. */
  private static McpSyncResponse<McpSchema.CallToolOutcome> multiRound(
      McpRequestContext ctx, McpSchema.CallToolRequest request) {
    String state = request.requestState() == null ? "" : request.requestState();
    Map<String, Object> in = request.inputResponses();
    if (state.startsWith("round-1:") && answered(in, "step1")) {
      return McpSyncResponse.result(
          McpSchema.InputRequiredResult.builder()
              .elicit(
                  "step2",
                  McpSchema.ElicitFormRequest.builder(
                          "Step 2: What is your favorite color?", schema("color", "string"))
                      .build())
              .requestState("round-2:" + field(in, "step1", "name"))
              .build());
    }
    if (state.startsWith("round-2:") && answered(in, "step2")) {
      return McpSyncResponse.result(
          text(
              "Multi-round complete for "
                  + state.substring(8)
                  + " who likes "
                  + field(in, "step2", "color")));
    }
    return McpSyncResponse.result(askName("step1", "round-1:" + UUID.randomUUID()));
  }

  /** Asks only for what the client declared it can answer. */
  private static McpSyncResponse<McpSchema.CallToolOutcome> capabilities(
      McpRequestContext ctx, McpSchema.CallToolRequest request) {
    Map<String, Object> in = request.inputResponses();
    McpSchema.ClientCapabilities caps = ctx.clientCapabilities();
    var ask = McpSchema.InputRequiredResult.builder();
    boolean asked = false;
    if (caps.supportsElicitationForm() && !answered(in, "user_name")) {
      ask.elicit(
          "user_name",
          McpSchema.ElicitFormRequest.builder("What is your name?", schema("name", "string"))
              .build());
      asked = true;
    }
    if (caps.supportsSampling() && !answered(in, "greeting")) {
      ask.createMessage("greeting", sample("Generate a greeting", 50));
      asked = true;
    }
    if (caps.supportsRoots() && !answered(in, "client_roots")) {
      ask.listRoots("client_roots");
      asked = true;
    }
    return McpSyncResponse.result(asked ? ask.build() : text("Every declared capability answered"));
  }

  // --- resources and prompts: the legacy fixtures, plus the input-required prompt ---------------

  private McpSyncToolRepository toolRepository() {
    List<McpSchema.Tool> listed = tools.values().stream().map(McpSyncTool::definition).toList();
    return new McpSyncToolRepository() {
      @Override
      public ToolsPage list(McpRequestContext ctx, String cursor) {
        return new ToolsPage(listed, null, TTL_MS, SCOPE);
      }

      @Override
      public McpSyncTool find(McpRequestContext ctx, String name) {
        return name == null ? null : tools.get(name);
      }
    };
  }

  private McpSyncResourceRepository resourceRepository() {
    Map<String, SyncResourceSpecification> specs = new LinkedHashMap<>();
    ConformanceServer.resources().forEach(r -> specs.put(r.resource().uri(), r));
    var template = ConformanceServer.template();
    List<McpSchema.Resource> listed =
        specs.values().stream().map(r -> convert(r.resource(), McpSchema.Resource.class)).toList();
    McpSchema.ResourceTemplate templateDefinition =
        convert(template.resourceTemplate(), McpSchema.ResourceTemplate.class);
    return new McpSyncResourceRepository() {
      @Override
      public ResourcesPage list(McpRequestContext ctx, String cursor) {
        return new ResourcesPage(listed, null, TTL_MS, SCOPE);
      }

      @Override
      public ResourceTemplatesPage listTemplates(McpRequestContext ctx, String cursor) {
        return new ResourceTemplatesPage(List.of(templateDefinition), null, TTL_MS, SCOPE);
      }

      @Override
      public McpSyncResource find(McpRequestContext ctx, String uri) {
        SyncResourceSpecification exact = uri == null ? null : specs.get(uri);
        var handler =
            exact != null
                ? exact.readHandler()
                : uri != null && uri.matches("test://template/[^/]+/data")
                    ? template.readHandler()
                    : null;
        if (handler == null) {
          return null; // the SDK answers -32602, as 2026-07-28 wants for an unknown resource
        }
        return McpSyncResource.of(
            (c, request) -> {
              var read =
                  convert(
                      handler.apply(
                          null,
                          new io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest(
                              request.uri(), null)),
                      McpSchema.ReadResourceResult.class);
              return McpSyncResponse.result(
                  McpSchema.ReadResourceResult.builder(read.contents())
                      .ttlMs(TTL_MS)
                      .cacheScope(SCOPE)
                      .build());
            });
      }

      @Override
      public McpSyncResourceTemplate findTemplate(McpRequestContext ctx, String uriTemplate) {
        return templateDefinition.uriTemplate().equals(uriTemplate)
            ? McpSyncResourceTemplate.of(templateDefinition)
            : null;
      }
    };
  }

  private McpSyncPromptRepository promptRepository() {
    Map<String, McpSyncPrompt> prompts = new LinkedHashMap<>();
    for (SyncPromptSpecification legacy : ConformanceServer.prompts()) {
      McpSyncPrompt prompt =
          McpSyncPrompt.of(
              convert(legacy.prompt(), McpSchema.Prompt.class),
              (ctx, request) -> {
                Map<String, Object> args =
                    request.arguments() == null
                        ? Map.of()
                        : new LinkedHashMap<>(request.arguments());
                return McpSyncResponse.result(
                    convert(
                        legacy
                            .promptHandler()
                            .apply(
                                null,
                                new io.modelcontextprotocol.spec.McpSchema.GetPromptRequest(
                                    request.name(), args)),
                        McpSchema.GetPromptResult.class));
              });
      if (legacy.prompt().name().equals(ConformanceServer.COMPLETED_PROMPT)) {
        prompt =
            prompt.withCompletionHandler(
                (ctx, request) ->
                    convert(
                        ConformanceServer.complete(request.argument().value()),
                        McpSchema.CompleteResult.class));
      }
      prompts.put(legacy.prompt().name(), prompt);
    }
    prompts.put(
        "test_input_required_result_prompt",
        McpSyncPrompt.of(
            McpSchema.Prompt.builder("test_input_required_result_prompt")
                .description("Conformance fixture: asks the user for context first")
                .build(),
            (ctx, request) ->
                McpSyncResponse.result(
                    answered(request.inputResponses(), "user_context")
                        ? McpSchema.GetPromptResult.builder(
                                List.of(
                                    new McpSchema.PromptMessage(
                                        McpSchema.Role.USER,
                                        McpSchema.TextContent.builder(
                                                "Prompt with context: "
                                                    + field(
                                                        request.inputResponses(),
                                                        "user_context",
                                                        "context"))
                                            .build())))
                            .build()
                        : McpSchema.InputRequiredResult.builder()
                            .elicit(
                                "user_context",
                                McpSchema.ElicitFormRequest.builder(
                                        "What context should the prompt use?",
                                        schema("context", "string"))
                                    .build())
                            .build())));
    List<McpSchema.Prompt> listed =
        prompts.values().stream().map(McpSyncPrompt::definition).toList();
    return new McpSyncPromptRepository() {
      @Override
      public PromptsPage list(McpRequestContext ctx, String cursor) {
        return new PromptsPage(listed, null, TTL_MS, SCOPE);
      }

      @Override
      public McpSyncPrompt find(McpRequestContext ctx, String name) {
        return name == null ? null : prompts.get(name);
      }

      @Override
      public boolean supportsCompletion() {
        return true;
      }
    };
  }

  // --- small helpers ----------------------------------------------------------------------------

  private void add(McpSyncTool tool) {
    tools.put(tool.definition().name(), tool);
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(name, NO_ARGS).description("Conformance fixture " + name).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder()
        .addContent(McpSchema.TextContent.builder(text).build())
        .build();
  }

  private static McpSchema.InputRequiredResult askName(String key, String state) {
    var ask =
        McpSchema.InputRequiredResult.builder()
            .elicit(
                key,
                McpSchema.ElicitFormRequest.builder(
                        key.equals("step1") ? "Step 1: What is your name?" : "What is your name?",
                        schema("name", "string"))
                    .build());
    return (state == null ? ask : ask.requestState(state)).build();
  }

  /**
   * A tool that asks for a confirmation with {@code state} as its request state, and answers {@code
   * done} only when the retry brings that state back with the confirmation.
   */
  private McpSyncTool confirmedWithState(String name, String state, String done) {
    return McpSyncTool.of(
        tool(name),
        (ctx, request) ->
            McpSyncResponse.result(
                state.equals(request.requestState())
                        && answered(request.inputResponses(), "confirm")
                    ? text(done)
                    : McpSchema.InputRequiredResult.builder()
                        .elicit(
                            "confirm",
                            McpSchema.ElicitFormRequest.builder(
                                    "Please confirm", schema("ok", "boolean"))
                                .build())
                        .requestState(state)
                        .build()));
  }

  private static McpSchema.CreateMessageRequest sample(String prompt, int maxTokens) {
    return McpSchema.CreateMessageRequest.builder(
            List.of(
                new McpSchema.SamplingMessage(
                    McpSchema.Role.USER, McpSchema.TextContent.builder(prompt).build())),
            maxTokens)
        .build();
  }

  private static Map<String, Object> schema(String property, String type) {
    return ConformanceServer.objectWith(property, Map.of("type", type));
  }

  /** Whether the client answered {@code key} with a result object (not a number, not null). */
  private static boolean answered(Map<String, Object> responses, String key) {
    return responses != null && responses.get(key) instanceof Map<?, ?>;
  }

  private static String field(Map<String, Object> responses, String key, String field) {
    return responses.get(key) instanceof Map<?, ?> r
            && r.get("content") instanceof Map<?, ?> c
            && c.get(field) != null
        ? String.valueOf(c.get(field))
        : "unknown";
  }

  private static String sampled(Map<String, Object> responses, String key) {
    return responses.get(key) instanceof Map<?, ?> r
            && r.get("content") instanceof Map<?, ?> c
            && c.get("text") != null
        ? String.valueOf(c.get("text"))
        : "no response";
  }

  private static int roots(Map<String, Object> responses, String key) {
    return responses.get(key) instanceof Map<?, ?> r && r.get("roots") instanceof List<?> roots
        ? roots.size()
        : 0;
  }

  private static io.modelcontextprotocol.spec.McpSchema.CallToolRequest legacyCall(
      McpSchema.CallToolRequest request) {
    return new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
        request.name(), request.arguments() == null ? Map.of() : request.arguments());
  }

  /** The same JSON in the other revision's type. */
  private <T> T convert(Object value, Class<T> type) {
    return mapper.convertValue(value, type);
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
