package io.emqx.mcp.tools;

import io.emqx.mcp.emqx.EmqxClient;
import io.emqx.mcp.mqtt.MqttConnection;

/**
 * One EMQX cluster as a call sees it: its configured name and the clients that reach it (REST and
 * MQTT). The runner resolves it for each call ({@link Clusters#resolve}) and handlers take their
 * clients from the call, never from a field, so routing happens in one place.
 */
public record Cluster(String name, EmqxClient emqx, MqttConnection mqtt) {}
