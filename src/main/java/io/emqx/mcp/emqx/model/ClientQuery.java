package io.emqx.mcp.emqx.model;

/** Filters of {@code GET /clients}; null means "not given". */
public record ClientQuery(
    int page,
    int limit,
    String node,
    String username,
    String clientid,
    String ipAddress,
    String connState,
    Boolean cleanStart,
    Integer protoVer,
    String likeClientid,
    String likeUsername) {}
