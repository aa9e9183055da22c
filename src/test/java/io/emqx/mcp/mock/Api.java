package io.emqx.mcp.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A tiny HTTP client for the fake, authenticated with the mock's API key unless told otherwise. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (MockEmqx.API_KEY + ":" + MockEmqx.API_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final MockEmqx emqx;

  Api(MockEmqx emqx) {
    this.emqx = emqx;
  }

  /** A response with its body read as text, and as JSON on demand. */
  record Res(int status, java.net.http.HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The EMQX error code of an error body. */
    String code() {
      return json().path("code").asText();
    }

    /** This is EMQX's error answer: {@code status} with {@code code} in the body. */
    Res assertError(int status, String code) {
      org.junit.jupiter.api.Assertions.assertEquals(status, status(), body);
      org.junit.jupiter.api.Assertions.assertEquals(code, code(), body);
      return this;
    }
  }

  /** GET {@code path}, which must answer 200, and its JSON body. */
  JsonNode getOk(String path) {
    Res r = get(path);
    org.junit.jupiter.api.Assertions.assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** GET {@code path} is answered with exactly this status and body, as EMQX answers it. */
  void assertGet(String path, int status, String body) {
    Res r = get(path);
    org.junit.jupiter.api.Assertions.assertEquals(status, r.status(), r.body());
    org.junit.jupiter.api.Assertions.assertEquals(body, r.body());
  }

  Res get(String path) {
    return send(request(path).GET());
  }

  Res delete(String path) {
    return send(request(path).DELETE());
  }

  Res post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(emqx.apiUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", BASIC);
  }

  HttpRequest.Builder unauthenticated(String absolutePath) {
    return HttpRequest.newBuilder(URI.create(emqx.baseUrl() + absolutePath))
        .timeout(Duration.ofSeconds(20));
  }

  /** Sends a request line as given, for URLs java.net.URI refuses (such as a bad %-escape). */
  String raw(String method, String target) {
    try (var socket = new java.net.Socket("127.0.0.1", emqx.port())) {
      socket.setSoTimeout(10_000);
      String req =
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
              + BASIC
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Res send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
