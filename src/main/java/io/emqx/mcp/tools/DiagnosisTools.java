package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.diagnosis.ClientDiagnosis;
import io.emqx.mcp.diagnosis.ClusterHealth;
import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.emqx.Parallel;
import io.emqx.mcp.emqx.Parallel.Outcome;
import io.emqx.mcp.emqx.model.Alarm;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.NodeInfo;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Subscription;
import io.emqx.mcp.emqx.model.SubscriptionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The composite tools: each runs its EMQX calls at the same time, then judges the answers in {@code
 * io.emqx.mcp.diagnosis} and returns a verdict with findings, each with its evidence and a next
 * step.
 */
final class DiagnosisTools {

  private static final Toolset GROUP = Toolset.DIAGNOSIS;

  /** Active alarms a health check reads; more are counted, not listed. */
  static final int ALARMS_READ = 50;

  /**
   * Bans scanned for username, address and pattern bans (EMQX's page limit was 1000 before 5.5).
   */
  static final int BANS_READ = 1000;

  List<ToolSpec> specs() {
    return List.of(clusterHealth(), diagnoseClient());
  }

  private ToolSpec clusterHealth() {
    return ToolSpec.builder(GROUP, "get_cluster_health")
        .title("Check cluster health")
        .description(
            "Is the cluster healthy? Reads nodes, alarms, stats and metrics at once. Returns verdict (healthy, "
                + "degraded, down), summary, figures and findings {severity, title, evidence, next_step}, worst first.")
        .access(Access.READ)
        .input(Schema.object().closed())
        .output(ClusterHealth.Report.class, "verdict", "summary", "findings")
        .handler(
            call -> {
              CompletableFuture<Outcome<List<NodeInfo>>> nodes =
                  Parallel.attempt(call.emqx()::listNodes);
              CompletableFuture<Outcome<Page<Alarm>>> alarms =
                  Parallel.attempt(() -> call.emqx().listAlarms(true, 1, ALARMS_READ));
              CompletableFuture<Outcome<List<Map<String, Object>>>> stats =
                  Parallel.attempt(() -> call.emqx().stats(true));
              CompletableFuture<Outcome<List<Map<String, Object>>>> metrics =
                  Parallel.attempt(() -> call.emqx().metrics(true));
              return ClusterHealth.judge(
                  Parallel.join(nodes),
                  Parallel.join(alarms),
                  Parallel.join(stats),
                  Parallel.join(metrics));
            })
        .build();
  }

  private ToolSpec diagnoseClient() {
    Schema input =
        Schema.object()
            .required("clientid", ClientTools.clientid("Exact client ID."))
            .prop("topic", Schema.string("Topic name it should receive.").nonEmpty())
            .closed();
    return ToolSpec.builder(GROUP, "diagnose_client")
        .title("Diagnose a client")
        .description(
            "Why does a client not get messages? Checks bans, connection, session expiry, queue drops and its "
                + "subscriptions, and whether any matches topic (else the closest). Returns verdict, summary and "
                + "findings {severity, title, evidence, next_step}.")
        .access(Access.READ)
        .input(input)
        .output(ClientDiagnosis.Report.class, "clientid", "verdict", "summary", "findings")
        .handler(
            call -> {
              Args a = call.args();
              // The topic is only compared with subscriptions (no message is read): checked, not
              // policed.
              return ClientDiagnosis.diagnose(
                  gather(call.emqx(), a.segment("clientid"), a.optTopic("topic", false)));
            })
        .build();
  }

  /** Every EMQX answer the client diagnosis needs, asked for at the same time. */
  private static ClientDiagnosis.Inputs gather(EmqxClient emqx, String id, String topic) {
    CompletableFuture<Outcome<Map<String, Object>>> client =
        Parallel.attempt(() -> emqx.getClient(id));
    CompletableFuture<Outcome<List<Subscription>>> subscriptions =
        Parallel.attempt(() -> emqx.clientSubscriptions(id));
    CompletableFuture<Outcome<Page<Ban>>> bansOfClient =
        Parallel.attempt(() -> emqx.listBanned(1, 100, id));
    CompletableFuture<Outcome<Page<Ban>>> bans =
        Parallel.attempt(() -> emqx.listBanned(1, BANS_READ, null));
    CompletableFuture<Outcome<Page<Subscription>>> matchTopic =
        topic == null
            ? null
            : Parallel.attempt(
                () ->
                    emqx.listSubscriptions(
                        new SubscriptionQuery(
                            1, Paging.MAX_LIMIT, id, null, topic, null, null, null)));
    return new ClientDiagnosis.Inputs(
        id,
        topic,
        Parallel.join(client),
        Parallel.join(subscriptions),
        Parallel.join(bansOfClient),
        Parallel.join(bans),
        matchTopic == null ? null : Parallel.join(matchTopic),
        Instant.now());
  }
}
