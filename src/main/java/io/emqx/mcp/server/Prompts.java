package io.emqx.mcp.server;

import io.emqx.mcp.tools.Clusters;
import io.emqx.mcp.tools.ToolException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MCP prompts: an operator's two usual questions, written out as the steps an agent should take
 * with this server's tools. They read nothing from EMQX themselves (the tools do), so getting one
 * is instant and never fails on a broker problem.
 *
 * <p>With more than one cluster each takes an optional {@code cluster} argument (prompt arguments
 * have no enum: the names are in its description, and completion offers them); a name that is not
 * configured is refused as a tool call's is, and the text tells the agent to pass the cluster to
 * every tool. With one cluster, the prompts are exactly those of a single-cluster server.
 */
final class Prompts {

  static final String DIAGNOSE_CLIENT = "diagnose_client";
  static final String CLUSTER_HEALTH = "cluster_health_check";

  private Prompts() {}

  static List<SyncPromptSpecification> specs(Clusters clusters) {
    McpSchema.Prompt diagnose =
        McpSchema.Prompt.builder(DIAGNOSE_CLIENT)
            .title("Why is this client not receiving messages?")
            .description(
                "Diagnose one MQTT client: connection, session, queues, bans and subscriptions, and, given "
                    + "a topic, whether it receives that topic.")
            .arguments(
                List.of(
                    McpSchema.PromptArgument.builder("clientid")
                        .description("The client's exact ID")
                        .required(true)
                        .build(),
                    McpSchema.PromptArgument.builder("topic")
                        .description("A topic it should receive messages on")
                        .required(false)
                        .build()))
            .build();
    if (clusters.many()) {
      diagnose = withCluster(diagnose, clusters);
    }
    McpSchema.Prompt health =
        McpSchema.Prompt.builder(CLUSTER_HEALTH)
            .title("Is the EMQX cluster healthy?")
            .description(
                "Check the cluster's nodes, alarms and traffic, and report the problems by urgency.")
            .arguments(List.of())
            .build();
    if (clusters.many()) {
      health = withCluster(health, clusters);
    }
    return List.of(
        new SyncPromptSpecification(
            diagnose,
            (exchange, request) ->
                diagnoseClient(request.arguments(), cluster(clusters, request.arguments()))),
        new SyncPromptSpecification(
            health,
            (exchange, request) -> clusterHealthCheck(cluster(clusters, request.arguments()))));
  }

  /** The prompt with an optional {@code cluster} argument that lists the names. */
  private static McpSchema.Prompt withCluster(McpSchema.Prompt prompt, Clusters clusters) {
    List<McpSchema.PromptArgument> arguments = new ArrayList<>(prompt.arguments());
    arguments.add(
        McpSchema.PromptArgument.builder(Clusters.ARGUMENT)
            .description(
                "The EMQX cluster: one of "
                    + String.join(", ", clusters.names())
                    + " (list_clusters); default "
                    + clusters.fallback().name())
            .required(false)
            .build());
    return McpSchema.Prompt.builder(prompt.name())
        .title(prompt.title())
        .description(prompt.description())
        .arguments(arguments)
        .build();
  }

  /**
   * With several clusters, the one the arguments name (blank: the default, as a client leaves an
   * optional field); null with one cluster, whose prompts name none.
   *
   * @throws McpError invalid params with the tools' {@code INVALID_ARGUMENT} error as its data
   */
  static String cluster(Clusters clusters, Map<String, Object> arguments) {
    if (!clusters.many()) {
      return null;
    }
    Object named = arguments == null ? null : arguments.get(Clusters.ARGUMENT);
    if (named instanceof String s && s.isBlank()) {
      named = null;
    }
    try {
      return clusters.resolve(named == null ? Map.of() : Map.of(Clusters.ARGUMENT, named)).name();
    } catch (ToolException e) {
      throw Resources.failure(e);
    }
  }

  /** What the agent is told to pass to every tool, or nothing with one cluster. */
  private static String passCluster(String cluster) {
    return cluster == null
        ? ""
        : " Pass cluster=\""
            + cluster
            + "\" to every EMQX tool you call (list_clusters shows the others).";
  }

  static McpSchema.GetPromptResult diagnoseClient(Map<String, Object> arguments, String cluster) {
    Object id = arguments == null ? null : arguments.get("clientid");
    if (id == null || id.toString().isBlank()) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("the diagnose_client prompt needs 'clientid'")
          .build();
    }
    Object topicArg = arguments.get("topic");
    String topic = topicArg == null || topicArg.toString().isBlank() ? null : topicArg.toString();
    String clientid = id.toString();
    String goal =
        topic == null
            ? "is not receiving the messages it should"
            : "is not receiving messages published to '" + topic + "'";
    String call =
        "diagnose_client with clientid=\""
            + clientid
            + "\""
            + (topic == null ? "" : " and topic=\"" + topic + "\"")
            + (cluster == null ? "" : " and cluster=\"" + cluster + "\"");
    String text =
        "The MQTT client '"
            + clientid
            + "' "
            + (cluster == null ? "" : "on EMQX cluster '" + cluster + "' ")
            + goal
            + ". Find out why, using the EMQX tools."
            + passCluster(cluster)
            + "\n\n"
            + "1. Call "
            + call
            + ". Read its verdict and findings, worst first; each finding has evidence and a "
            + "next step.\n"
            + "2. If the verdict is not_found or a ban is found, check list_banned, and list_clients with like_clientid "
            + "for a similar ID (IDs are case-sensitive).\n"
            + "3. If no subscription matches the topic, compare the closest subscription with the topic, and use "
            + "list_subscriptions (topic or match_topic) and list_topics to see who does subscribe to what.\n"
            + "4. If messages are dropped or the client is offline, compare its queue and inflight figures, and call "
            + "get_cluster_health to rule out a cluster-wide cause (a stopped node, an alarm).\n\n"
            + "Answer with the most likely cause, the evidence for it, and the fix. Do not change anything (subscribe, "
            + "unsubscribe, kick, ban, publish) unless I ask you to.";
    return new McpSchema.GetPromptResult(
        "Diagnose MQTT client " + clientid + (cluster == null ? "" : " on cluster " + cluster),
        List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
  }

  static McpSchema.GetPromptResult clusterHealthCheck(String cluster) {
    String text =
        (cluster == null
                ? "Check the health of the EMQX cluster with the EMQX tools."
                : "Check the health of the EMQX cluster '" + cluster + "' with the EMQX tools.")
            + passCluster(cluster)
            + "\n\n"
            + "1. Call get_cluster_health. Note the verdict (healthy, degraded or down) and every finding.\n"
            + "2. For each critical or warning finding, gather the detail its next step names: list_nodes or get_node "
            + "for a node, list_alarms for an alarm, get_metrics with a prefix (e.g. delivery.dropped) for dropped "
            + "messages, list_listeners when clients cannot connect, list_rules and get_rule for data integration.\n"
            + "3. Report the verdict, then each problem in order of urgency with its evidence and the action you "
            + "recommend. Keep informational findings short.\n\n"
            + "Do not change anything on the broker unless I ask you to.";
    return new McpSchema.GetPromptResult(
        cluster == null ? "EMQX cluster health check" : "EMQX cluster health check: " + cluster,
        List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
  }
}
