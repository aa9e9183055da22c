package io.emqx.mcp.server;

import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.model.ClientQuery;
import io.emqx.mcp.emqx.model.ClientSummary;
import io.emqx.mcp.emqx.model.Page;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion of {@code clientid} for the client resource template and the diagnose_client prompt:
 * the IDs EMQX knows that contain what was typed, those starting with it first. One {@code GET
 * /clients} per request, bounded by MCP's 100 values.
 */
final class Completions {

  private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

  /** MCP allows at most 100 values in one completion. */
  static final int MAX_VALUES = 100;

  private static final CompleteResult NONE =
      new CompleteResult(new CompleteResult.CompleteCompletion(List.of(), 0, false));

  private final EmqxClient emqx;

  Completions(EmqxClient emqx) {
    this.emqx = emqx;
  }

  List<SyncCompletionSpecification> specs() {
    return List.of(
        new SyncCompletionSpecification(
            new McpSchema.ResourceReference(Resources.CLIENT),
            (exchange, request) -> complete(request)),
        new SyncCompletionSpecification(
            new McpSchema.PromptReference(Prompts.DIAGNOSE_CLIENT),
            (exchange, request) -> complete(request)));
  }

  CompleteResult complete(McpSchema.CompleteRequest request) {
    if (request.argument() == null || !"clientid".equals(request.argument().name())) {
      return NONE;
    }
    String typed = request.argument().value() == null ? "" : request.argument().value();
    Page<ClientSummary> page;
    try {
      // like_clientid is a substring match in EMQX; an empty prefix lists the first clients.
      page =
          emqx.listClients(
              new ClientQuery(
                  1,
                  MAX_VALUES,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  typed.isEmpty() ? null : typed,
                  null));
    } catch (EmqxApiException e) {
      // A completion is a convenience: an EMQX problem shows up in the tools, not as a protocol
      // error here.
      LOG.debug("clientid completion failed: {}", e.getMessage());
      return NONE;
    }
    List<String> ids = new ArrayList<>(page.data().stream().map(ClientSummary::clientid).toList());
    ids.sort(
        Comparator.comparing((String id) -> !id.startsWith(typed))
            .thenComparing(Comparator.naturalOrder()));
    Long count = page.meta().count();
    boolean more = Boolean.TRUE.equals(page.meta().hasnext());
    return new CompleteResult(
        new CompleteResult.CompleteCompletion(
            ids, count != null ? (int) Math.min(count, Integer.MAX_VALUE) : null, more));
  }
}
