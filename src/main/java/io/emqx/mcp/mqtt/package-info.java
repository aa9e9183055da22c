/**
 * The MQTT connection of the MQTT tools (publish with properties, watch, request/response): one
 * lazily opened client connection ({@code MqttConnection}) over a small {@code Wire} interface,
 * with MQTT 5 and 3.1.1 implementations on the HiveMQ client; failures as {@code MqttException}
 * with a kind.
 *
 * <p>Owns: everything said to the broker over MQTT. May import: {@code config}, {@code topic},
 * {@code Json}. Knows nothing of MCP.
 */
package io.emqx.mcp.mqtt;
