package io.emqx.mcp.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The mock-emqx/ directory must work on its own, as standalone WireMock loads it. */
class MappingFilesTest {
  static final Path ROOT = Path.of("mock-emqx");

  @Test
  void everyMappingFile_parses_andNamesAKnownOp() throws IOException {
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("mappings"))) {
      for (Path f : files.toList()) {
        JsonNode doc = Api.JSON.readTree(f.toFile());
        for (JsonNode m : doc.get("mappings")) {
          StubMapping stub = StubMapping.buildFrom(m.toString());
          assertTrue(names.add(stub.getName()), "duplicate mapping name " + stub.getName());
          JsonNode response = m.get("response");
          assertEquals("emqx", response.get("transformers").get(0).asText(), stub.getName());
        }
      }
    }
    assertTrue(names.contains("GET /api/v5/clients/{clientid}"));
  }

  /**
   * What {@code wiremock.Run --root-dir mock-emqx} does: files from a directory, extensions found
   * by scanning META-INF/services. The extension must seed itself from that root's __files.
   */
  @Test
  void standaloneStyle_directoryRootAndScanning_servesTheSeed() {
    var server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory(ROOT.toString())
                .extensionScanningEnabled(true)
                .notifier(new Slf4jNotifier(false)));
    server.start();
    try {
      var r =
          Api.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:"
                              + server.port()
                              + "/api/v5/clients/plant%2Fline-1%2Fplc"))
                  .header("Authorization", Api.BASIC)
                  .GET());
      assertEquals(200, r.status());
      assertEquals("plant/line-1/plc", r.json().get("clientid").asText());
    } finally {
      server.stop();
    }
  }

  @Test
  void extension_withoutSeed_addsNothing() {
    // A WireMock elsewhere that scans the classpath must not get our transformer or filter.
    var noSeed = new com.github.tomakehurst.wiremock.common.SingleRootFileSource("target");
    var services =
        (com.github.tomakehurst.wiremock.extension.WireMockServices)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {com.github.tomakehurst.wiremock.extension.WireMockServices.class},
                (proxy, method, args) -> method.getName().equals("getFiles") ? noSeed : null);
    assertTrue(new MockEmqxExtension().create(services).isEmpty());
  }
}
