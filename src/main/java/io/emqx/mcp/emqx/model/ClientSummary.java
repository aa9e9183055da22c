package io.emqx.mcp.emqx.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The compact projection of an EMQX client record that {@code list_clients} returns: what an
 * operator scans a list for. The full record (about 50 fields) comes from {@code get_client}. Times
 * are EMQX's RFC 3339 strings, passed on as they are.
 */
public record ClientSummary(
    @Required String clientid,
    String username,
    String node,
    Boolean connected,
    String ipAddress,
    Integer protoVer,
    String connectedAt,
    String disconnectedAt,
    Integer subscriptionsCnt,
    Integer mqueueLen) {

  /**
   * These components as EMQX names them, for {@code GET /clients?fields=} (EMQX 5.6+; older
   * versions ignore the parameter and send whole records, which the projection then trims). Asking
   * for just these cuts a page of 100 clients from about 110 KB to about 22 KB on the wire.
   */
  public static final String FIELDS =
      Arrays.stream(ClientSummary.class.getRecordComponents())
          .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
          .collect(Collectors.joining(","));
}
