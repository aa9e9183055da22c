package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;

/**
 * One EMQX cluster as a call sees it: its configured name and the clients that reach it (REST and
 * MQTT). The runner resolves it for each call ({@link Clusters#resolve}) and handlers take their
 * clients from the call, never from a field, so routing happens in one place.
 *
 * @param apiUrl its REST API (no credentials: the config refuses them), for list_clusters
 * @param readOnly whether it refuses broker-changing tools, for list_clusters
 * @param tlsWarning what {@code tls.verify = false} leaves open (REST or MQTT), or null: said at
 *     start-up and on the cluster's list_clusters row
 */
public record Cluster(
    String name,
    EmqxClient emqx,
    MqttConnection mqtt,
    String apiUrl,
    boolean readOnly,
    String tlsWarning) {

  /** A cluster known only by its clients (tests). */
  public Cluster(String name, EmqxClient emqx, MqttConnection mqtt) {
    this(name, emqx, mqtt, null, false, null);
  }
}
