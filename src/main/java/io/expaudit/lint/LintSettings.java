package io.expaudit.lint;

import io.expaudit.model.Severity;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the config lints may be told, each with the {@code conf/} key meant to set it. Patterns are
 * Java regular expressions that must match a whole key; they are matched with a step budget
 * ({@link BoundedMatch}), so a pattern that backtracks catastrophically cannot hang a run.
 *
 * @param flagKeyPattern {@code lint.naming.flag_pattern}: flag keys of deployed flags must match it
 *     (default {@link #DEFAULT_FLAG_KEY_PATTERN}, the {@code {platform}_{ticket}_{object}}
 *     convention of the seed article, e.g. {@code ios_2855_mlmodels})
 * @param variantKeyPattern {@code lint.naming.variant_pattern}: variant keys other than the
 *     default ({@code off}) variant must match it (default {@link #DEFAULT_VARIANT_KEY_PATTERN},
 *     the article's {@code {variant_type}_{description}_{version}_{yyyymmdd}}, e.g. {@code
 *     variant_onboarding_v3_20251102}; the version part is optional, as in its {@code
 *     control_onboarding_20251102})
 * @param controlVariantPattern {@code lint.fallback.control_pattern}: what a control variant key
 *     looks like, for {@code FALLBACK_NOT_CONTROL} (default {@link #DEFAULT_CONTROL_PATTERN})
 * @param staleDays {@code lint.stale.days}: days without a new version after which a flag that
 *     serves one variant to everyone is {@code STALE_FLAG} (default 30)
 * @param weightTolerance {@code lint.weights.tolerance}: largest difference between two variants'
 *     shares of a segment's allocated units still counted as equal weights (default 0.001, i.e.
 *     0.1 percentage point; Amplitude's own rounding of ranges differs by about 1e-7)
 * @param severities {@code lint.severity.<ID>}: a severity that replaces a lint's default one
 *     (e.g. {@code lint.severity.NAMING_CONVENTION = WARN})
 * @param disabled {@code lint.disabled}: lint ids not to run (comma-separated in a conf file)
 */
public record LintSettings(
    String flagKeyPattern,
    String variantKeyPattern,
    String controlVariantPattern,
    int staleDays,
    double weightTolerance,
    Map<String, Severity> severities,
    Set<String> disabled) {

  /** {@code {platform}_{ticket}_{object}}: lower case, a ticket of optional letters then digits. */
  public static final String DEFAULT_FLAG_KEY_PATTERN =
      "[a-z][a-z0-9]*_(?:[a-z]+-?)?[0-9]+_[a-z0-9]+(?:[_-][a-z0-9]+)*";

  /** {@code {variant_type}_{description}_{version}_{yyyymmdd}}; the version is optional. */
  public static final String DEFAULT_VARIANT_KEY_PATTERN =
      "[a-z]+_[a-z0-9]+(?:_[a-z0-9]+)*_(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])";

  /** {@code control}, or a key that starts with it ({@code control_onboarding_20251102}). */
  public static final String DEFAULT_CONTROL_PATTERN = "(?i)control(?:[_-].*)?";

  public static final int DEFAULT_STALE_DAYS = 30;
  public static final double DEFAULT_WEIGHT_TOLERANCE = 0.001;

  /**
   * @throws IllegalArgumentException naming the conf key of a pattern that does not compile, or
   *     of a number out of range
   */
  public LintSettings {
    check(flagKeyPattern, "lint.naming.flag_pattern");
    check(variantKeyPattern, "lint.naming.variant_pattern");
    check(controlVariantPattern, "lint.fallback.control_pattern");
    if (staleDays < 1) {
      throw new IllegalArgumentException("lint.stale.days must be at least 1, got " + staleDays);
    }
    if (!(weightTolerance >= 0 && weightTolerance < 1)) {
      throw new IllegalArgumentException(
          "lint.weights.tolerance must be in [0, 1), got " + weightTolerance);
    }
    Map<String, Severity> upper = new TreeMap<>();
    severities.forEach((id, severity) -> upper.put(id.toUpperCase(Locale.ROOT), severity));
    severities = Map.copyOf(upper);
    Set<String> off = new TreeSet<>();
    disabled.forEach(id -> off.add(id.toUpperCase(Locale.ROOT)));
    disabled = Set.copyOf(off);
  }

  private static void check(String pattern, String key) {
    if (pattern == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          key + " is not a valid regular expression: " + e.getDescription(), e);
    }
  }

  /** The defaults listed above. */
  public static LintSettings defaults() {
    return new LintSettings(DEFAULT_FLAG_KEY_PATTERN, DEFAULT_VARIANT_KEY_PATTERN,
        DEFAULT_CONTROL_PATTERN, DEFAULT_STALE_DAYS, DEFAULT_WEIGHT_TOLERANCE, Map.of(), Set.of());
  }

  public LintSettings withStaleDays(int days) {
    return new LintSettings(flagKeyPattern, variantKeyPattern, controlVariantPattern, days,
        weightTolerance, severities, disabled);
  }

  public LintSettings withNamingPatterns(String flagKey, String variantKey) {
    return new LintSettings(flagKey, variantKey, controlVariantPattern, staleDays,
        weightTolerance, severities, disabled);
  }

  /** The severity of lint {@code id}: the configured one, else {@code standard}. */
  public Severity severityOf(String id, Severity standard) {
    return severities.getOrDefault(id, standard);
  }

  public boolean enabled(String id) {
    return !disabled.contains(id);
  }
}
