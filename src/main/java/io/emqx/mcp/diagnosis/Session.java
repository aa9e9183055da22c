package io.emqx.mcp.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client's connection and session as {@code GET /clients/{clientid}} reports them: whether it is
 * online, how long its session outlives a disconnect, and whether its queues drop messages.
 */
final class Session {

  /** A queue this full (fraction of mqueue_max) is about to drop messages. */
  static final double QUEUE_WARNING = 0.8;

  private Session() {}

  static void check(Map<String, Object> c, List<Finding> findings) {
    long expiry = number(c, "expiry_interval");
    if (Boolean.FALSE.equals(c.get("connected"))) {
      findings.add(
          Finding.critical(
              "Disconnected since " + c.get("disconnected_at"),
              "connected=false; the session is kept for expiry_interval "
                  + expiry
                  + " s after the disconnect, "
                  + "queueing up to mqueue_max "
                  + c.get("mqueue_max")
                  + " messages ("
                  + number(c, "mqueue_len")
                  + " queued now)",
              "It receives nothing until it reconnects; queued messages are delivered then. Find out why the device "
                  + "is offline (network, power, credentials; a ban shows above)."));
    } else if (expiry == 0) {
      findings.add(
          Finding.info(
              "No session expiry",
              "expiry_interval 0 (clean_start "
                  + c.get("clean_start")
                  + "): the session ends with the connection",
              "Messages published while it is offline are lost; a "
                  + "device that must not miss commands should connect with a session expiry interval."));
    }
    long len = number(c, "mqueue_len");
    long max = number(c, "mqueue_max");
    long dropped = number(c, "mqueue_dropped");
    long inflight = number(c, "inflight_cnt");
    long inflightMax = number(c, "inflight_max");
    boolean inflightFull = inflightMax > 0 && inflight >= inflightMax;
    String inflightNote =
        inflightFull
            ? "; its inflight window is full ("
                + inflight
                + " of "
                + inflightMax
                + "): it is not acknowledging QoS 1/2 deliveries (PUBACK/PUBREC)"
            : "";
    if ((max > 0 && len >= max) || dropped > 0) {
      findings.add(
          Finding.critical(
              "Messages for it are being dropped",
              "mqueue_len "
                  + len
                  + " of mqueue_max "
                  + max
                  + ", mqueue_dropped "
                  + dropped
                  + ", send_msg.dropped.queue_full "
                  + number(c, "send_msg.dropped.queue_full")
                  + inflightNote,
              "The client takes messages slower than they arrive"
                  + (inflightFull ? " and does not acknowledge them" : "")
                  + ". Fix its processing or its network; raise mqtt.max_mqueue_len or slow the publisher. "
                  + "kick_mqtt_client discards the backlog (and the session)."));
    } else if (max > 0 && len >= max * QUEUE_WARNING) {
      findings.add(
          Finding.warning(
              "Message queue almost full",
              "mqueue_len " + len + " of mqueue_max " + max + inflightNote,
              "It will soon drop messages; check why the client falls behind."));
    } else if (inflightFull) {
      findings.add(
          Finding.warning(
              "Inflight window full",
              "inflight_cnt " + inflight + " of inflight_max " + inflightMax,
              "The client is not acknowledging QoS 1/2 deliveries; new ones wait in its queue."));
    }
    long tooLarge = number(c, "send_msg.dropped.too_large");
    if (tooLarge > 0) {
      findings.add(
          Finding.warning(
              tooLarge + " messages were too large for it",
              "send_msg.dropped.too_large " + tooLarge,
              "The payloads exceed the Maximum Packet Size the client announced at connect."));
    }
    long expired = number(c, "send_msg.dropped.expired");
    if (expired > 0) {
      findings.add(
          Finding.warning(
              expired + " messages expired before delivery",
              "send_msg.dropped.expired " + expired,
              "Their message expiry interval ran out while queued: the client was offline or behind."));
    }
    long awaiting = number(c, "awaiting_rel_cnt");
    long awaitingMax = number(c, "awaiting_rel_max");
    if (awaitingMax > 0 && awaiting >= awaitingMax) {
      findings.add(
          Finding.warning(
              "Incoming QoS 2 messages stuck",
              "awaiting_rel_cnt " + awaiting + " of " + awaitingMax,
              "The client sends QoS 2 PUBLISH but not PUBREL; EMQX refuses more until they complete."));
    }
  }

  /** A counter, 0 when absent or not a number (EMQX writes "infinity" for some maxima). */
  static long number(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(Objects.toString(v, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
