package io.emqx.mcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emqx.mcp.Json;
import io.emqx.mcp.tools.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of every call of a tool that changes the broker, as JSON lines. An executed call
 * leaves two lines with the same {@code call} number: {@code "phase":"intent"}, written before
 * anything is sent to EMQX, and {@code "phase":"outcome"} after. A call this server refused before
 * sending anything leaves only its outcome line. When the intent line cannot be written the call is
 * refused ({@code AUDIT_UNAVAILABLE}), so no change is ever made without a line on disk first.
 *
 * <p>Every file operation runs on one thread of this log's own, which nothing ever interrupts. A
 * tool call's thread is interrupted when its client cancels it ({@code notifications/cancelled}); a
 * {@link FileChannel} written from an interrupted thread is closed for good ({@code
 * ClosedByInterruptException}), which used to disable every later mutation. Callers hand the line
 * over and wait for the writer's answer without reacting to their own interrupt.
 *
 * <p>The file is opened without following a symbolic link, must be a regular file, and is created
 * with mode 0600. Before each line the path is checked again: when the file was deleted or rotated
 * away (logrotate's default "create" mode renames it), the log reopens the path and goes on.
 * Reopening rather than refusing, because rotation is routine operations work and refusing would
 * turn every rotation into an outage of the broker-changing tools; the new file is opened with the
 * same checks, so a symlink or a FIFO planted at the path is still refused.
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /** Argument names whose values are never written. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(secret|password|passwd|token|auth).*");

  /** Longer string values (payloads) are cut: the log records intent, not data. */
  static final int MAX_VALUE_CHARS = 256;

  /**
   * How long a call waits for its line to reach the file before it counts the log as unavailable.
   */
  private static final long WRITE_WAIT_MS = 10_000;

  /**
   * Lines waiting for the writer at most; a caller finding it full waits (bounded by
   * WRITE_WAIT_MS).
   */
  private static final int QUEUE = 1024;

  private static final ObjectMapper LINES = Json.MAPPER.copy();

  static {
    LINES.getFactory().setCharacterEscapes(new LineEscapes());
  }

  private final Path file;
  private final String target;
  private final Hooks hooks;
  private final AtomicLong calls = new AtomicLong();
  private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread writer;

  /** Touched by the writer thread only. */
  private FileChannel channel;

  private Object fileKey;
  private volatile String problem;
  private volatile boolean closed;

  /**
   * A seam for tests: runs on the writer thread before each line is written (the write itself is
   * real).
   */
  interface Hooks {
    Hooks NONE = () -> {};

    void beforeWrite();
  }

  /** A line to write; a null line only opens the file, {@link #STOP} ends the writer. */
  private record Job(byte[] line, CompletableFuture<String> done) {
    static final byte[] STOP = new byte[0];
  }

  /** A reason of ours not to use the file (not an I/O error of the system). */
  private static final class Refused extends IOException {
    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private AuditLog(Path file, String target, Hooks hooks) {
    this.file = file;
    this.target = target;
    this.hooks = hooks;
    if (file == null) {
      writer = null;
      return;
    }
    writer = new Thread(this::writeLoop, "emqx-mcp-audit");
    writer.setDaemon(true);
    writer.start();
    // Open now, so that a bad path is reported at start-up rather than at the first change.
    String why = submit(null);
    if (why != null) {
      LOG.error(
          "{}: tools that change the broker will refuse to run (AUDIT_UNAVAILABLE) until it can be written; "
              + "read-only tools keep working. Fix the path or its permissions, or set mcp.audit-log = off.",
          why);
    }
  }

  /** No audit log ({@code mcp.audit-log = off}). */
  public static AuditLog off() {
    return new AuditLog(null, null, Hooks.NONE);
  }

  /** Opens (creating) the file for appending; a failure is reported, not thrown. */
  public static AuditLog open(Path file) {
    return open(file, null);
  }

  /**
   * The log at {@code file} for changes made through the EMQX API at {@code apiUrl}, which every
   * line names (without credentials or query), so that lines from {@code --mock-emqx} or from
   * another cluster are never mistaken for this one's.
   */
  public static AuditLog open(Path file, String apiUrl) {
    return file == null ? off() : new AuditLog(file, safeTarget(apiUrl), Hooks.NONE);
  }

  static AuditLog open(Path file, String apiUrl, Hooks hooks) {
    return new AuditLog(file, safeTarget(apiUrl), hooks);
  }

  public boolean enabled() {
    return file != null;
  }

  /**
   * False when the last attempt to write (or open) the file failed; the next intent tries again.
   */
  public boolean available() {
    return problem == null;
  }

  /** Why the log could not be written last time, or null. */
  public String problem() {
    return problem;
  }

  public Path file() {
    return file;
  }

  /**
   * Who made the change: the MCP client and session, the authenticated caller, and the remote
   * address of its request (null on stdio).
   */
  public record Caller(
      String clientName, String clientVersion, String session, Identity identity, String remote) {

    public Caller {
      identity = identity == null ? Identity.LOCAL : identity;
    }

    /** A local (stdio) caller. */
    public Caller(String clientName, String clientVersion, String session) {
      this(clientName, clientVersion, session, Identity.LOCAL, null);
    }
  }

  /**
   * Which cluster a change went to: its name and API URL (the line's {@code target}). Null where a
   * caller has none to give: the line then carries the log's own target.
   */
  public record Where(String cluster, String target) {}

  /**
   * Writes the intent line of a change about to be made and returns its call number, or throws with
   * the reason when the line is not on disk (the caller must then send nothing).
   */
  public long intent(String tool, Map<String, Object> arguments, Caller caller) {
    return intent(tool, arguments, caller, null);
  }

  /** The same, for a change to the cluster {@code where}. */
  public long intent(String tool, Map<String, Object> arguments, Caller caller, Where where) {
    long call = calls.incrementAndGet();
    if (!enabled()) {
      return call;
    }
    Map<String, Object> line = head(call, "intent", tool, arguments);
    tail(line, caller, where);
    String why = submit(bytes(line));
    if (why != null) {
      throw new Unavailable(why);
    }
    return call;
  }

  /** The audit line could not be written: nothing may be sent to EMQX. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One outcome. {@code outcome} is {@code executed}, {@code refused} (by this server: policy or
   * arguments), {@code failed} (EMQX failed or could not be reached) or {@code cancelled} (the
   * client cancelled the call; {@code emqxStatus} says whether EMQX had answered); {@code call} is
   * the number {@link #intent} gave, or 0 when the call was refused before its intent.
   */
  public record Entry(
      Instant time,
      long call,
      String tool,
      Map<String, Object> arguments,
      String outcome,
      ErrorCode errorCode,
      int emqxStatus,
      double durationMs,
      Caller caller,
      Where where) {

    /** An outcome with the log's own target. */
    public Entry(
        Instant time,
        long call,
        String tool,
        Map<String, Object> arguments,
        String outcome,
        ErrorCode errorCode,
        int emqxStatus,
        double durationMs,
        Caller caller) {
      this(time, call, tool, arguments, outcome, errorCode, emqxStatus, durationMs, caller, null);
    }
  }

  /** Writes an outcome line; a failure is logged and makes the next intent try again. */
  public void record(Entry e) {
    if (!enabled()) {
      return;
    }
    long call = e.call() != 0 ? e.call() : calls.incrementAndGet();
    Map<String, Object> line = head(call, "outcome", e.tool(), e.arguments());
    line.put("time", e.time().toString());
    line.put("outcome", e.outcome());
    if (e.errorCode() != null) {
      line.put("error_code", e.errorCode().name());
    }
    if (e.emqxStatus() != 0) {
      line.put("emqx_status", e.emqxStatus());
    }
    line.put("duration_ms", e.durationMs());
    tail(line, e.caller(), e.where());
    String why = submit(bytes(line));
    if (why != null) {
      LOG.error("lost the audit outcome of call {} ({} {}): {}", call, e.tool(), e.outcome(), why);
    }
  }

  private Map<String, Object> head(
      long call, String phase, String tool, Map<String, Object> arguments) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("call", call);
    line.put("phase", phase);
    line.put("tool", tool);
    line.put("arguments", redact(arguments));
    return line;
  }

  private void tail(Map<String, Object> line, Caller caller, Where where) {
    if (where != null) {
      line.put("target", where.target() != null ? where.target() : target);
      line.put("cluster", where.cluster());
    } else if (target != null) {
      line.put("target", target);
    }
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("name", caller == null ? null : caller.clientName());
    client.put("version", caller == null ? null : caller.clientVersion());
    line.put("client", client);
    line.put("session", caller == null ? null : caller.session());
    Identity who = caller == null ? Identity.LOCAL : caller.identity();
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("kind", who.kind().name().toLowerCase(java.util.Locale.ROOT));
    identity.put("name", who.name());
    if (who.issuer() != null) {
      identity.put("issuer", who.issuer());
    }
    identity.put("role", who.role().id());
    line.put("caller", identity);
    line.put("remote", caller == null ? null : caller.remote());
  }

  private static byte[] bytes(Map<String, Object> line) {
    try {
      return (LINES.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot build an audit line", ex);
    }
  }

  /**
   * Hands a line (null: just open the file) to the writer and waits for its answer: null once it is
   * written, else why not. The wait ignores the caller's interrupt (and restores it after): the
   * line of a cancelled call must still be written, and the answer is the writer's, never the
   * caller's.
   */
  private String submit(byte[] line) {
    if (closed) {
      return "the audit log is closed";
    }
    Job job = new Job(line, new CompletableFuture<>());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_WAIT_MS);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!queue.offer(job, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return note(
                "the audit log " + file + " did not take a line within " + WRITE_WAIT_MS + " ms");
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      while (true) {
        try {
          return job.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (TimeoutException e) {
          return note(
              "writing the audit log " + file + " took longer than " + WRITE_WAIT_MS + " ms");
        } catch (ExecutionException e) {
          LOG.error("the audit writer failed", e.getCause());
          return note(
              "writing the audit log "
                  + file
                  + " failed unexpectedly; the server log has the details");
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String note(String why) {
    problem = why;
    return why;
  }

  private void writeLoop() {
    while (true) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        // Nothing of ours interrupts this thread; an interrupt is shutdown, if ever.
        break;
      }
      if (job.line() == Job.STOP) {
        job.done().complete(null);
        break;
      }
      job.done().complete(write(job.line()));
    }
    closeChannel();
  }

  /** On the writer thread: (re)opens when needed, then appends the whole line. Null, or why not. */
  private String write(byte[] line) {
    try {
      hooks.beforeWrite();
      ensureOpen();
      if (line != null) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      problem = null;
      return null;
    } catch (IOException | RuntimeException e) {
      closeChannel();
      String why =
          (line == null
                  ? "cannot write the audit log " + file + ": "
                  : "writing the audit log " + file + " failed: ")
              + describe(e);
      problem = why;
      LOG.error(
          "{}: tools that change the broker refuse to run (AUDIT_UNAVAILABLE) until it can be written",
          why);
      return why;
    }
  }

  /**
   * Opens the file if it is not open, or if the path no longer names the file that is (deleted,
   * rotated).
   */
  private void ensureOpen() throws IOException {
    if (channel != null) {
      BasicFileAttributes now = attributesOrNull();
      if (now != null && Objects.equals(now.fileKey(), fileKey) && now.isRegularFile()) {
        return;
      }
      LOG.warn(
          "the audit log {} was {}; reopening it",
          file,
          now == null ? "deleted" : "replaced (rotated)");
      closeChannel();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    BasicFileAttributes before = attributesOrNull();
    if (before != null && !before.isRegularFile()) {
      throw new Refused(
          before.isSymbolicLink()
              ? "it is a symbolic link, which is never followed"
              : "it is not a regular file",
          null);
    }
    FileChannel opened;
    try {
      opened =
          FileChannel.open(
              file,
              java.util.Set.of(
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND,
                  LinkOption.NOFOLLOW_LINKS),
              ownerOnly());
    } catch (FileSystemException e) {
      // O_NOFOLLOW on a symlink planted since the check above fails with ELOOP: say what it means.
      BasicFileAttributes now = attributesOrNull();
      if (now != null && now.isSymbolicLink()) {
        throw new Refused("it is a symbolic link, which is never followed", e);
      }
      throw e;
    }
    BasicFileAttributes after = attributesOrNull();
    if (after == null || !after.isRegularFile()) {
      opened.close();
      throw new Refused("it is not a regular file", null);
    }
    channel = opened;
    fileKey = after.fileKey();
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
    if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[0];
    }
    return new java.nio.file.attribute.FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  private BasicFileAttributes attributesOrNull() {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the file is being given up: nothing left to do
      }
      channel = null;
      fileKey = null;
    }
  }

  /** An I/O failure in words, without exception class names. */
  private static String describe(Exception e) {
    String reason =
        e instanceof FileSystemException fs && fs.getReason() != null
            ? fs.getReason()
            : e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
      reason = "a file is in the way of a directory";
    } else if (e instanceof java.nio.file.NoSuchFileException) {
      reason = "no such directory";
    }
    if (e instanceof Refused) {
      reason = e.getMessage();
    }
    return reason == null ? "unknown I/O error" : reason;
  }

  /** The API URL as lines show it: scheme, host, port and path, never userinfo or query. */
  static String safeTarget(String apiUrl) {
    if (apiUrl == null) {
      return null;
    }
    try {
      URI u = URI.create(apiUrl.trim());
      if (u.getScheme() == null || u.getHost() == null) {
        return null;
      }
      return u.getScheme()
          + "://"
          + (u.getHost().contains(":") && !u.getHost().startsWith("[")
              ? "[" + u.getHost() + "]"
              : u.getHost())
          + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + (u.getRawPath() == null ? "" : u.getRawPath());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  static Object redact(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(
                  k.toString(), SECRET_KEY.matcher(k.toString()).matches() ? "***" : redact(v)));
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

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    if (writer == null || closed) {
      return;
    }
    Job stop = new Job(Job.STOP, new CompletableFuture<>());
    boolean interrupted = false;
    try {
      if (queue.offer(stop, WRITE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        stop.done().get(WRITE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("closing the audit log: {}", e.getMessage());
    } finally {
      closed = true;
      problem = "closed";
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * JSON escapes for lines read by other tools: besides what JSON requires, U+2028 and U+2029
   * (JavaScript line terminators) and U+0085 (NEXT LINE, a line break to many readers) are written
   * as {@code \\uXXXX}, so no argument value can break a line in two for any reader.
   */
  private static final class LineEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case 0x2028 -> new SerializedString("\\u2028");
        case 0x2029 -> new SerializedString("\\u2029");
        case 0x85 -> new SerializedString("\\u0085");
        default -> null;
      };
    }
  }
}
