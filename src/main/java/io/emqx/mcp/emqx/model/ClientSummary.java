package io.emqx.mcp.emqx.model;

/**
 * The compact projection of an EMQX client record that {@code list_clients} returns: what an
 * operator scans a list for. The full record (about 50 fields) comes from {@code get_client}.
 * Times are EMQX's RFC 3339 strings, passed on as they are.
 */
public record ClientSummary(
    String clientid,
    String username,
    String node,
    Boolean connected,
    String ipAddress,
    Integer protoVer,
    String connectedAt,
    String disconnectedAt,
    Integer subscriptionsCnt,
    Integer mqueueLen) {}
