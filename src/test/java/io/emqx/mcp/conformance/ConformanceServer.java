package io.emqx.mcp.conformance;

import io.emqx.mcp.config.HttpSettings;
import io.emqx.mcp.server.McpServerFactory;
import io.emqx.mcp.transport.Http;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The fixture server the official MCP conformance suite expects (tools, resources and prompts with
 * fixed names and payloads), served through the production HTTP wiring ({@link Http}: Jetty, the
 * SDK's servlets, the gate). {@code scripts/conformance.sh} runs the suite against it and against
 * the real server; this proves the transport, the real server run proves what we serve.
 *
 * <p>Run: {@code java -cp target/emqx-mcp-server.jar:target/test-classes
 * io.emqx.mcp.conformance.ConformanceServer [port]} (0, the default, picks a free port; the URL is
 * printed on stdout).
 */
public final class ConformanceServer {

  /** A 1x1 red PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  /** A WAV header with no samples: the smallest valid audio/wav. */
  static final String WAV =
      Base64.getEncoder()
          .encodeToString(
              new byte[] {
                'R',
                'I',
                'F',
                'F',
                36,
                0,
                0,
                0,
                'W',
                'A',
                'V',
                'E',
                'f',
                'm',
                't',
                ' ',
                16,
                0,
                0,
                0,
                1,
                0,
                1,
                0,
                0x40,
                0x1f,
                0,
                0,
                (byte) 0x80,
                0x3e,
                0,
                0,
                2,
                0,
                16,
                0,
                'd',
                'a',
                't',
                'a',
                0,
                0,
                0,
                0
              });

  /** The prompt whose arguments complete. */
  static final String COMPLETED_PROMPT = "test_prompt_with_arguments";

  private static final Map<String, Object> NO_ARGS =
      Map.of("type", "object", "properties", Map.of());

  private ConformanceServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Http http =
        Http.start(
            HttpSettings.defaults().listening("127.0.0.1", port),
            ConformanceServer::build,
            ModernFixtures.server(),
            Map::of);
    Runtime.getRuntime().addShutdownHook(new Thread(http::close));
    System.out.println(http.baseUri() + "/mcp");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The fixture feature set, applied to whichever SDK builder {@link Http} passes. */
  public static McpSyncServer build(McpServer.SyncSpecification<?> server) {
    return server
        .serverInfo("emqx-mcp-conformance-fixtures", McpServerFactory.version())
        .capabilities(
            McpSchema.ServerCapabilities.builder()
                .tools(false)
                .resources(true, false)
                .prompts(false)
                .completions()
                .logging()
                .build())
        .jsonMapper(McpServerFactory.jsonMapper())
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .tools(tools())
        .resources(resources())
        .resourceTemplates(template())
        .prompts(prompts())
        .completions(
            new SyncCompletionSpecification(
                new McpSchema.PromptReference(COMPLETED_PROMPT),
                (exchange, request) -> complete(request.argument().value())))
        .build();
  }

  /** The completion for {@link #COMPLETED_PROMPT}'s arguments. */
  static McpSchema.CompleteResult complete(String prefix) {
    return new McpSchema.CompleteResult(
        new McpSchema.CompleteResult.CompleteCompletion(
            List.of("paris", "park", "party").stream().filter(v -> v.startsWith(prefix)).toList(),
            3,
            false));
  }

  static SyncResourceTemplateSpecification template() {
    return new SyncResourceTemplateSpecification(
        McpSchema.ResourceTemplate.builder()
            .uriTemplate("test://template/{id}/data")
            .name("template-data")
            .mimeType("application/json")
            .build(),
        (exchange, request) -> {
          String id = request.uri().replaceAll("^test://template/([^/]+)/data$", "$1");
          return text(
              request.uri(),
              "application/json",
              "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}");
        });
  }

  /**
   * Every fixture tool; those that ask the client something (sampling, elicitation, logging) need
   * an exchange.
   */
  static List<SyncToolSpecification> tools() {
    return List.of(
        tool(
            "test_simple_text",
            NO_ARGS,
            (ex, args) -> ok(new TextContent("This is a simple text response for testing."))),
        tool(
            "test_image_content",
            NO_ARGS,
            (ex, args) -> ok(new McpSchema.ImageContent(null, PNG, "image/png"))),
        tool(
            "test_audio_content",
            NO_ARGS,
            (ex, args) -> ok(new McpSchema.AudioContent(null, WAV, "audio/wav"))),
        tool(
            "test_embedded_resource",
            NO_ARGS,
            (ex, args) ->
                ok(
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://embedded-resource",
                            "text/plain",
                            "This is an embedded resource content.")))),
        tool(
            "test_multiple_content_types",
            NO_ARGS,
            (ex, args) ->
                ok(
                    new TextContent("Multiple content types test:"),
                    new McpSchema.ImageContent(null, PNG, "image/png"),
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}")))),
        tool(
            "test_tool_with_logging",
            NO_ARGS,
            (ex, args) -> {
              for (String message :
                  List.of(
                      "Tool execution started",
                      "Tool processing data",
                      "Tool execution completed")) {
                ex.loggingNotification(
                    McpSchema.LoggingMessageNotification.builder(
                            McpSchema.LoggingLevel.INFO, message)
                        .logger("conformance")
                        .build());
                pause();
              }
              return ok(new TextContent("Tool with logging executed successfully"));
            }),
        tool(
            "test_error_handling",
            NO_ARGS,
            (ex, args) ->
                CallToolResult.builder()
                    .addTextContent("This tool intentionally returns an error for testing")
                    .isError(true)
                    .build()),
        progressTool(),
        tool(
            "test_sampling",
            schema("prompt", "The prompt to send to the LLM"),
            (ex, args) -> {
              McpSchema.CreateMessageResult reply =
                  ex.createMessage(
                      McpSchema.CreateMessageRequest.builder()
                          .messages(
                              List.of(
                                  new McpSchema.SamplingMessage(
                                      Role.USER, new TextContent((String) args.get("prompt")))))
                          .maxTokens(100)
                          .build());
              String text =
                  reply.content() instanceof TextContent t
                      ? t.text()
                      : String.valueOf(reply.content());
              return ok(new TextContent("LLM response: " + text));
            }),
        tool(
            "test_elicitation",
            schema("message", "The message to show the user"),
            (ex, args) -> {
              McpSchema.ElicitResult reply =
                  ex.createElicitation(
                      McpSchema.ElicitRequest.builder(
                              (String) args.get("message"),
                              Map.of(
                                  "type",
                                  "object",
                                  "properties",
                                  Map.of(
                                      "username",
                                          Map.of(
                                              "type", "string", "description", "User's response"),
                                      "email",
                                          Map.of(
                                              "type",
                                              "string",
                                              "description",
                                              "User's email address")),
                                  "required",
                                  List.of("username", "email")))
                          .build());
              return ok(
                  new TextContent(
                      "User response: action=" + reply.action() + ", content=" + reply.content()));
            }),
        elicitationTool(
            "test_elicitation_sep1034_defaults",
            Map.of(
                "name", Map.of("type", "string", "default", "John Doe"),
                "age", Map.of("type", "integer", "default", 30),
                "score", Map.of("type", "number", "default", 95.5),
                "status",
                    Map.of(
                        "type",
                        "string",
                        "enum",
                        List.of("active", "inactive", "pending"),
                        "default",
                        "active"),
                "verified", Map.of("type", "boolean", "default", true))),
        elicitationTool(
            "test_elicitation_sep1330_enums",
            Map.of(
                "untitledSingle",
                    Map.of("type", "string", "enum", List.of("option1", "option2", "option3")),
                "titledSingle",
                    Map.of(
                        "type",
                        "string",
                        "oneOf",
                        List.of(
                            Map.of("const", "value1", "title", "First Option"),
                            Map.of("const", "value2", "title", "Second Option"),
                            Map.of("const", "value3", "title", "Third Option"))),
                "legacyEnum",
                    Map.of(
                        "type",
                        "string",
                        "enum",
                        List.of("opt1", "opt2", "opt3"),
                        "enumNames",
                        List.of("Option One", "Option Two", "Option Three")),
                "untitledMulti",
                    Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))),
                "titledMulti",
                    Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of(
                            "anyOf",
                            List.of(
                                Map.of("const", "value1", "title", "First Choice"),
                                Map.of("const", "value2", "title", "Second Choice"),
                                Map.of("const", "value3", "title", "Third Choice")))))));
  }

  private static SyncToolSpecification progressTool() {
    return SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name("test_tool_with_progress")
                .description("Conformance fixture with progress")
                .inputSchema(NO_ARGS)
                .build())
        .callHandler(
            (ex, request) -> {
              Object token = request.progressToken();
              for (double progress : new double[] {0, 50, 100}) {
                if (token != null) {
                  ex.progressNotification(
                      McpSchema.ProgressNotification.builder(token, progress).total(100.0).build());
                }
                if (progress < 100) {
                  pause();
                }
              }
              return ok(new TextContent("Tool with progress executed successfully"));
            })
        .build();
  }

  private static SyncToolSpecification elicitationTool(
      String name, Map<String, Object> properties) {
    return tool(
        name,
        NO_ARGS,
        (ex, args) -> {
          McpSchema.ElicitResult reply =
              ex.createElicitation(
                  McpSchema.ElicitRequest.builder(
                          "Please review and update the form fields with defaults",
                          Map.of("type", "object", "properties", properties))
                      .build());
          return ok(
              new TextContent(
                  "Elicitation completed: action="
                      + reply.action()
                      + ", content="
                      + reply.content()));
        });
  }

  static List<SyncResourceSpecification> resources() {
    return List.of(
        resource(
            "test://static-text",
            "text/plain",
            (ex, req) ->
                text(req.uri(), "text/plain", "This is the content of the static text resource.")),
        resource(
            "test://static-binary",
            "image/png",
            (ex, req) ->
                new ReadResourceResult(
                    List.of(new McpSchema.BlobResourceContents(req.uri(), "image/png", PNG)))),
        resource(
            "test://watched-resource",
            "text/plain",
            (ex, req) -> text(req.uri(), "text/plain", "Watched resource content")));
  }

  static List<SyncPromptSpecification> prompts() {
    return List.of(
        prompt(
            "test_simple_prompt",
            List.of(),
            args -> List.of(user(new TextContent("This is a simple prompt for testing.")))),
        prompt(
            COMPLETED_PROMPT,
            List.of("arg1", "arg2"),
            args ->
                List.of(
                    user(
                        new TextContent(
                            "Prompt with arguments: arg1='"
                                + args.get("arg1")
                                + "', arg2='"
                                + args.get("arg2")
                                + "'")))),
        prompt(
            "test_prompt_with_embedded_resource",
            List.of("resourceUri"),
            args ->
                List.of(
                    user(
                        new McpSchema.EmbeddedResource(
                            null,
                            new McpSchema.TextResourceContents(
                                (String) args.get("resourceUri"),
                                "text/plain",
                                "Embedded resource content for testing."))),
                    user(new TextContent("Please process the embedded resource above.")))),
        prompt(
            "test_prompt_with_image",
            List.of(),
            args ->
                List.of(
                    user(new McpSchema.ImageContent(null, PNG, "image/png")),
                    user(new TextContent("Please analyze the image above.")))));
  }

  // --- small builders ---------------------------------------------------------------------------

  private static SyncToolSpecification tool(
      String name,
      Map<String, Object> input,
      BiFunction<McpSyncServerExchange, Map<String, Object>, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name(name)
                .description("Conformance fixture " + name)
                .inputSchema(input)
                .build())
        .callHandler((ex, request) -> handler.apply(ex, request.arguments()))
        .build();
  }

  private static Map<String, Object> schema(String property, String description) {
    return objectWith(property, Map.of("type", "string", "description", description));
  }

  /** An object input schema with one required property. */
  static Map<String, Object> objectWith(String property, Map<String, Object> propertySchema) {
    return Map.of(
        "type",
        "object",
        "properties",
        Map.of(property, propertySchema),
        "required",
        List.of(property));
  }

  private static CallToolResult ok(Content... content) {
    return CallToolResult.builder().content(List.of(content)).isError(false).build();
  }

  private static SyncResourceSpecification resource(
      String uri,
      String mime,
      BiFunction<McpSyncServerExchange, McpSchema.ReadResourceRequest, ReadResourceResult> read) {
    return new SyncResourceSpecification(
        McpSchema.Resource.builder().uri(uri).name(uri.substring(7)).mimeType(mime).build(), read);
  }

  private static ReadResourceResult text(String uri, String mime, String text) {
    return new ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, mime, text)));
  }

  private static SyncPromptSpecification prompt(
      String name,
      List<String> required,
      java.util.function.Function<Map<String, Object>, List<PromptMessage>> messages) {
    List<McpSchema.PromptArgument> arguments =
        required.stream()
            .map(
                a ->
                    McpSchema.PromptArgument.builder(a)
                        .description("Test argument " + a)
                        .required(true)
                        .build())
            .toList();
    return new SyncPromptSpecification(
        McpSchema.Prompt.builder(name)
            .description("Conformance fixture " + name)
            .arguments(arguments)
            .build(),
        (ex, request) -> new GetPromptResult(null, messages.apply(request.arguments())));
  }

  private static PromptMessage user(Content content) {
    return new PromptMessage(Role.USER, content);
  }

  /** The ~50 ms the logging and progress scenarios ask for between notifications. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
