package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code NAMING_CONVENTION} (INFO): a deployed flag's key does not fully match {@link
 * LintSettings#flagKeyPattern()} ({@code FLAG_KEY}), or some of its variant keys other than the
 * default variant do not fully match {@link LintSettings#variantKeyPattern()} ({@code
 * VARIANT_KEY}, one finding listing them). Group flags are skipped: Amplitude names them. A key on
 * which a configured pattern exceeds its step budget gets {@code PATTERN_TOO_EXPENSIVE} instead of
 * hanging the run.
 */
public final class NamingConventionLint extends VersionLint {
  @Override
  public String id() {
    return "NAMING_CONVENTION";
  }

  @Override
  public Severity severity() {
    return Severity.INFO;
  }

  @Override
  public String explanation() {
    return "With hundreds of flags live, a key that says its platform, ticket and object, and"
        + " variant keys that say their type, purpose, version and date, are what make a user"
        + " property such as ios_2855_mlmodels = variant_model_studio_20251120 readable in an"
        + " analysis months later, and what tell apart the runs of a flag reused for a new test.";
  }

  @Override
  public String fixHint() {
    return "Rename new flags and variants to the convention ({platform}_{ticket}_{object} and"
        + " {variant_type}_{description}_{version}_{yyyymmdd} by default; patterns in conf/);"
        + " renaming a live variant changes the logged property, so wait for the next run.";
  }

  @Override
  List<LintFinding> lintVersion(FlagVersion version, LintSettings settings) {
    FlagConfig flag = version.config();
    if (Segments.isGroupFlag(flag)) {
      return List.of();
    }
    List<LintFinding> findings = new ArrayList<>();
    Pattern flagPattern = Pattern.compile(settings.flagKeyPattern());
    switch (BoundedMatch.fullMatch(flagPattern, flag.key())) {
      case NO_MATCH -> findings.add(finding(version, null, "FLAG_KEY",
          "Flag key '" + flag.key() + "' does not follow " + convention(settings.flagKeyPattern(),
              LintSettings.DEFAULT_FLAG_KEY_PATTERN, "{platform}_{ticket}_{object}") + "."));
      case TOO_EXPENSIVE -> findings.add(tooExpensive(version, settings.flagKeyPattern(), flag.key()));
      case MATCH -> { }
    }
    Pattern variantPattern = Pattern.compile(settings.variantKeyPattern());
    List<String> offending = new ArrayList<>();
    for (String key : flag.variants().keySet()) {
      if (Segments.isDefaultVariant(flag, key)) {
        continue;
      }
      switch (BoundedMatch.fullMatch(variantPattern, key)) {
        case NO_MATCH -> offending.add("'" + key + "'");
        case TOO_EXPENSIVE -> findings.add(tooExpensive(version, settings.variantKeyPattern(), key));
        case MATCH -> { }
      }
    }
    if (!offending.isEmpty()) {
      findings.add(finding(version, null, "VARIANT_KEY",
          (offending.size() == 1 ? "Variant key " : "Variant keys ") + String.join(", ", offending)
              + (offending.size() == 1 ? " does" : " do") + " not follow "
              + convention(settings.variantKeyPattern(), LintSettings.DEFAULT_VARIANT_KEY_PATTERN,
                  "{variant_type}_{description}_{version}_{yyyymmdd}") + "."));
    }
    return findings;
  }

  /** The default convention by its name, a configured pattern as itself. */
  private static String convention(String pattern, String defaultPattern, String defaultName) {
    return pattern.equals(defaultPattern) ? defaultName : "/" + pattern + "/";
  }

  private LintFinding tooExpensive(FlagVersion version, String pattern, String key) {
    return finding(version, null, "PATTERN_TOO_EXPENSIVE",
        "The pattern /" + pattern + "/ gave up on '" + key + "' after " + BoundedMatch.BUDGET
            + " steps (catastrophic backtracking): the key was not checked.");
  }
}
