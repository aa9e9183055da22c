package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import io.emqx.mcp.config.Toolset;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Declared topic arguments are checked against the MQTT grammar by the runner itself: a runner with
 * no guard at all (no operator policy) still refuses an invalid topic and never runs the handler.
 */
class ToolRunnerTopicsTest {

  private static final ToolRunner.Guard NO_GUARD =
      new ToolRunner.Guard() {
        @Override
        public void admit(ToolSpec.Call call) {}

        @Override
        public void check(ToolSpec.Call call) {}
      };

  private final AtomicInteger ran = new AtomicInteger();

  private ToolSpec tool() {
    Schema message = Schema.object().required("topic", Schema.string("T.")).closed();
    return ToolSpec.builder(Toolset.MESSAGING, "send")
        .title("Send")
        .description("Sends.")
        .access(Access.WRITE)
        .idempotent(false)
        .input(
            Schema.object()
                .prop("topic", Schema.string("T."))
                .prop("filter", Schema.string("F."))
                .prop("messages", Schema.array(message, "M."))
                .closed())
        .topics(
            ToolSpec.TopicArg.publish("topic"),
            ToolSpec.TopicArg.subscribe("filter"),
            ToolSpec.TopicArg.publish("messages[].topic"))
        .handler(
            call -> {
              ran.incrementAndGet();
              return Map.of("ok", true);
            })
        .build();
  }

  /** The tools here never reach EMQX: a cluster without clients. */
  private static final Clusters NO_CLUSTER = Clusters.single(new Cluster("default", null, null));

  private CallToolResult call(Map<String, Object> args) {
    return new ToolRunner(NO_GUARD, NO_CLUSTER).call(tool(), args, null);
  }

  /** The error code of an error result: its text is {@code {"error": {"code", "message", ...}}}. */
  private static String code(CallToolResult r) {
    try {
      return Json.MAPPER
          .readTree(((TextContent) r.content().get(0)).text())
          .path("error")
          .path("code")
          .asText();
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void wildcardInATopicName_isInvalid_withoutAGuard() {
    CallToolResult r = call(Map.of("topic", "a/+/b"));
    assertTrue(r.isError());
    assertEquals("INVALID_ARGUMENT", code(r));
    assertEquals(0, ran.get());
  }

  @Test
  void invalidTopicInTheSecondMessage_refusesTheWholeBatch() {
    CallToolResult r =
        call(Map.of("messages", List.of(Map.of("topic", "ok/1"), Map.of("topic", "bad/#/x"))));
    assertTrue(r.isError());
    assertTrue(r.content().toString().contains("messages[1].topic"), r.content().toString());
    assertEquals(0, ran.get());
  }

  @Test
  void filterWithWildcards_isValidForASubscribeArgument() {
    CallToolResult r = call(Map.of("filter", "a/+/b/#", "topic", "a/1/b"));
    assertFalse(Boolean.TRUE.equals(r.isError()), r.content().toString());
    assertEquals(1, ran.get());
  }

  /** Any topic name holding a wildcard is refused as a name, whatever surrounds it. */
  @Property(tries = 200)
  void anyNameWithAWildcard_isRefused(
      @ForAll @StringLength(max = 20) String prefix,
      @ForAll @StringLength(max = 20) String suffix) {
    for (String wildcard : List.of("+", "#")) {
      CallToolResult r =
          new ToolRunner(NO_GUARD, NO_CLUSTER)
              .call(tool(), Map.of("topic", prefix + wildcard + suffix), null);
      assertTrue(r.isError());
      assertEquals("INVALID_ARGUMENT", code(r));
    }
  }
}
