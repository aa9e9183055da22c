package io.emqx.mcp.server;

import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.model.ClientQuery;
import io.emqx.mcp.emqx.model.ClientSummary;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.tools.ToolException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion of {@code clientid} for the client resource template and the diagnose_client prompt:
 * the IDs EMQX knows that contain what was typed, those starting with it first. One {@code GET
 * /clients} per request, bounded by MCP's 100 values. With more than one cluster, also of {@code
 * cluster} (the configured names; no request), and the IDs come from the cluster the request's
 * context names (the default when it names none).
 */
final class Completions {

  private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

  /** MCP allows at most 100 values in one completion. */
  static final int MAX_VALUES = 100;

  private static final CompleteResult NONE =
      new CompleteResult(new CompleteResult.CompleteCompletion(List.of(), 0, false));

  private final Clusters clusters;
  private final String clientTemplate;

  /**
   * @param clientTemplate the client template as listed (its URI is the completion's reference)
   */
  Completions(Clusters clusters, String clientTemplate) {
    this.clusters = clusters;
    this.clientTemplate = clientTemplate;
  }

  List<SyncCompletionSpecification> specs() {
    List<SyncCompletionSpecification> specs = new ArrayList<>();
    specs.add(
        new SyncCompletionSpecification(
            new McpSchema.ResourceReference(clientTemplate),
            (exchange, request) -> complete(request)));
    specs.add(
        new SyncCompletionSpecification(
            new McpSchema.PromptReference(Prompts.DIAGNOSE_CLIENT),
            (exchange, request) -> complete(request)));
    if (clusters.many()) {
      specs.add(
          new SyncCompletionSpecification(
              new McpSchema.PromptReference(Prompts.CLUSTER_HEALTH),
              (exchange, request) -> complete(request)));
    }
    return List.copyOf(specs);
  }

  CompleteResult complete(McpSchema.CompleteRequest request) {
    if (request.argument() == null) {
      return NONE;
    }
    String typed = request.argument().value() == null ? "" : request.argument().value();
    if (clusters.many() && Clusters.ARGUMENT.equals(request.argument().name())) {
      return ranked(clusters.names().stream().filter(n -> n.contains(typed)).toList(), typed);
    }
    if (!"clientid".equals(request.argument().name())) {
      return NONE;
    }
    EmqxClient emqx;
    try {
      Map<String, String> context =
          request.context() == null || request.context().arguments() == null
              ? Map.of()
              : request.context().arguments();
      String named = context.get(Clusters.ARGUMENT);
      emqx =
          clusters
              .resolve(
                  named == null || named.isBlank()
                      ? Map.of()
                      : Map.of(Clusters.ARGUMENT, (Object) named))
              .emqx();
    } catch (ToolException e) {
      return NONE; // a cluster that is not configured has no client IDs to offer
    }
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
    List<String> ids = sorted(page.data().stream().map(ClientSummary::clientid).toList(), typed);
    Long count = page.meta().count();
    boolean more = Boolean.TRUE.equals(page.meta().hasnext());
    return new CompleteResult(
        new CompleteResult.CompleteCompletion(
            ids, count != null ? (int) Math.min(count, Integer.MAX_VALUE) : null, more));
  }

  /** Those starting with what was typed first, each part in natural order. */
  private static List<String> sorted(List<String> values, String typed) {
    List<String> out = new ArrayList<>(values);
    out.sort(
        Comparator.comparing((String v) -> !v.startsWith(typed))
            .thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /** All of these values (fewer than MCP's 100: cluster names). */
  private static CompleteResult ranked(List<String> values, String typed) {
    List<String> out = sorted(values, typed);
    List<String> shown = out.size() > MAX_VALUES ? out.subList(0, MAX_VALUES) : out;
    return new CompleteResult(
        new CompleteResult.CompleteCompletion(
            List.copyOf(shown), out.size(), out.size() > MAX_VALUES));
  }
}
