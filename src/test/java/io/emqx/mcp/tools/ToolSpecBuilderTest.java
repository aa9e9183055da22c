package io.emqx.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.config.Toolset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder names every part of a tool and refuses a declaration that leaves one out. */
class ToolSpecBuilderTest {

  private static ToolSpec.Builder base(Access access) {
    return ToolSpec.builder(Toolset.CLIENTS, "do_it")
        .title("Do it")
        .description("Does it.")
        .access(access)
        .input(Schema.object().closed())
        .handler(call -> Map.of());
  }

  @Test
  void write_withoutIdempotent_isRefused() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> base(Access.WRITE).build());
    assertTrue(e.getMessage().contains("do_it"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> base(Access.DESTRUCTIVE).build());
  }

  @Test
  void read_isIdempotent_andCannotSayOtherwise() {
    assertTrue(base(Access.READ).build().idempotent());
    assertThrows(IllegalStateException.class, () -> base(Access.READ).idempotent(false).build());
  }

  @Test
  void missingPart_isRefused() {
    assertThrows(
        IllegalStateException.class,
        () ->
            ToolSpec.builder(Toolset.CLIENTS, "x")
                .description("d")
                .access(Access.READ)
                .input(Schema.object().closed())
                .handler(call -> null)
                .build());
    assertThrows(
        IllegalStateException.class,
        () ->
            ToolSpec.builder(Toolset.CLIENTS, "x")
                .title("t")
                .description("d")
                .access(Access.READ)
                .handler(call -> null)
                .build());
  }

  @Test
  void defaults_noTopicsNoClientsNoPreview() {
    ToolSpec t = base(Access.WRITE).idempotent(false).build();
    assertFalse(t.idempotent());
    assertEquals(List.of(), t.topics());
    assertEquals(List.of(), t.clients().of(new Args(Map.of())));
    assertNull(t.preview());
    assertNull(t.outputSchema());
  }

  @Test
  void toBuilder_keepsEveryPart() {
    ToolSpec t =
        base(Access.DESTRUCTIVE)
            .idempotent(true)
            .output(Schema.object())
            .topics(ToolSpec.TopicArg.publish("topic"))
            .preview(call -> "p")
            .clients(args -> List.of(ToolSpec.ClientTarget.id("c")))
            .build();
    assertEquals(t, t.toBuilder().build());
    Map<String, Object> other = Schema.object().prop("x", Schema.string("X.")).closed().build();
    ToolSpec changed = t.withInputSchema(other);
    assertEquals(other, changed.inputSchema());
    assertEquals(t.topics(), changed.topics());
    assertEquals(t.preview(), changed.preview());
  }
}
