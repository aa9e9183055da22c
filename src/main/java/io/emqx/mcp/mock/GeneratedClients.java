package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * A synthetic cluster of N clients, {@code client-0000001} to {@code client-N}, computed from their
 * index. Only kicked indexes are remembered, so memory does not grow with N.
 */
final class GeneratedClients implements ClientStore {
  static final String PREFIX = "client-";

  /** 2025-01-06T08:00:00Z: a fixed base keeps every generated record stable across runs. */
  private static final long BASE_MS = 1_736_150_400_000L;

  private final int n;
  private final TreeSet<Integer> kicked = new TreeSet<>();

  GeneratedClients(int n) {
    this.n = n;
  }

  @Override
  public ObjectNode find(String clientid) {
    int i = indexOf(clientid);
    return i > 0 && !kicked.contains(i) ? render(facts(i)) : null;
  }

  @Override
  public boolean remove(String clientid) {
    int i = indexOf(clientid);
    return i > 0 && kicked.add(i);
  }

  @Override
  public long size() {
    return (long) n - kicked.size();
  }

  @Override
  public List<ClientFacts> slice(long offset, int limit) {
    var out = new ArrayList<ClientFacts>(Math.min(limit, 1024));
    if (offset >= size()) {
      return out;
    }
    for (int i = indexAtRank(offset + 1); i <= n && out.size() < limit; i++) {
      if (!kicked.contains(i)) {
        out.add(facts(i));
      }
    }
    return out;
  }

  /**
   * The index of the alive client with this 1-based rank. Each step adds the kicks at or below the
   * guess; the guess only grows, so it settles on the smallest index with that many alive before
   * it.
   */
  private int indexAtRank(long rank) {
    long idx = rank;
    while (true) {
      long next = rank + kicked.headSet((int) Math.min(idx, n), true).size();
      if (next == idx) {
        return (int) idx;
      }
      idx = next;
    }
  }

  @Override
  public Iterable<ClientFacts> all() {
    return () ->
        new Iterator<>() {
          private int next = advance(1);

          private int advance(int from) {
            int i = from;
            while (i <= n && kicked.contains(i)) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next <= n;
          }

          @Override
          public ClientFacts next() {
            if (next > n) {
              throw new NoSuchElementException();
            }
            ClientFacts f = facts(next);
            next = advance(next + 1);
            return f;
          }
        };
  }

  /** 1-based index of a generated client ID, or 0 when the ID is not one of ours. */
  int indexOf(String clientid) {
    if (clientid.length() != PREFIX.length() + 7 || !clientid.startsWith(PREFIX)) {
      return 0;
    }
    int i = 0;
    for (int k = PREFIX.length(); k < clientid.length(); k++) {
      char c = clientid.charAt(k);
      if (c < '0' || c > '9') {
        return 0;
      }
      i = i * 10 + (c - '0');
    }
    return i >= 1 && i <= n ? i : 0;
  }

  static String idOf(int i) {
    var digits = Integer.toString(i);
    return PREFIX + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
  }

  /**
   * Every 10th client is disconnected with a live session; odd indexes live on node .11, even on
   * .12.
   */
  private static ClientFacts facts(int i) {
    long created = BASE_MS + i * 1000L;
    return new ClientFacts(
        idOf(i),
        i % 7 == 0 ? null : "fleet-" + (i % 50),
        i % 2 == 1 ? "emqx@10.0.0.11" : "emqx@10.0.0.12",
        "10." + (16 + (i >> 16) % 240) + "." + ((i >> 8) & 255) + "." + (i & 255),
        i % 10 != 0,
        i % 4 != 0,
        i % 3 == 0 ? 4 : 5,
        created,
        created + 250);
  }

  /**
   * A full EMQX 5.8 client record (apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9)
   * for generated facts.
   */
  @Override
  public ObjectNode render(ClientFacts f) {
    int i = indexOf(f.clientid());
    ObjectNode c = Json.object();
    c.put("awaiting_rel_cnt", 0).put("awaiting_rel_max", 100).put("clean_start", f.cleanStart());
    c.put("clientid", f.clientid()).put("connected", f.connected());
    c.put("connected_at", Times.millis(f.connectedAtMs()))
        .put("created_at", Times.millis(f.createdAtMs()));
    if (!f.connected()) {
      c.put("disconnected_at", Times.millis(f.connectedAtMs() + 3_600_000L));
    }
    c.put("durable", false).put("enable_authn", true);
    c.put("expiry_interval", f.connected() ? 0 : 7200).put("heap_size", 610).put("inflight_cnt", 0);
    c.put("inflight_max", 32).put("ip_address", f.ipAddress()).put("is_bridge", false);
    c.put("is_expired", false).put("is_persistent", !f.cleanStart()).put("keepalive", 60);
    c.put("listener", "tcp:default").put("mailbox_len", 0).putNull("mountpoint");
    c.put("mqueue_dropped", 0).put("mqueue_len", 0).put("mqueue_max", 1000).put("node", f.node());
    c.put("peerport", 30000 + i % 30000).put("port", 30000 + i % 30000).put("proto_name", "MQTT");
    c.put("proto_ver", f.protoVer());
    long msgs = i % 97;
    c.put("recv_cnt", msgs + 2).put("recv_msg", msgs).put("recv_msg.dropped", 0);
    c.put("recv_msg.dropped.await_pubrel_timeout", 0)
        .put("recv_msg.qos0", msgs)
        .put("recv_msg.qos1", 0);
    c.put("recv_msg.qos2", 0).put("recv_oct", 49 + msgs * 40).put("recv_pkt", msgs + 2);
    c.put("reductions", 6836 + i % 5000)
        .put("send_cnt", 2)
        .put("send_msg", 0)
        .put("send_msg.dropped", 0);
    c.put("send_msg.dropped.expired", 0).put("send_msg.dropped.queue_full", 0);
    c.put("send_msg.dropped.too_large", 0).put("send_msg.qos0", 0).put("send_msg.qos1", 0);
    c.put("send_msg.qos2", 0).put("send_oct", 31).put("send_pkt", 2).put("subscriptions_cnt", 0);
    c.put("subscriptions_max", "infinity");
    if (f.username() == null) {
      c.putNull("username");
    } else {
      c.put("username", f.username());
    }
    return c;
  }
}
