package io.emqx.mcp.transport;

import io.emqx.mcp.Json;
import io.emqx.mcp.config.CallerSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9728 OAuth 2.0 Protected Resource Metadata, as the MCP authorization spec asks of a server
 * that accepts an issuer's tokens: which authorization server issues them and for which resource.
 * An MCP client that got our 401 reads it (the challenge's {@code resource_metadata} names it) and
 * runs its authorization flow against the issuer. Served at {@link #PATH} and at {@link #PATH}
 * followed by {@code /mcp} (the path of the resource), without a token: it holds nothing secret.
 * 404 when no issuer is configured.
 */
final class ProtectedResource extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String PATH = "/.well-known/oauth-protected-resource";

  private final transient CallerSettings.OAuth oauth;
  private final transient HttpGate gate;

  ProtectedResource(CallerSettings.OAuth oauth, HttpGate gate) {
    this.oauth = oauth;
    this.gate = gate;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!oauth.enabled()) {
      SdkResponse.write(
          res,
          404,
          Json.MAPPER.writeValueAsBytes(
              Map.of(
                  "error",
                  "not_found",
                  "error_description",
                  "this server accepts no OAuth issuer's tokens (mcp.http.oauth.issuer is not set)")));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", gate.resourceUrl(req));
    body.put("authorization_servers", List.of(oauth.issuer()));
    body.put("bearer_methods_supported", List.of("header"));
    body.put(
        "resource_signing_alg_values_supported",
        JwtVerifier.ALGORITHMS.stream().map(Object::toString).sorted().toList());
    body.put("resource_name", "EMQX MCP server");
    res.setHeader("Cache-Control", "max-age=300");
    SdkResponse.write(res, 200, Json.MAPPER.writeValueAsBytes(body));
  }
}
