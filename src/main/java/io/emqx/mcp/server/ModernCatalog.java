package io.emqx.mcp.server;

import io.emqx.mcp.policy.ConfirmRound;
import io.emqx.mcp.policy.Policy;
import io.emqx.mcp.tools.ToolRunner;
import io.emqx.mcp.tools.ToolSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The catalog as the 2026-07-28 server serves it: the very tools, resources, prompts and
 * completions the legacy server registers, each call going through the same handler (for tools: the
 * same {@link ToolRunner}, hence the same policy, audit and error mapping). Only the shapes change
 * on the way in and out (the modern schema classes are other types with the same JSON), and what
 * the revision adds: cache hints, and confirmation by input-required results.
 *
 * <p>The catalog is fixed for the life of the process (tools, resources and prompts are declared in
 * code and filtered once by the settings), which is what the cache hints say: lists and the topic
 * policy may be kept for {@link #STATIC_TTL_MS}; live reads of EMQX (the overview, a client) not at
 * all. They are private: what a caller may see can depend on who it is (the operator's tool filters
 * today, roles per caller in a later version), so no shared cache should serve them.
 */
final class ModernCatalog {

  /** How long clients may keep a list (and the topic policy): it changes only with a restart. */
  static final long STATIC_TTL_MS = 10 * 60 * 1000L;

  static final McpSchema.CacheScope SCOPE = McpSchema.CacheScope.PRIVATE;

  private final McpJsonMapper mapper;
  private final List<McpSchema.Tool> listed;
  private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();
  private final McpSyncTool unknown;
  private final Map<String, SyncResourceSpecification> resources = new LinkedHashMap<>();
  private final List<SyncResourceTemplateSpecification> templates;
  private final Map<String, SyncPromptSpecification> prompts = new LinkedHashMap<>();
  private final List<SyncCompletionSpecification> completions;
  private final RequestParams params;
  private final Policy policy;
  private final Resources resourceSpecs;

  ModernCatalog(
      McpJsonMapper mapper,
      List<ToolSpec> registered,
      Policy policy,
      ToolRunner runner,
      RequestParams params,
      Resources resourceSpecs,
      List<SyncPromptSpecification> promptSpecs,
      List<SyncCompletionSpecification> completionSpecs) {
    this.mapper = mapper;
    this.params = params;
    this.policy = policy;
    this.resourceSpecs = resourceSpecs;
    for (ToolSpec spec : registered) {
      tools.put(
          spec.name(),
          McpSyncTool.of(definition(spec), (ctx, request) -> call(spec, runner, ctx, request)));
    }
    // tools/list: the catalog's order, as the legacy server lists it; withheld tools still answer.
    this.listed =
        registered.stream()
            .filter(policy::offers)
            .map(t -> tools.get(t.name()).definition())
            .toList();
    this.unknown =
        McpSyncTool.of(
            McpSchema.Tool.builder(RequestParams.REFUSED_CALL, RequestParams.SCHEMA).build(),
            (ctx, request) ->
                McpSyncResponse.result(
                    toModern(params.unknownTool(request.name()), McpSchema.CallToolResult.class)));
    resourceSpecs.resources().forEach(r -> resources.put(r.resource().uri(), r));
    this.templates = resourceSpecs.templates();
    promptSpecs.forEach(p -> prompts.put(p.prompt().name(), p));
    this.completions = completionSpecs;
  }

  /** The tool as listed: the catalog's own schema maps (so the catalog validator knows them). */
  private McpSchema.Tool definition(ToolSpec spec) {
    io.modelcontextprotocol.spec.McpSchema.Tool legacy = spec.toMcp();
    return new McpSchema.Tool(
        legacy.name(),
        legacy.title(),
        legacy.description(),
        spec.inputSchema(),
        spec.outputSchema(),
        toModern(legacy.annotations(), McpSchema.ToolAnnotations.class),
        legacy.meta(),
        null);
  }

  /** The input schemas: the runner checks arguments itself and answers in the contract's shape. */
  List<Map<String, Object>> inputSchemas() {
    return tools.values().stream().map(t -> t.definition().inputSchema()).toList();
  }

  McpSyncToolRepository tools() {
    return new McpSyncToolRepository() {
      @Override
      public ToolsPage list(McpRequestContext ctx, String cursor) {
        // Per request: what the caller's role may call (the cache scope is private for this).
        List<McpSchema.Tool> mine =
            listed.stream().filter(t -> policy.offers(ctx.transportContext(), t.name())).toList();
        return new ToolsPage(mine, null, STATIC_TTL_MS, SCOPE);
      }

      @Override
      public McpSyncTool find(McpRequestContext ctx, String name) {
        McpSyncTool tool = name == null ? null : tools.get(name);
        return tool != null ? tool : unknown;
      }
    };
  }

  /**
   * One call: through the runner as on the legacy server; with a progress token, on a streaming
   * response so that progress reaches the client before the result.
   */
  private McpSyncResponse<McpSchema.CallToolOutcome> call(
      ToolSpec spec, ToolRunner runner, McpRequestContext ctx, McpSchema.CallToolRequest request) {
    ModernExchange.logLevel(ctx.meta()); // an unknown level is refused before anything runs
    if (ctx.progressToken() != null || ctx.meta().get(ModernExchange.LOG_LEVEL) != null) {
      return McpSyncResponse.streaming(notifier -> run(spec, runner, ctx, request, notifier));
    }
    return McpSyncResponse.result(run(spec, runner, ctx, request, null));
  }

  private McpSchema.CallToolOutcome run(
      ToolSpec spec,
      ToolRunner runner,
      McpRequestContext ctx,
      McpSchema.CallToolRequest request,
      McpSyncNotifier notifier) {
    ConfirmRound round =
        new ConfirmRound(
            ctx.clientCapabilities().supportsElicitationForm(),
            request.requestState(),
            request.inputResponses(),
            ctx.transportContext().get(ConfirmRound.CALLER_KEY) instanceof String c ? c : null);
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    var result =
        runner.call(spec, arguments, ModernExchange.of(ctx, notifier, round), ctx.progressToken());
    ConfirmRound.Required required = round.required();
    if (required != null) {
      return McpSchema.InputRequiredResult.builder()
          .elicit(
              ConfirmRound.INPUT,
              McpSchema.ElicitFormRequest.builder(required.message(), required.requestedSchema())
                  .build())
          .requestState(required.state())
          .build();
    }
    return toModern(result, McpSchema.CallToolResult.class);
  }

  McpSyncResourceRepository resources() {
    List<McpSchema.Resource> list =
        resources.values().stream()
            .map(r -> toModern(r.resource(), McpSchema.Resource.class))
            .toList();
    List<McpSchema.ResourceTemplate> templateList =
        templates.stream()
            .map(t -> toModern(t.resourceTemplate(), McpSchema.ResourceTemplate.class))
            .toList();
    BiFunction<McpRequestContext, McpSchema.CompleteRequest, McpSchema.CompleteResult> complete =
        this::complete;
    return new McpSyncResourceRepository() {
      @Override
      public ResourcesPage list(McpRequestContext ctx, String cursor) {
        return new ResourcesPage(list, null, STATIC_TTL_MS, SCOPE);
      }

      @Override
      public ResourceTemplatesPage listTemplates(McpRequestContext ctx, String cursor) {
        return new ResourceTemplatesPage(templateList, null, STATIC_TTL_MS, SCOPE);
      }

      @Override
      public McpSyncResource find(McpRequestContext ctx, String uri) {
        if (uri == null) {
          return null;
        }
        // With several clusters, also a plain URI (the default cluster) or one naming a cluster
        // that is not configured (its read says so).
        SyncResourceSpecification exact =
            resources.containsKey(uri)
                ? resources.get(uri)
                : resources.values().stream()
                    .filter(r -> resourceSpecs.matches(r.resource().uri(), uri))
                    .findFirst()
                    .orElse(null);
        if (exact != null) {
          long ttl = resourceSpecs.kind(uri) == Resources.Kind.POLICY ? STATIC_TTL_MS : 0;
          return McpSyncResource.of(
              (c, request) -> McpSyncResponse.result(read(exact.readHandler(), request, ttl)));
        }
        for (SyncResourceTemplateSpecification template : templates) {
          if (resourceSpecs.matches(template.resourceTemplate().uriTemplate(), uri)) {
            return McpSyncResource.of(
                (c, request) -> McpSyncResponse.result(read(template.readHandler(), request, 0)));
          }
        }
        return null; // the SDK answers -32602 naming the URI, as 2026-07-28 asks for an unknown
        // resource
      }

      @Override
      public McpSyncResourceTemplate findTemplate(McpRequestContext ctx, String uriTemplate) {
        return templates.stream()
            .filter(t -> t.resourceTemplate().uriTemplate().equals(uriTemplate))
            .findFirst()
            .map(
                t ->
                    McpSyncResourceTemplate.of(
                            toModern(t.resourceTemplate(), McpSchema.ResourceTemplate.class))
                        .withCompletionHandler(complete::apply))
            .orElse(null);
      }

      @Override
      public boolean supportsCompletion() {
        return true;
      }
    };
  }

  private McpSchema.ReadResourceResult read(
      BiFunction<
              io.modelcontextprotocol.server.McpSyncServerExchange,
              io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest,
              io.modelcontextprotocol.spec.McpSchema.ReadResourceResult>
          handler,
      McpSchema.ReadResourceRequest request,
      long ttlMs) {
    var legacy =
        new io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest(request.uri(), null);
    McpSchema.ReadResourceResult read =
        toModern(legacyCall(() -> handler.apply(null, legacy)), McpSchema.ReadResourceResult.class);
    return McpSchema.ReadResourceResult.builder(read.contents())
        .ttlMs(ttlMs)
        .cacheScope(SCOPE)
        .build();
  }

  McpSyncPromptRepository prompts() {
    List<McpSchema.Prompt> list =
        prompts.values().stream().map(p -> toModern(p.prompt(), McpSchema.Prompt.class)).toList();
    return new McpSyncPromptRepository() {
      @Override
      public PromptsPage list(McpRequestContext ctx, String cursor) {
        return new PromptsPage(list, null, STATIC_TTL_MS, SCOPE);
      }

      @Override
      public McpSyncPrompt find(McpRequestContext ctx, String name) {
        SyncPromptSpecification spec = name == null ? null : prompts.get(name);
        if (spec == null) {
          return null;
        }
        return McpSyncPrompt.of(
                toModern(spec.prompt(), McpSchema.Prompt.class),
                (c, request) -> {
                  Map<String, Object> args =
                      request.arguments() == null
                          ? Map.of()
                          : new LinkedHashMap<>(request.arguments());
                  var legacy =
                      new io.modelcontextprotocol.spec.McpSchema.GetPromptRequest(
                          request.name(), args);
                  return McpSyncResponse.result(
                      toModern(
                          legacyCall(() -> spec.promptHandler().apply(null, legacy)),
                          McpSchema.GetPromptResult.class));
                })
            .withCompletionHandler(ModernCatalog.this::complete);
      }

      @Override
      public boolean supportsCompletion() {
        return true;
      }
    };
  }

  /** A completion through the legacy handler registered for the same reference, if any. */
  private McpSchema.CompleteResult complete(
      McpRequestContext ctx, McpSchema.CompleteRequest request) {
    var legacy =
        mapper.convertValue(request, io.modelcontextprotocol.spec.McpSchema.CompleteRequest.class);
    for (SyncCompletionSpecification spec : completions) {
      if (spec.referenceKey().identifier().equals(legacy.ref().identifier())
          && spec.referenceKey().type().equals(legacy.ref().type())) {
        return toModern(
            legacyCall(() -> spec.completionHandler().apply(null, legacy)),
            McpSchema.CompleteResult.class);
      }
    }
    return McpSchema.CompleteResult.of(new McpSchema.CompleteResult.Completion(List.of()));
  }

  /**
   * Runs a legacy handler; its JSON-RPC error becomes the same error for a modern client, except
   * "resource not found" (-32002 in the legacy revisions), which 2026-07-28 answers with -32602.
   */
  private static <T> T legacyCall(java.util.function.Supplier<T> handler) {
    try {
      return handler.get();
    } catch (McpError e) {
      int code =
          e.getJsonRpcError().code()
                  == io.modelcontextprotocol.spec.McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
              ? McpSchema.ErrorCodes.INVALID_PARAMS
              : e.getJsonRpcError().code();
      throw new McpException(code, e.getJsonRpcError().message(), e.getJsonRpcError().data());
    }
  }

  /** The same JSON in the other revision's type. */
  private <T> T toModern(Object legacy, Class<T> type) {
    return legacy == null ? null : mapper.convertValue(legacy, type);
  }
}
