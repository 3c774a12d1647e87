package io.expaudit.report;

import io.expaudit.model.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A flag's health in one word and one paragraph, for people who will not read findings/: broken
 * (an ERROR finding: results cannot be trusted as they are), warning (WARN findings, or nothing
 * could be verified) or OK.
 *
 * @param reasons plain sentences, the most severe and most frequent first
 */
public record FlagStatus(Level level, List<String> reasons) {

  public FlagStatus {
    reasons = List.copyOf(reasons);
  }

  /** The three states, most severe first. */
  public enum Level {
    BROKEN("Broken"),
    WARNING("Warning"),
    OK("OK");

    private final String label;

    Level(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String cssClass() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One reason: what it says, how severe and how many users, for ordering. */
  private record Reason(int rank, long count, String text) {}

  public static FlagStatus of(ReportModel.FlagReport flag) {
    FlagSummary s = flag.summary();
    List<Reason> reasons = new ArrayList<>();
    int worst = 0;
    for (Map.Entry<String, Map<String, Long>> check : s.findings.entrySet()) {
      for (Map.Entry<String, Long> cause : check.getValue().entrySet()) {
        String severity = s.severities.getOrDefault(check.getKey(), Map.of())
            .getOrDefault(cause.getKey(), "ERROR");
        int rank = FlagSummary.rank(severity);
        worst = Math.max(worst, rank);
        if (rank >= 2) {
          String c = cause.getKey().equals("(none)") ? null : cause.getKey();
          reasons.add(new Reason(rank, cause.getValue(),
              capitalize(Advice.of(check.getKey(), c).what(cause.getValue())) + "."));
        }
      }
    }
    for (Finding f : flag.flagFindings()) {
      int rank = FlagSummary.rank(f.severity().name());
      worst = Math.max(worst, rank);
      if (rank >= 2) {
        String text = capitalize(Advice.of(f.check(), f.cause()).what(1));
        reasons.add(new Reason(rank, 0, text + (f.pValue() == null ? "" : String.format(Locale.ROOT,
            " (p = %s)", Format.pValue(f.pValue()))) + "."));
      }
    }
    reasons.sort(Comparator.comparingInt(Reason::rank).reversed()
        .thenComparing(Comparator.comparingLong(Reason::count).reversed()));
    Set<String> texts = new LinkedHashSet<>();
    reasons.forEach(r -> texts.add(r.text()));
    if (worst >= 3) {
      return new FlagStatus(Level.BROKEN, List.copyOf(texts));
    }
    if (s.units > 0 && s.verifiedUnits == 0) {
      texts.add("No assignment or exposure event of this flag carries a variant, so no user's"
          + " variant could be checked.");
    }
    if (!texts.isEmpty()) {
      return new FlagStatus(Level.WARNING, List.copyOf(texts));
    }
    return new FlagStatus(Level.OK, List.of(okReason(s)));
  }

  private static String okReason(FlagSummary s) {
    if (s.units == 0) {
      return "No user of this flag in the events.";
    }
    StringBuilder text = new StringBuilder();
    text.append(s.verifiedUnits == s.units ? "All " + Format.count(s.verifiedUnits) + " users"
        : Format.count(s.verifiedUnits) + " of " + Format.count(s.units) + " users could be checked; all of them")
        .append(" were logged in the variant the configuration gives them, and none switched"
            + " variant or lost the experiment property.");
    if (s.unverifiableUnits > 0) {
      text.append(' ').append(Format.count(s.unverifiableUnits))
          .append(" depend on cohort membership and were not checked (pass --cohorts).");
    }
    return text.toString();
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
