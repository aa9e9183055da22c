package io.emqx.mcp.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emqx.mcp.emqx.EmqxApiException;
import io.emqx.mcp.emqx.Parallel.Outcome;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.Page;
import io.emqx.mcp.emqx.model.Required;
import io.emqx.mcp.emqx.model.Subscription;
import io.emqx.mcp.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why a client may not be receiving what it should: whether EMQX knows it, whether it is banned,
 * connected, its session and queues, and, given a topic, whether any of its subscriptions matches.
 * Pure and deterministic, like {@link ClusterHealth}.
 *
 * <p>Verdict: {@code not_found} when EMQX has no such client; otherwise {@code problem} when a
 * finding is critical, {@code warning} when one is a warning, {@code ok} otherwise.
 */
public final class ClientDiagnosis {

  /** The client fields a diagnosis shows: connection, session and queue figures. */
  static final List<String> CLIENT_FIELDS =
      List.of(
          "connected",
          "node",
          "username",
          "ip_address",
          "proto_ver",
          "clean_start",
          "expiry_interval",
          "keepalive",
          "connected_at",
          "disconnected_at",
          "subscriptions_cnt",
          "mqueue_len",
          "mqueue_max",
          "mqueue_dropped",
          "inflight_cnt",
          "inflight_max",
          "awaiting_rel_cnt",
          "awaiting_rel_max",
          "send_msg.dropped",
          "send_msg.dropped.queue_full",
          "send_msg.dropped.expired",
          "send_msg.dropped.too_large");

  /** The most subscriptions a report lists. */
  static final int MAX_SUBSCRIPTIONS = 50;

  private ClientDiagnosis() {}

  /**
   * What EMQX answered. {@code bansOfClient} is {@code GET /banned?clientid=…} (exact, reliable
   * however long the list); {@code bans} is the first page of all bans, for username, address and
   * pattern bans. {@code matchTopic} is null without a topic.
   */
  public record Inputs(
      String clientid,
      String topic,
      Outcome<Map<String, Object>> client,
      Outcome<List<Subscription>> subscriptions,
      Outcome<Page<Ban>> bansOfClient,
      Outcome<Page<Ban>> bans,
      Outcome<Page<Subscription>> matchTopic,
      Instant now) {}

  /**
   * Which subscriptions receive a message published to the topic. {@code matching} is decided by
   * MQTT matching over all the client's subscriptions; {@code emqxMatchTopic} is what EMQX's {@code
   * match_topic} search found, which treats subscribed filters as names and so only finds a
   * wildcard subscription when the searched filter has a wildcard at the same level.
   */
  public record TopicCheck(
      String topic, List<String> matching, List<String> emqxMatchTopic, String closest) {}

  /** The report, findings worst first. */
  public record Report(
      @Required String clientid,
      String topic,
      @Required Verdict verdict,
      @Required String summary,
      Map<String, Object> client,
      List<Subscription> subscriptions,
      TopicCheck topicCheck,
      @Required List<Finding> findings) {}

  /** What the diagnosis concludes, as the tool's {@code verdict} spells it. */
  public enum Verdict {
    OK,
    WARNING,
    PROBLEM,
    NOT_FOUND;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @throws EmqxApiException when the client lookup failed for any reason but "no such client":
   *     without the client there is nothing to diagnose, and the tool reports the error
   */
  public static Report diagnose(Inputs in) {
    List<Finding> findings = new ArrayList<>();
    Map<String, Object> client = null;
    if (!in.client().ok()) {
      if (!in.client().failure().isClientNotFound()) {
        throw in.client().failure();
      }
      findings.add(
          Finding.critical(
              "EMQX has no client '" + in.clientid() + "'",
              "GET /clients/{clientid} answered 404 CLIENTID_NOT_FOUND: no connection and no session with this ID.",
              "The device is not connected and has no session. Check the device side (network, credentials, "
                  + "the exact client ID; IDs are case-sensitive), or search with list_clients like_clientid."));
    } else {
      client = in.client().value();
    }
    Bans.check(in, client, findings);
    List<Subscription> subscriptions = List.of();
    TopicCheck topicCheck = null;
    if (client != null) {
      // The topic check comes first: for "why does it not get T" a missing subscription is the
      // answer.
      if (in.subscriptions().ok()) {
        subscriptions = in.subscriptions().value();
        if (subscriptions.isEmpty() && in.topic() == null) {
          findings.add(
              Finding.warning(
                  "No subscriptions",
                  "the client subscribes to nothing, so it receives no " + "messages",
                  "It should subscribe on connect; to add one from here use subscribe_client."));
        }
        if (in.topic() != null) {
          topicCheck = checkTopic(in, subscriptions, findings);
        }
      } else {
        findings.add(
            Finding.warning(
                "Subscriptions could not be read",
                in.subscriptions().failure().getMessage(),
                "Retry list_client_subscriptions."));
      }
      Session.check(client, findings);
    }
    List<Finding> ordered = Finding.ordered(findings);
    Verdict verdict =
        client == null
            ? Verdict.NOT_FOUND
            : Finding.any(ordered, Finding.Severity.CRITICAL)
                ? Verdict.PROBLEM
                : Finding.any(ordered, Finding.Severity.WARNING) ? Verdict.WARNING : Verdict.OK;
    String headline = Finding.headline(ordered);
    String summary =
        verdict.label() + ": " + (headline.isEmpty() ? "connected, no problem found" : headline);
    List<Subscription> shown =
        subscriptions.stream()
            .limit(MAX_SUBSCRIPTIONS)
            .map(
                s ->
                    new Subscription(null, null, s.topic(), s.qos(), s.nl(), s.rap(), s.rh(), null))
            .toList();
    return new Report(
        in.clientid(),
        in.topic(),
        verdict,
        summary,
        client == null ? null : project(client),
        shown,
        topicCheck,
        ordered);
  }

