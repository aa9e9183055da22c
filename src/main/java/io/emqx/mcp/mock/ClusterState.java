package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The mutable part of the fake cluster: clients, subscriptions, retained messages and bans. Every
 * request that reads or changes it runs under this object's lock, so WireMock's request threads see
 * one consistent cluster, and a change holds for the rest of the run.
 */
final class ClusterState {
  private final Seed seed;
  private final int generatedClients;
  private ClientStore clients;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<RetainedMessage> retained = new ArrayList<>();
  private final List<Ban> bans = new ArrayList<>();

  /**
   * "id@node" of listeners stopped on a node by {@link MockEmqx#stopListener}; "id@*" on every
   * node.
   */
  private final Set<String> stoppedListeners = new HashSet<>();

  private final AdminState admin = new AdminState();

  /** The release the nodes report in GET /nodes. */
  private final String emqxVersion;

  ClusterState(Seed seed, int generatedClients, String emqxVersion) {
    this.seed = seed;
    this.emqxVersion = emqxVersion;
    this.generatedClients = generatedClients;
    reset();
  }

  Seed seed() {
    return seed;
  }

  String emqxVersion() {
    return emqxVersion;
  }

  /** Whether the release played is {@code major.minor} or newer. */
  boolean atLeast(int major, int minor) {
    String[] parts = emqxVersion.split("\\.");
    int ma = Integer.parseInt(parts[0]);
    int mi = Integer.parseInt(parts[1]);
    return ma > major || (ma == major && mi >= minor);
  }

  /**
   * Back to the seed. A generated cluster starts with no subscriptions: the seed's belong to demo
   * clients.
   */
  synchronized void reset() {
    clients =
        generatedClients > 0
            ? new GeneratedClients(generatedClients)
            : new SeededClients(seed.clients());
    subscriptions.clear();
    for (JsonNode s : seed.subscriptions()) {
      ObjectNode owner = clients.find(s.get("clientid").asText());
      if (owner != null) {
        subscriptions.add(Subscription.of(s, owner.get("node").asText()));
      }
    }
    retained.clear();
    seed.retained().forEach(m -> retained.add(RetainedMessage.of(m)));
    bans.clear();
    stoppedListeners.clear();
    admin.reset(seed.admin());
    long now = System.currentTimeMillis();
    for (JsonNode b : seed.banned()) {
      ObjectNode ban = b.deepCopy();
      // A seed ban may say "expires_in_seconds" so that it is still pending whenever the demo runs.
      JsonNode rel = ban.remove("expires_in_seconds");
      if (rel != null) {
        ban.put("until", Times.seconds(now / 1000 + rel.asLong()));
      }
      bans.add(Ban.of(ban));
    }
  }

  /** Runs a read or a change of the state under the lock. */
  synchronized <T> T locked(Function<ClusterState, T> action) {
    return action.apply(this);
  }

  // The accessors below are only called from inside locked(...), under the lock.

  void stopListener(String id, String node) {
    stoppedListeners.add(id + "@" + (node == null ? "*" : node));
  }

  boolean listenerStopped(String id, String node) {
    return stoppedListeners.contains(id + "@" + node) || stoppedListeners.contains(id + "@*");
  }

  AdminState admin() {
    return admin;
  }

  ClientStore clients() {
    return clients;
  }

  List<Subscription> subscriptions() {
    return subscriptions;
  }

  List<RetainedMessage> retained() {
    return retained;
  }

  List<Ban> bans() {
    return bans;
  }

  List<Subscription> subscriptionsOf(String clientid) {
    return subscriptions.stream().filter(s -> s.clientid().equals(clientid)).toList();
  }

  /**
   * The client record as EMQX would show it now: {@code subscriptions_cnt} follows the live
   * subscriptions.
   */
  ObjectNode clientView(ObjectNode record) {
    ObjectNode view = record.deepCopy();
    view.put("subscriptions_cnt", subscriptionsOf(record.get("clientid").asText()).size());
    return view;
  }

  /** Kicking discards the session too, so the client's subscriptions go with it. */
  boolean kick(String clientid) {
    if (!clients.remove(clientid)) {
      return false;
    }
    subscriptions.removeIf(s -> s.clientid().equals(clientid));
    admin.authzCache.remove(clientid);
    return true;
  }

  /** Subscribing again to the same filter replaces its options, as MQTT does. */
  void subscribe(Subscription s) {
    subscriptions.removeIf(o -> o.clientid().equals(s.clientid()) && o.topic().equals(s.topic()));
    subscriptions.add(s);
  }

  void unsubscribe(String clientid, String topic) {
    subscriptions.removeIf(o -> o.clientid().equals(clientid) && o.topic().equals(topic));
  }

  boolean anySubscriberFor(String topic) {
    return subscriptions.stream().anyMatch(s -> Topics.matches(topic, s.topic()));
  }

  /**
   * A retained publish replaces the topic's message; an empty payload deletes it (MQTT 3.3.1.3).
   */
  void retain(RetainedMessage m) {
    retained.removeIf(o -> o.topic().equals(m.topic()));
    if (m.payload().length > 0) {
      retained.add(m);
    }
  }

  /**
   * Routes: each distinct (filter, destination) once, however many subscribers share it. A shared
   * subscription routes its real filter to {@code {Group, Node}} (emqx_shared_sub.erl
   * handle_subscribe/3 at v5.8.9); a plain one to the node.
   */
  List<Route> routes() {
    Set<Route> out = new LinkedHashSet<>();
    subscriptions.forEach(
        s ->
            out.add(
                Topics.isShared(s.topic())
                    ? new Route(Topics.stripShare(s.topic()), Topics.groupOf(s.topic()), s.node())
                    : new Route(s.topic(), null, s.node())));
    return List.copyOf(out);
  }

  /** A route; {@code group} is null for a plain one. */
  record Route(String topic, String group, String node) {
    /**
     * As emqx_mgmt_api_topics.erl format/1 writes it: a shared route shows its $share/ or $queue/
     * form.
     */
    ObjectNode toJson() {
      String shown =
          group == null
              ? topic
              : group.equals("$queue") ? "$queue/" + topic : "$share/" + group + "/" + topic;
      return Json.object().put("topic", shown).put("node", node);
    }
  }
}
