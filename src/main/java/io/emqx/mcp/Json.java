package io.emqx.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The object mapper for EMQX bodies and tool results, built once (building one costs milliseconds
 * and thousands of class loads). EMQX and our contract both spell fields in snake_case, so records
 * keep Java names ({@code ipAddress}) and the wire keeps EMQX's ({@code ip_address}). Absent values
 * are left out rather than sent as null: {@code meta.count} is absent under fuzzy filters, exactly
 * as EMQX sends it. The MCP protocol itself uses the SDK's own mapper.
 */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}
}
