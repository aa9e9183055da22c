package io.emqx.mcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.WireMockEmqx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/emqx-mcp-server}, installed as a user would ({@code bin/} and {@code lib/}), with the
 * built jar: it trains and then uses its class-data archive, never loads an archive made for
 * another build of the jar, keeps the JVM's own output off stdout, and passes arguments through.
 */
class LauncherIT {

  @RegisterExtension
  static final WireMockEmqx wm = WireMockEmqx.create().standing(JarEmqx::sensor42);

  @TempDir Path root;
  Path jar;

  @BeforeEach
  void install() throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib"));
    Files.copy(
        Path.of("bin/emqx-mcp-server"),
        root.resolve("bin/emqx-mcp-server"),
        StandardCopyOption.COPY_ATTRIBUTES);
    jar = root.resolve("lib/emqx-mcp-server.jar");
    Files.copy(Path.of(JarStdioIT.JAR), jar);
  }

  /** The launcher with these environment additions; stderr goes to a file. */
  Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/emqx-mcp-server").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(root.resolve("stderr.txt").toFile());
    pb.environment().putAll(JarEmqx.env(wm));
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * One session: initialize, tools/list and a tool call; then stdin closes and the server exits.
   */
  RawRpc session(Process p) throws Exception {
    RawRpc rpc = new RawRpc(p.getInputStream(), p.getOutputStream());
    rpc.initialize();
    assertTrue(rpc.call("tools/list", Map.of(), Duration.ofSeconds(20)).containsKey("result"));
    Map<String, Object> client =
        rpc.callTool("get_client", Map.of("clientid", "sensor-42")).get(20, TimeUnit.SECONDS);
    assertEquals("sensor-42", RawRpc.structured(client).get("clientid"));
    rpc.close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the server did not exit after stdin closed");
    assertEquals(0, p.exitValue(), stderr());
    assertEquals(List.of(), rpc.badLines(), "stdout carries the protocol and nothing else");
    return rpc;
  }

  String stderr() throws IOException {
    return Files.readString(root.resolve("stderr.txt"), StandardCharsets.UTF_8);
  }

  List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("lib"))) {
      return files
          .filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))
          .toList();
    }
  }

  /** Where the JVM took io.emqx.mcp.Main from, per -Xlog:class+load. */
  String mainSource(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(" io.emqx.mcp.Main source: "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Main was never loaded"));
  }

  @Test
  void trainedArchive_isUsed_andNeverForAnotherBuildOfTheJar() throws Exception {
    session(launch(Map.of("EMQX_MCP_CDS", "train")));
    assumeTrue(!archives().isEmpty(), "this JDK wrote no class-data archive: " + stderr());
    assertEquals(1, archives().size(), archives().toString());
    String archive = archives().get(0).getFileName().toString();
    assertTrue(archive.startsWith("emqx-mcp-server-"), archive);

    Path log = root.resolve("classes.log");
    Map<String, String> traced =
        Map.of(
            "EMQX_MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xlog:class+load=info:file=" + log);
    session(launch(traced));
    assertTrue(mainSource(log).contains("shared objects file"), mainSource(log));
    assertTrue(stderr().contains(archive), "the launcher passes the archive: " + stderr());

    // A jar written after its archive (a rebuild that kept the size, say): the archive's name
    // matches, its age does not, so the launcher does not offer it.
    Path trained = root.resolve("lib").resolve(archive);
    FileTime jarTime = Files.getLastModifiedTime(jar);
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(trained).toMillis() + 2_000));
    Files.delete(log);
    session(launch(traced));
    assertFalse(
        stderr().contains(archive), "an archive older than the jar was offered: " + stderr());
    assertFalse(mainSource(log).contains("shared objects file"), mainSource(log));
    Files.setLastModifiedTime(jar, jarTime);

    // A rebuilt jar: same path, new content. The launcher must not even offer the old archive (JDK
    // 25.0.3's AOT cache would load its stale classes without a word).
    rebuildWithExtraEntry(jar);
    Files.delete(log);
    session(launch(traced));
    assertFalse(stderr().contains(archive), "a stale archive was offered to the JVM: " + stderr());
    assertFalse(mainSource(log).contains("shared objects file"), mainSource(log));
    assertTrue(mainSource(log).contains("emqx-mcp-server.jar"), mainSource(log));
    assertEquals(List.of(root.resolve("lib").resolve(archive)), archives());

    if (archive.endsWith(".jsa")) {
      // Forced onto the stale archive, AppCDS refuses it with a warning, which the JVM prints on
      // stdout by default. Through the launcher it must land on stderr.
      session(
          launch(
              Map.of(
                  "EMQX_MCP_CDS",
                  "off",
                  "EMQX_MCP_JAVA_OPTS",
                  "-XX:SharedArchiveFile=" + root.resolve("lib").resolve(archive))));
      assertTrue(stderr().contains("[warning][cds"), stderr());
    }
  }

  @Test
  void jvmOutput_goesToStderr_neverToStdout() throws Exception {
    // -XX:+PrintCommandLineFlags prints on stdout by default, like the JVM's other messages.
    session(launch(Map.of("EMQX_MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags")));
    String err = stderr();
    assertTrue(
        err.contains("TieredStopAtLevel=1"), "C1 only on stdio, and -XX output on stderr: " + err);
    assertTrue(err.contains("-XX:+UseSerialGC"), "the serial collector on stdio: " + err);
  }

  @Test
  void aCollectorInTheUsersOptions_replacesTheLaunchersOwn() throws Exception {
    // Two collectors at once would stop the JVM before it starts.
    session(launch(Map.of("EMQX_MCP_JAVA_OPTS", "-XX:+UseG1GC -XX:+PrintCommandLineFlags")));
    String err = stderr();
    assertTrue(err.contains("-XX:+UseG1GC"), err);
    assertFalse(err.contains("UseSerialGC"), err);
  }

  @Test
  void httpTransport_keepsC2() throws Exception {
    // --help exits at once; the JVM flags are what is checked here.
    Process p =
        launch(
            Map.of("EMQX_MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags"),
            "--transport",
            "http",
            "--help");
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertFalse(stderr().contains("TieredStopAtLevel"), stderr());
  }

  @Test
  void stdio_userMayChooseC2() throws Exception {
    // The launcher's one-C1-thread setting would make the JVM refuse to start alongside C2.
    session(
        launch(Map.of("EMQX_MCP_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -XX:+PrintCommandLineFlags")));
    assertFalse(stderr().contains("CICompilerCount=1"), stderr());
  }

  @Test
  void arguments_andExitCodes_passThrough() throws Exception {
    Process version = launch(Map.of(), "--version");
    String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(version.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, version.exitValue());
    assertTrue(out.startsWith("emqx-mcp-server "), out);

    Process bad = launch(Map.of(), "--config", root.resolve("missing.conf").toString());
    assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, bad.exitValue());
    assertTrue(stderr().contains("missing.conf"), stderr());
  }

  @Test
  void missingJar_saysWhereItLooked() throws Exception {
    Files.delete(jar);
    Process p = launch(Map.of());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertTrue(stderr().contains("./mvnw -B package"), stderr());
    assertEquals(0, p.getInputStream().readAllBytes().length);
  }

  /** Rewrites the jar with one more entry, as a new build would change it. */
  static void rebuildWithExtraEntry(Path jar) throws IOException {
    Path rebuilt = jar.resolveSibling("rebuilt.jar");
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(rebuilt);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        out.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("rebuilt.txt"));
      out.write("a later build".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Files.move(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING);
  }
}
