package io.emqx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.emqx.mcp.config.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every client config the README and the pages of docs/ show (their JSON snippets and {@code claude
 * mcp add} lines) names a command that exists, flags the server takes and environment variables it
 * reads: a config copied from the docs must work.
 */
class ReadmeConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLAUDE_ADD = Pattern.compile("(?m)^claude mcp add (.*)$");

  /** One server entry of a client config: how it is started, or where it is reached. */
  record Entry(
      String where, String command, List<String> args, Map<String, String> env, String url) {}

  @Test
  void everyClientConfigInTheReadme_namesWhatExists() throws IOException {
    // The README shows one config; the others are in docs/install.md and docs/http.md.
    List<Entry> entries = entries(readmeAndDocs());
    assertTrue(
        entries.stream().filter(e -> e.command() != null).count() >= 4,
        "want the stdio configs (Claude Desktop, claude mcp add, .mcp.json, VS Code): " + entries);
    assertTrue(entries.stream().anyMatch(e -> e.url() != null), "want the HTTP config: " + entries);
    for (Entry e : entries) {
      assertEquals(List.of(), problems(e), e.where());
    }
  }

  /**
   * Every key of application.conf (the schema: a key it lacks stops start-up) is named, in
   * backticks, in the README or a page of docs/, so a user can find what a key does.
   */
  @Test
  void everyConfigKey_isDocumented() throws IOException {
    String docs = readmeAndDocs();
    Set<String> keys = new TreeSet<>();
    ConfigFactory.parseFile(new File("application.conf"))
        .entrySet()
        .forEach(e -> keys.add(e.getKey()));
    assertTrue(keys.size() > 30 && keys.contains("mcp.http.auth-token"), "keys read: " + keys);
    List<String> undocumented = keys.stream().filter(k -> !docs.contains("`" + k + "`")).toList();
    assertEquals(List.of(), undocumented, "config keys named in neither README.md nor docs/*.md");
  }

  @Test
  void aMisspeltFlagOrVariable_isCaught() {
    Entry good =
        new Entry(
            "example",
            "/path/to/emqx-mcp-server/bin/emqx-mcp-server",
            List.of("--config", "/x.conf"),
            Map.of(
                "EMQX_API_URL", "http://emqx.example.internal:18083", "EMQX_MCP_READ_ONLY", "true"),
            null);
    assertEquals(List.of(), problems(good));
    assertEquals(
        1,
        problems(new Entry("flag", good.command(), List.of("--confg", "/x.conf"), good.env(), null))
            .size());
    assertEquals(
        1,
        problems(
                new Entry(
                    "variable",
                    good.command(),
                    good.args(),
                    Map.of("EMQX_MCP_READONLY", "true"),
                    null))
            .size());
    assertEquals(
        1,
        problems(
                new Entry(
                    "command",
                    "/path/to/emqx-mcp-server/bin/emqx-mcp",
                    good.args(),
                    good.env(),
                    null))
            .size());
    assertEquals(
        1,
        problems(new Entry("java", "java", List.of("-jar", "/path/to/other.jar"), Map.of(), null))
            .size());
    assertEquals(
        1,
        problems(new Entry("url", null, List.of(), Map.of(), "http://127.0.0.1:8080/mpc")).size());
    assertEquals(
        1,
        entries(
                "```sh\nclaude mcp add emqx -e EMQX_API_URL=http://h:18083 -- /p/bin/emqx-mcp-server\n```")
            .size());
  }

  /** README.md and every page of docs/, one after the other. */
  static String readmeAndDocs() throws IOException {
    StringBuilder all = new StringBuilder(Files.readString(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        all.append('\n').append(Files.readString(doc));
      }
    }
    return all.toString();
  }

  /** The server entries of every JSON snippet and every claude mcp add line. */
  static List<Entry> entries(String readme) {
    List<Entry> out = new ArrayList<>();
    Matcher block = JSON_BLOCK.matcher(readme);
    while (block.find()) {
      JsonNode root;
      try {
        root = JSON.readTree(block.group(1));
      } catch (IOException e) {
        throw new AssertionError(
            "README has a JSON snippet that does not parse: " + block.group(1), e);
      }
      for (String key : List.of("mcpServers", "servers")) {
        root.path(key)
            .fields()
            .forEachRemaining(
                f ->
                    out.add(entry(key + "." + f.getKey() + " in " + block.group(1), f.getValue())));
      }
    }
    Matcher add = CLAUDE_ADD.matcher(readme);
    while (add.find()) {
      List<String> words = Arrays.asList(add.group(1).trim().split("\\s+"));
      int dashes = words.indexOf("--");
      Map<String, String> env = new LinkedHashMap<>();
      for (int i = 0; i < dashes; i++) {
        if (words.get(i).equals("-e")) {
          String[] kv = words.get(++i).split("=", 2);
          env.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
      out.add(
          new Entry(
              add.group(),
              words.get(dashes + 1),
              words.subList(dashes + 2, words.size()),
              env,
              null));
    }
    return out;
  }

  private static Entry entry(String where, JsonNode server) {
    List<String> args = new ArrayList<>();
    server.path("args").forEach(a -> args.add(a.asText()));
    Map<String, String> env = new LinkedHashMap<>();
    server.path("env").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    return new Entry(
        where,
        server.hasNonNull("command") ? server.get("command").asText() : null,
        args,
        env,
        server.hasNonNull("url") ? server.get("url").asText() : null);
  }

  /** What is wrong with an entry: a command, flag or variable that does not exist. */
  static List<String> problems(Entry e) {
    List<String> out = new ArrayList<>();
    if (e.url() != null) {
      if (!e.url().matches("https?://[^/]+/(mcp|sse)")) {
        out.add("the server serves /mcp and /sse, not " + e.url());
      }
      return out;
    }
    List<String> serverArgs = e.args();
    if (e.command().equals("java")) {
      int jar = e.args().indexOf("-jar");
      if (jar < 0
          || jar + 1 >= e.args().size()
          || !e.args().get(jar + 1).endsWith("/emqx-mcp-server.jar")) {
        out.add("java without -jar .../emqx-mcp-server.jar: " + e.args());
        return out;
      }
      serverArgs = e.args().subList(jar + 2, e.args().size());
    } else {
      String launcher = e.command().substring(e.command().lastIndexOf('/') + 1);
      if (!List.of("emqx-mcp-server", "emqx-mcp-server.cmd").contains(launcher)
          || !Files.isRegularFile(Path.of("bin", launcher))) {
        out.add("no launcher bin/" + launcher + ": " + e.command());
      }
    }
    try {
      CommandLine.parse(serverArgs.toArray(String[]::new));
    } catch (IllegalArgumentException bad) {
      out.add(bad.getMessage());
    }
    // The server's own check of its environment: an unknown name that looks like ours is a warning.
    Settings.load(Map.of(), e.env(), null, Map.of(), out::add);
    return out;
  }
}
