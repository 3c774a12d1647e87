package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code UNEQUAL_WEIGHTS} (INFO): a bucketed segment of a deployed flag splits its allocated units
 * between two or more variants (the default variant aside) in shares that differ by more than
 * {@link LintSettings#weightTolerance()}. Shares are exact, from the served ranges with the first
 * distribution winning (spec §3.2). Group flags (holdouts, mutual exclusion) are skipped: their
 * splits are uneven by design.
 */
public final class UnequalWeightsLint extends VersionLint {
  @Override
  public String id() {
    return "UNEQUAL_WEIGHTS";
  }

  @Override
  public Severity severity() {
    return Severity.INFO;
  }

  @Override
  public String explanation() {
    return "Equal weights give the cleanest comparison: the arms fill at the same speed, the test"
        + " reaches its power soonest and a sample-ratio mismatch is easy to see. Unequal weights"
        + " are sometimes meant (a cautious 90/10 start), but they slow the experiment to the"
        + " pace of the smallest arm, and a reweight while the test runs moves units between arms.";
  }

  @Override
  public String fixHint() {
    return "If the split is not meant, set equal weights before the experiment starts; if it is,"
        + " keep it fixed for the whole run and analyse with the configured split.";
  }

  @Override
  List<LintFinding> lintVersion(FlagVersion version, LintSettings settings) {
    FlagConfig flag = version.config();
    List<LintFinding> findings = new ArrayList<>();
    if (Segments.isGroupFlag(flag)) {
      return findings;
    }
    for (int i = 0; i < flag.segments().size(); i++) {
      if (flag.segments().get(i).bucket() == null) {
        continue;
      }
      Map<String, Long> arms = new LinkedHashMap<>();
      BucketSpace.of(flag, i).allocatedCounts().forEach((variant, count) -> {
        if (Segments.isRealVariant(flag, variant)) {
          arms.put(variant, count);
        }
      });
      if (arms.size() < 2) {
        continue;
      }
      long total = arms.values().stream().mapToLong(Long::longValue).sum();
      long max = arms.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long min = arms.values().stream().mapToLong(Long::longValue).min().orElse(0);
      if ((double) (max - min) / total > settings.weightTolerance()) {
        Map<String, Double> measures = new LinkedHashMap<>();
        arms.forEach((variant, count) -> measures.put(variant, (double) count / total));
        findings.add(finding(version, severity(), Segments.name(flag, i), "UNEQUAL",
            "Segment " + Segments.label(flag, i) + " splits its allocated units "
                + Shares.split(arms, total) + ".", measures));
      }
    }
    return findings;
  }
}
