package io.expaudit.lint;

import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * A lint that judges each captured version of each flag on its own. The same finding on
 * consecutive versions is merged by {@link ConfigLinter}.
 */
abstract class VersionLint implements ConfigLint {
  @Override
  public final List<LintFinding> lint(FlagHistory history, LintSettings settings) {
    List<LintFinding> findings = new ArrayList<>();
    for (String key : history.flagKeys()) {
      for (FlagVersion version : history.versions(key)) {
        findings.addAll(lintVersion(version, settings));
      }
    }
    return findings;
  }

  abstract List<LintFinding> lintVersion(FlagVersion version, LintSettings settings);
}
