package io.emqx.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * stderr with credentials taken out of every line: the configured secrets wherever they appear, and
 * the value of any {@code Authorization}, {@code Proxy-Authorization} or {@code Cookie} header and
 * any {@code Bearer}/{@code Basic} credential. Our own code never logs a secret; this is for text
 * we did not write (a library at debug level printing the request it parsed). slf4j-simple writes
 * to whatever {@code System.err} is when it logs, so installing this covers every logger.
 */
final class LogRedaction extends OutputStream {

  static final String REDACTED = "<redacted>";
  private static final Pattern CREDENTIALS =
      Pattern.compile(
          "(?i)((?:proxy-)?authorization\\s*[:=]\\s*|cookie\\s*[:=]\\s*|\\b(?:bearer|basic)\\s+)"
              + "(?:(?:bearer|basic)\\s+)?[^\\s,;)\\]}\"']+");
  private static final int MAX_LINE = 64 * 1024;

  private final OutputStream out;
  private final List<String> secrets;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private LogRedaction(OutputStream out, Collection<String> secrets) {
    this.out = out;
    List<String> known = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        known.add(s);
      }
    }
    known.sort(
        Comparator.comparingInt(String::length)
            .reversed()); // a secret inside another: longest first
    this.secrets = List.copyOf(known);
  }

  /**
   * Replaces {@code System.err} (and {@code System.out}, which Main points at it) with a redacting
   * one.
   */
  static void install(Collection<String> secrets) {
    PrintStream redacted =
        new PrintStream(new LogRedaction(System.err, secrets), true, StandardCharsets.UTF_8);
    boolean outWasErr = System.out == System.err;
    System.setErr(redacted);
    if (outWasErr) {
      System.setOut(redacted);
    }
  }

  /** {@code text} with the secrets and credential values replaced. */
  String redact(String text) {
    String r = text;
    for (String secret : secrets) {
      r = r.replace(secret, REDACTED);
    }
    Matcher m = CREDENTIALS.matcher(r);
    return m.find() ? m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)) + REDACTED) : r;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n' || line.size() >= MAX_LINE) {
      flushLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i + 1 - start);
        flushLine();
        start = i + 1;
      }
    }
    line.write(b, start, off + len - start);
    if (line.size() >= MAX_LINE) {
      flushLine();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    // A partial line waits for its end: a secret cut in two would pass both halves unredacted.
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flushLine();
    out.close();
  }

  private void flushLine() throws IOException {
    if (line.size() > 0) {
      out.write(redact(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      line.reset();
    }
    out.flush();
  }
}
