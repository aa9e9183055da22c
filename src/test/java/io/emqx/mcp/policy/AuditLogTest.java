package io.emqx.mcp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.support.RawRpc;
import io.emqx.mcp.support.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit file itself: what it refuses to open, how it survives rotation, what its lines look
 * like.
 */
class AuditLogTest {

  static final String API = "http://127.0.0.1:18083/api/v5";
  static final AuditLog.Caller CALLER = new AuditLog.Caller("tests", "1", "s-1");

  @TempDir Path dir;

  static List<Map<String, Object>> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(TestServer::parse)
        .toList();
  }

  static void outcome(AuditLog log, long call) {
    log.record(
        new AuditLog.Entry(
            Instant.now(),
            call,
            "kick_mqtt_client",
            Map.of("clientid", "c"),
            "executed",
            null,
            204,
            1.0,
            CALLER));
  }

  @Test
  void intentAndOutcome_shareTheCallNumber_andNameTheTarget_withoutCredentials() throws Exception {
    Path file = dir.resolve("audit.log");
    AuditLog log = AuditLog.open(file, "http://admin:pw@emqx.example:18083/api/v5?x=1");
    long call = log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER);
    outcome(log, call);
    log.close();
    List<Map<String, Object>> lines = lines(file);
    assertEquals(List.of("intent", "outcome"), lines.stream().map(l -> l.get("phase")).toList());
    assertEquals(lines.get(0).get("call"), lines.get(1).get("call"));
    assertEquals("http://emqx.example:18083/api/v5", lines.get(0).get("target"));
    assertFalse(Files.readString(file).contains("pw"), "credentials never reach the audit");
  }

  @Test
  void newFile_isOwnerOnly() throws Exception {
    Path file = dir.resolve("sub/audit.log");
    AuditLog log = AuditLog.open(file, API);
    log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER);
    log.close();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void symlinkAtThePath_isRefused_andItsTargetUntouched() throws Exception {
    Path elsewhere = Files.writeString(dir.resolve("precious.txt"), "keep me\n");
    Path file = Files.createSymbolicLink(dir.resolve("audit.log"), elsewhere);
    AuditLog log = AuditLog.open(file, API);
    assertFalse(log.available());
    AuditLog.Unavailable e =
        assertThrows(
            AuditLog.Unavailable.class,
            () -> log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals("keep me\n", Files.readString(elsewhere));
    log.close();
  }

  @Test
  void directoryOrFifoAtThePath_isRefused() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("audit.log"));
    AuditLog log = AuditLog.open(directory, API);
    AuditLog.Unavailable e =
        assertThrows(
            AuditLog.Unavailable.class,
            () -> log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    log.close();

    Path fifo = dir.resolve("fifo.log");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mkfifo.waitFor());
    AuditLog onFifo = AuditLog.open(fifo, API);
    assertThrows(
        AuditLog.Unavailable.class, () -> onFifo.intent("kick_mqtt_client", Map.of(), CALLER));
    onFifo.close();
  }

  @Test
  void deletedFile_isRecreated_andRotatedFile_isReopened() throws Exception {
    Path file = dir.resolve("audit.log");
    AuditLog log = AuditLog.open(file, API);
    outcome(log, log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER));
    Files.delete(file);
    outcome(log, log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER));
    assertEquals(2, lines(file).size(), "lines after the deletion land in a new file at the path");

    Path rotated = dir.resolve("audit.log.1");
    Files.move(file, rotated);
    outcome(log, log.intent("kick_mqtt_client", Map.of("clientid", "c"), CALLER));
    log.close();
    assertEquals(2, lines(rotated).size(), "the rotated file keeps what it had");
    assertEquals(2, lines(file).size(), "later lines go to the path, not to the rotated file");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void recoversWhenThePathBecomesWritable() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    Path file = blocker.resolve("audit.log");
    AuditLog log = AuditLog.open(file, API);
    assertThrows(
        AuditLog.Unavailable.class, () -> log.intent("kick_mqtt_client", Map.of(), CALLER));
    Files.delete(blocker);
    log.intent("kick_mqtt_client", Map.of(), CALLER);
    assertTrue(log.available());
    log.close();
    assertEquals(1, lines(file).size());
  }

  /**
   * Line separators other than \n (U+2028, U+2029, U+0085) never appear raw: no reader sees a line
   * break in a value.
   */
  @Property(tries = 200)
  void anyArgumentValue_staysOnOneLine_andReadsBackTheSame(
      @ForAll
          @StringLength(max = 40)
          @CharRange(from = '\u0000', to = '\u00ff')
          @CharRange(from = '\u2020', to = '\u202f')
          String value)
      throws Exception {
    Path file = Files.createTempFile("audit", ".log");
    Files.delete(file);
    AuditLog log = AuditLog.open(file, API);
    String padded = "a\u2028b\u2029c\u0085d" + value;
    log.intent("publish_message", Map.of("payload", padded), CALLER);
    log.close();
    byte[] bytes = Files.readAllBytes(file);
    String raw = new String(bytes, StandardCharsets.UTF_8);
    Files.delete(file);
    assertFalse(
        raw.contains("\u2028")
            || raw.contains("\u2029")
            || raw.contains("\u0085")
            || raw.contains("\r"),
        raw);
    assertEquals(1, raw.split("\n", -1).length - 1, "exactly one line");
    assertTrue(raw.contains("\\u2028") && raw.contains("\\u2029") && raw.contains("\\u0085"), raw);
    Map<?, ?> args = (Map<?, ?>) TestServer.parse(raw.strip()).get("arguments");
    String expected = padded.length() > AuditLog.MAX_VALUE_CHARS ? null : padded;
    if (expected != null) {
      assertEquals(expected, args.get("payload"));
    }
  }

  /**
   * A full disk, for real: the server runs as its own process with a file-size limit ({@code ulimit
   * -f}) that the audit file has already reached, so the kernel refuses every append (EFBIG), as it
   * refuses them on a full disk (ENOSPC). The first kick must be refused, and EMQX (the built-in
   * fake) must still have the client.
   */
  @Test
  void fullDisk_theFirstKickIsRefused_andNothingIsSent() throws Exception {
    Path file = dir.resolve("audit.log");
    Files.write(file, new byte[4096]);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // 4 blocks is at most 4096 bytes whether the shell counts 512- or 1024-byte blocks.
    ProcessBuilder pb =
        new ProcessBuilder(
            "sh",
            "-c",
            "ulimit -f 4 && exec \"$0\" -XX:-UsePerfData -Xshare:off "
                + "-XX:TieredStopAtLevel=1 -cp \"$1\" io.emqx.mcp.Main --mock-emqx",
            java,
            System.getProperty("java.class.path"));
    pb.environment().put("EMQX_MCP_AUDIT_LOG", file.toString());
    pb.environment().put("HOME", dir.toString());
    File stderr = dir.resolve("stderr.txt").toFile();
    pb.redirectError(stderr);
    Process server = pb.start();
    try (RawRpc rpc = new RawRpc(server.getInputStream(), server.getOutputStream())) {
      rpc.initialize();
      Map<String, Object> before = RawRpc.structured(onSensor42(rpc, "get_client"));
      assertNotNull(before, "the fake has sensor-42");
      String text = onSensor42(rpc, "kick_mqtt_client").toString();
      assertTrue(text.contains("AUDIT_UNAVAILABLE"), text);
      Map<String, Object> after = RawRpc.structured(onSensor42(rpc, "get_client"));
      assertEquals(before.get("connected"), after.get("connected"), "the kick never reached EMQX");
      assertEquals(4096, Files.size(file), "nothing was appended");
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
    String log = Files.readString(stderr.toPath());
    assertTrue(log.contains("File too large") || log.contains("No space left"), log);
  }

  /** The answer to {@code tool} on the fake's sensor-42, from a server in a process of its own. */
  static Map<String, Object> onSensor42(RawRpc rpc, String tool) throws Exception {
    return rpc.callTool(tool, Map.of("clientid", "sensor-42")).get(60, TimeUnit.SECONDS);
  }

  /**
   * {@code --mock-emqx} with no audit path set: demo kicks go to their own file, each line naming
   * the fake.
   */
  @Test
  void mockEmqx_writesToItsOwnDefaultFile_withTheFakesUrl() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-XX:-UsePerfData",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "io.emqx.mcp.Main",
            "--mock-emqx");
    pb.environment().remove("EMQX_MCP_AUDIT_LOG");
    pb.environment().put("HOME", dir.toString());
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    Process server = pb.start();
    try (RawRpc rpc = new RawRpc(server.getInputStream(), server.getOutputStream())) {
      rpc.initialize();
      Map<String, Object> kick = RawRpc.structured(onSensor42(rpc, "kick_mqtt_client"));
      assertEquals(true, kick.get("disconnected"));
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
    assertFalse(
        Files.exists(dir.resolve(".emqx-mcp/audit.log")), "the production file is not touched");
    List<Map<String, Object>> lines = lines(dir.resolve(".emqx-mcp/audit-mock.log"));
    assertEquals(2, lines.size());
    for (Map<String, Object> line : lines) {
      assertTrue(
          line.get("target").toString().matches("http://127\\.0\\.0\\.1:\\d+/api/v5"),
          line.toString());
    }
  }

  @Test
  void closedLog_refusesIntents() {
    AuditLog log = AuditLog.open(dir.resolve("audit.log"), API);
    log.close();
    assertThrows(
        AuditLog.Unavailable.class, () -> log.intent("kick_mqtt_client", Map.of(), CALLER));
  }
}
