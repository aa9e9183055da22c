package io.emqx.mcp.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One thing a diagnosis found: how bad it is, what it is, the figures that show it, and what an
 * operator (or the agent, with another tool) should do next.
 */
public record Finding(Severity severity, String title, String evidence, String nextStep) {

  /** How much a finding matters; the verdict follows the worst one. */
  public enum Severity {
    /** Breaks something now: a stopped node, dropped messages, a client that cannot receive. */
    CRITICAL,
    /** Works, but is at risk or partly broken. */
    WARNING,
    /** Worth knowing; changes no verdict. */
    INFO;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Finding critical(String title, String evidence, String nextStep) {
    return new Finding(Severity.CRITICAL, title, evidence, nextStep);
  }

  static Finding warning(String title, String evidence, String nextStep) {
    return new Finding(Severity.WARNING, title, evidence, nextStep);
  }

  static Finding info(String title, String evidence, String nextStep) {
    return new Finding(Severity.INFO, title, evidence, nextStep);
  }

  /** Worst first; findings of equal severity keep the order they were found in. */
  static List<Finding> ordered(List<Finding> findings) {
    return findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
  }

  static boolean any(List<Finding> findings, Severity severity) {
    return findings.stream().anyMatch(f -> f.severity() == severity);
  }

  /** The titles of the critical and warning findings, for a one-line summary. */
  static String headline(List<Finding> findings) {
    return String.join(
        "; ",
        findings.stream().filter(f -> f.severity() != Severity.INFO).map(Finding::title).toList());
  }
}