  private static Map<String, Object> project(Map<String, Object> client) {
    Map<String, Object> out = new LinkedHashMap<>();
    CLIENT_FIELDS.forEach(
        k -> {
          if (client.get(k) != null) {
            out.put(k, client.get(k));
          }
        });
    return out;
  }

  private static TopicCheck checkTopic(
      Inputs in, List<Subscription> subscriptions, List<Finding> findings) {
    String topic = in.topic();
    List<Subscription> matching =
        subscriptions.stream().filter(s -> receives(s.topic(), topic)).toList();
    List<String> emqx =
        in.matchTopic() != null && in.matchTopic().ok()
            ? in.matchTopic().value().data().stream().map(Subscription::topic).toList()
            : null;
    String emqxNote =
        emqx == null ? "" : "; EMQX's match_topic search lists " + (emqx.isEmpty() ? "none" : emqx);
    if (matching.isEmpty()) {
      NearMiss closest = NearMiss.closest(subscriptions, topic);
      findings.add(
          Finding.critical(
              "No subscription matches '" + topic + "'",
              "subscriptions: "
                  + (subscriptions.isEmpty()
                      ? "none"
                      : subscriptions.stream().map(Subscription::topic).toList())
                  + emqxNote
                  + (closest == null ? "" : "; closest: " + closest.describe()),
              "Messages published to '"
                  + topic
                  + "' never reach this client. Either the publisher uses the wrong "
                  + "topic"
                  + (closest == null ? "" : " (the client listens on '" + closest.filter() + "')")
                  + " or the client subscribes to the wrong one; subscribe_client can add '"
                  + topic
                  + "'."));
      return new TopicCheck(topic, List.of(), emqx, closest == null ? null : closest.filter());
    }
    for (Subscription s : matching) {
      String filter = s.topic();
      String how = "'" + filter + "' (qos " + s.qos() + ") matches '" + topic + "'" + emqxNote;
      if (filter.startsWith("$share/") || filter.startsWith("$queue/")) {
        findings.add(
            Finding.info(
                "Shared subscription",
                how
                    + ". Each message goes to one member of the group, "
                    + "so this client receives only its share.",
                "list_subscriptions share_group=<group> shows the members."));
      } else {
        findings.add(
            Finding.info(
                "Subscribed to '" + topic + "'",
                how,
                "If messages still do not arrive, look at "
                    + "the queue and connection findings, and check that the publisher really uses this topic."));
      }
      if (Integer.valueOf(1).equals(s.nl())) {
        findings.add(
            Finding.info(
                "No Local on '" + filter + "'",
                "nl=1: the client does not receive what it " + "publishes itself on this filter",
                "Expected when the client publishes there itself."));
      }
    }
    return new TopicCheck(topic, matching.stream().map(Subscription::topic).toList(), emqx, null);
  }

  /**
   * MQTT matching, with the share prefix stripped; a filter EMQX listed but we cannot parse matches
   * nothing.
   */
  static boolean receives(String filter, String topic) {
    try {
      return Topics.matches(filter, topic);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
