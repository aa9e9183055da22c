package io.emqx.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.emqx.mcp.support.WireMockEmqx.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit.Stubbing;
import io.emqx.mcp.support.TestServer;
import java.util.Map;

/** What the tools' EMQX-failure tables share: EMQX's answers, and what a mapped error must hold. */
final class EmqxFailures {

  private EmqxFailures() {}

  /**
   * One row of a failure table: the call, EMQX's answer to the request it makes, the contract's
   * code, and what the message must hold (null: nothing in particular).
   */
  record Case(
      String tool,
      Map<String, Object> args,
      String method,
      String path,
      int status,
      String body,
      String code,
      String hint) {

    /** Stubs EMQX's answer, calls the tool and checks the error it answers. */
    void check(Stubbing emqx, TestServer server) {
      stub(emqx, method, path, status, body);
      assertMapped(server.error(tool, args), code, status, hint);
    }

    /** The test's name: the call, EMQX's answer and the code it maps to. */
    @Override
    public String toString() {
      return tool + ": " + method + " " + path + " " + status + " -> " + code;
    }
  }

  /**
   * EMQX does not know the client the call names ({@code 404 CLIENTID_NOT_FOUND}, as
   * apps/emqx_management/src/emqx_mgmt_api_clients.erl at v5.8.9 answers): the tool says
   * CLIENT_NOT_FOUND, with {@code hint} (null: none).
   */
  static Case clientUnknown(
      String tool, Map<String, Object> args, String method, String path, String hint) {
    return new Case(
        tool,
        args,
        method,
        path,
        404,
        err("CLIENTID_NOT_FOUND", "Client ID not found"),
        "CLIENT_NOT_FOUND",
        hint);
  }

  /** EMQX's error body: its code and message. */
  static String err(String code, String message) {
    return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
  }

  /** EMQX answers {@code method path} (under /api/v5) with this status and JSON body. */
  static void stub(Stubbing emqx, String method, String path, int status, String body) {
    emqx.stubFor(request(method, urlPathEqualTo("/api/v5" + path)).willReturn(json(status, body)));
  }

  /**
   * The tool's error carries the contract's {@code code} with a message (holding {@code hint}
   * unless it is null) and never the secret, and EMQX's status when EMQX answered with an error.
   */
  static void assertMapped(Map<String, Object> error, String code, int status, String hint) {
    assertEquals(code, error.get("code"), error.toString());
    assertFalse(error.get("message").toString().isBlank());
    assertFalse(error.toString().contains(TestServer.SECRET));
    if (hint != null) {
      assertTrue(error.get("message").toString().contains(hint), error.toString());
    }
    if (status != 200) {
      assertEquals(status, error.get("http_status"), error.toString());
    }
  }
}
