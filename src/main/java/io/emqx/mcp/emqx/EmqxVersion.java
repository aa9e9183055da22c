package io.emqx.mcp.emqx;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EMQX release number, comparable: {@code 5.8.9}, {@code 6.3.0-beta.2}. Only major, minor and
 * patch count; a pre-release or build suffix is kept in the text EMQX sent but compares as its
 * release (a 6.3 beta serves the 6.3 API). EMQX writes the version without its edition prefix in
 * {@code GET /nodes} ({@code emqx_mgmt:node_info/0} takes {@code emqx_sys:info()}'s version,
 * apps/emqx_management/src/emqx_mgmt.erl at v5.8.9 and release-63); a leading {@code v} or {@code
 * e} (the tag prefix) is accepted too.
 */
public record EmqxVersion(int major, int minor, int patch) implements Comparable<EmqxVersion> {

  private static final Pattern FORM =
      Pattern.compile("[ve]?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?.*");

  public EmqxVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("negative version part");
    }
  }

  /**
   * Reads {@code 5.8}, {@code 5.8.9}, {@code 6.3.0-beta.2}, {@code e5.8.11}.
   *
   * @throws IllegalArgumentException when the text does not start with major.minor
   */
  public static EmqxVersion parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not an EMQX version: " + text);
    }
    return new EmqxVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public boolean atLeast(EmqxVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(EmqxVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  /** {@code 5.6} for a minor release's first version, else {@code 5.8.1}: how requirements read. */
  @Override
  public String toString() {
    return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
  }
}
