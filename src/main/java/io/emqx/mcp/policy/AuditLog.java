package io.emqx.mcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emqx.mcp.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per call of a tool that changes the broker, executed or refused. Each line is
 * built whole, then appended with one write under a lock to a file opened in append mode, so
 * concurrent calls never interleave and a crash can at worst cut the line being written, never an
 * earlier one. When the file cannot be written, the log says so and {@link #available()} turns
 * false: the policy then refuses broker-changing calls rather than make unaudited changes.
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** Argument names whose values are never written. */
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|token|auth).*");
  /** Longer string values (payloads) are cut: the log records intent, not data. */
  static final int MAX_VALUE_CHARS = 256;

  private final Path file;
  private FileChannel channel;
  private volatile String problem;

  private AuditLog(Path file, FileChannel channel, String problem) {
    this.file = file;
    this.channel = channel;
    this.problem = problem;
  }

  /** No audit log ({@code mcp.audit-log = off}). */
  public static AuditLog off() {
    return new AuditLog(null, null, null);
  }

  /** Opens (creating) the file for appending; a failure is reported, not thrown. */
  public static AuditLog open(Path file) {
    if (file == null) {
      return off();
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      return new AuditLog(file, channel, null);
    } catch (IOException | RuntimeException e) {
      String problem = "cannot write the audit log " + file + " (" + e + ")";
      LOG.error("{}: tools that change the broker will refuse to run (AUDIT_UNAVAILABLE); read-only tools "
          + "keep working. Fix the path or its permissions, or set mcp.audit-log = off.", problem);
      return new AuditLog(file, null, problem);
    }
  }

  public boolean enabled() {
    return file != null;
  }

  /** False when the log is on but cannot be written. */
  public boolean available() {
    return problem == null;
  }

  /** Why the log cannot be written, or null. */
  public String problem() {
    return problem;
  }

  public Path file() {
    return file;
  }

  /**
   * One audited call. {@code outcome} is {@code executed}, {@code refused} (by this server: policy or
   * arguments) or {@code failed} (EMQX failed or could not be reached); {@code errorCode} is null
   * when executed; {@code emqxStatus} is 0 when EMQX gave no answer.
   */
  public record Entry(Instant time, String tool, Map<String, Object> arguments, String outcome, String errorCode,
      int emqxStatus, double durationMs, String clientName, String clientVersion, String session) {}

  public void record(Entry e) {
    if (!enabled() || !available()) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", e.time().toString());
    line.put("tool", e.tool());
    line.put("arguments", redact(e.arguments()));
    line.put("outcome", e.outcome());
    if (e.errorCode() != null) {
      line.put("error_code", e.errorCode());
    }
    if (e.emqxStatus() != 0) {
      line.put("emqx_status", e.emqxStatus());
    }
    line.put("duration_ms", e.durationMs());
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", e.clientName());
    client.put("version", e.clientVersion());
    line.put("client", client);
    line.put("session", e.session());
    byte[] bytes;
    try {
      bytes = (Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write an audit line", ex);
    }
    synchronized (this) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException ex) {
        problem = "writing the audit log " + file + " failed (" + ex + ")";
        LOG.error("{}: tools that change the broker now refuse to run (AUDIT_UNAVAILABLE)", problem);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Object redact(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(),
          SECRET_KEY.matcher(k.toString()).matches() ? "***" : redact(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AuditLog::redact).toList();
    }
    if (value instanceof String s && s.length() > MAX_VALUE_CHARS) {
      return s.substring(0, MAX_VALUE_CHARS) + "…(" + s.length() + " chars)";
    }
    return value;
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing at exit: nothing left to do
      }
      channel = null;
      problem = "closed";
    }
  }
}
