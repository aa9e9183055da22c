package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * server.json, the MCP registry entry, is valid under the registry's schema (kept in
 * packaging/registry/, see SOURCE.md there), names the pom's version, and lists one MCPB download
 * per platform the dist build knows (packaging/platform/), at the URL the release workflow uploads
 * to.
 */
class ServerJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void serverJson_isValid_andMatchesThePomAndThePlatforms() throws IOException {
    JsonNode entry = JSON.readTree(Path.of("server.json").toFile());
    assertEquals(List.of(), validate(entry));
    String version = pomVersion();
    assertEquals(version, entry.path("version").asText(), "server.json's version is not the pom's");
    assertEquals(
        schema().getSchemaNode().path("$id").asText(),
        entry.path("$schema").asText(),
        "server.json's $schema is not the kept schema's $id");

    String repository = entry.path("repository").path("url").asText();
    Matcher github = Pattern.compile("https://github\\.com/([^/]+)/([^/]+)").matcher(repository);
    assertTrue(github.matches(), repository);
    assertEquals(
        "io.github." + github.group(1) + "/" + github.group(2),
        entry.path("name").asText(),
        "the registry checks a GitHub namespace against the repository's owner");

    Set<String> platforms = new TreeSet<>();
    for (JsonNode p : entry.path("packages")) {
      assertEquals("mcpb", p.path("registryType").asText());
      assertEquals(version, p.path("version").asText());
      assertEquals("stdio", p.path("transport").path("type").asText());
      Matcher url =
          Pattern.compile(
                  Pattern.quote(
                          repository
                              + "/releases/download/v"
                              + version
                              + "/emqx-mcp-server-"
                              + version
                              + "-")
                      + "([a-z0-9-]+)\\.mcpb")
              .matcher(p.path("identifier").asText());
      assertTrue(
          url.matches(), "not this release's download URL: " + p.path("identifier").asText());
      platforms.add(url.group(1));
    }
    assertEquals(knownPlatforms(), platforms, "one MCPB package per packaging/platform/*.sh");
  }

  @Test
  void theSchema_refusesWhatTheRegistryRefuses() throws IOException {
    ObjectNode entry = (ObjectNode) JSON.readTree(Path.of("server.json").toFile());
    assertFalse(
        validate(
                mutated(
                    entry, e -> ((ObjectNode) e.path("packages").get(0)).put("fileSha256", "ABC")))
            .isEmpty(),
        "a malformed fileSha256");
    assertFalse(
        validate(mutated(entry, e -> e.put("description", "x".repeat(101)))).isEmpty(),
        "a description over 100 characters");
    assertFalse(validate(mutated(entry, e -> e.remove("version"))).isEmpty(), "no version");
    assertFalse(
        validate(mutated(entry, e -> e.put("name", "emqx-mcp-server"))).isEmpty(),
        "a name without a namespace");
    assertFalse(
        validate(mutated(entry, e -> ((ObjectNode) e.path("packages").get(0)).remove("transport")))
            .isEmpty(),
        "a package without a transport");
    String sha = "0".repeat(64);
    assertEquals(
        List.of(),
        validate(
            mutated(entry, e -> ((ObjectNode) e.path("packages").get(0)).put("fileSha256", sha))),
        "what the dist build fills in");
  }

  private static JsonNode mutated(ObjectNode entry, Consumer<ObjectNode> change) {
    ObjectNode copy = entry.deepCopy();
    change.accept(copy);
    return copy;
  }

  static List<String> validate(JsonNode entry) throws IOException {
    return schema().validate(entry).stream().map(Error::toString).collect(Collectors.toList());
  }

  private static Schema schema() throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(
            Files.readString(Path.of("packaging/registry/server.schema.json")), InputFormat.JSON);
  }

  /** The project's version: the first version element after the project's artifactId. */
  static String pomVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>emqx-mcp-server</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "no project version in pom.xml");
    return m.group(1);
  }

  private static Set<String> knownPlatforms() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("packaging/platform"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".sh"))
          .map(n -> n.substring(0, n.length() - 3))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
