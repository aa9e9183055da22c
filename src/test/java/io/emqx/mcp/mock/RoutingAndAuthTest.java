package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RoutingAndAuthTest extends MockTestBase {
  private static Api.Res getWith(String authorization) {
    var b = api.unauthenticated("/api/v5/clients");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Api.send(b.GET());
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noAuthorization_is401HeaderError() {
    var r = getWith(null);
    assertEquals(401, r.status());
    assertEquals(
        "{\"code\":\"AUTHORIZATION_HEADER_ERROR\",\"message\":\"Support authorization: basic/bearer \"}",
        r.body());
    assertEquals("Basic Realm=\"emqx-dashboard\"", r.header("WWW-Authenticate"));
    assertEquals("application/json", r.header("content-type"));
  }

  @Test
  void wrongKeyOrSecret_is401BadApiKey() {
    for (String creds :
        new String[] {"mock-api-key:wrong", "other:mock-api-secret", "admin:public"}) {
      var r = getWith(basic(creds));
      assertEquals(401, r.status(), creds);
      assertEquals("BAD_API_KEY_OR_SECRET", r.code());
      assertEquals("Check api_key/api_secret", r.json().get("message").asText());
      assertEquals("Basic Realm=\"emqx-dashboard\"", r.header("WWW-Authenticate"));
    }
  }

  @Test
  void malformedAuthorization_is400WithEmptyBody() {
    for (String h : new String[] {"Token abc", "Basic !!!notbase64", "Bearer"}) {
      var r = getWith(h);
      assertEquals(400, r.status(), h);
      assertEquals("", r.body(), h);
    }
  }

  @Test
  void unknownBearer_is401BadTokenWithoutChallenge() {
    var r = getWith("Bearer abc.def");
    r.assertError(401, "BAD_TOKEN");
    assertEquals(null, r.header("WWW-Authenticate"));
  }

  @Test
  void unknownPath_jsonAccept_isLiteralNotFound_withoutAuth() {
    var r =
        Api.send(api.unauthenticated("/api/v5/nope").header("Accept", "application/json").GET());
    assertEquals(404, r.status());
    assertEquals("{\"code\": \"NOT_FOUND\", \"message\": \"Request Path Not Found\"}", r.body());
    assertEquals("application/json", r.header("content-type"));
  }

  @Test
  void unknownPath_otherAccept_isHtml() {
    var r = Api.send(api.unauthenticated("/api/v5/nope").GET());
    assertEquals(404, r.status());
    assertTrue(r.header("content-type").startsWith("text/html"));
    assertTrue(r.body().contains("404 - NOT FOUND"));
    var text = Api.send(api.unauthenticated("/nope").header("Accept", "text/plain").GET());
    assertEquals("404 - NOT FOUND", text.body());
  }

  @Test
  void wrongMethod_is405WithAllow_beforeAuth() {
    var r =
        Api.send(
            api.unauthenticated("/api/v5/clients/sensor-42")
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals(405, r.status());
    assertEquals("DELETE, GET", r.header("allow"));
    assertEquals("", r.body());
    assertEquals("POST", Api.send(api.unauthenticated("/api/v5/publish").GET()).header("allow"));
  }

  @Test
  void status_needsNoAuth_onBothPaths() {
    for (String path : new String[] {"/status", "/api/v5/status"}) {
      var r = Api.send(api.unauthenticated(path).GET());
      assertEquals(200, r.status(), path);
      assertEquals("Node emqx@10.0.0.11 is started\nemqx is running", r.body());
      assertEquals("15", r.header("retry-after"));
      assertTrue(r.header("content-type").startsWith("text/plain"));
    }
    var json = Api.send(api.unauthenticated("/api/v5/status?format=json").GET());
    assertEquals("v5.8.9", json.json().get("rel_vsn").asText());
    assertEquals("application/json", json.header("content-type"));
  }
}
