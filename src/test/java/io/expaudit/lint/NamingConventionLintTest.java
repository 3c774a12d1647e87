package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.segment;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NamingConventionLintTest {
  private static final NamingConventionLint LINT = new NamingConventionLint();

  private static List<LintFinding> lint(LintSettings settings, String key, String... variants) {
    return LINT.lint(payload(flag(key, "experiment", 1, List.of(variants),
        segment("All Other Users", null, null, "off"))), settings);
  }

  @Test
  void theSeedArticlesOwnExamplesFollowTheDefaultConventions() {
    assertThat(lint(LintSettings.defaults(), "ios_2855_mlmodels", "control_model_v3_20251120",
        "variant_model_studio_20251120", "variant_model_studiohd_20251120",
        "control_onboarding_20251102", "variant_onboarding_v3_20251102")).isEmpty();
  }

  @Test
  void aKeyWithoutPlatformAndTicketAndUndatedVariantsAreReported() {
    List<LintFinding> findings =
        lint(LintSettings.defaults(), "checkout-redesign", "control", "variant_onboarding_20251332");
    assertThat(findings).extracting(LintFinding::cause).containsExactly("FLAG_KEY", "VARIANT_KEY");
    assertThat(findings).extracting(LintFinding::severity).containsOnly(Severity.INFO);
    assertThat(findings).extracting(LintFinding::message).containsExactly(
        "Flag key 'checkout-redesign' does not follow {platform}_{ticket}_{object}.",
        "Variant keys 'control', 'variant_onboarding_20251332' do not follow"
            + " {variant_type}_{description}_{version}_{yyyymmdd}.");
  }

  @Test
  void theDefaultVariantAndGroupFlagsAreNamedByAmplitudeAndNotJudged() {
    String holdout = flag("holdout-q4", "holdout-group", 1, List.of("holdout", "on"),
        segment("All Other Users", null, null, "on"));
    assertThat(LINT.lint(payload(holdout), LintSettings.defaults())).isEmpty();
  }

  @Test
  void configuredPatternsReplaceTheDefaults() {
    LintSettings web = LintSettings.defaults().withNamingPatterns("web-[a-z-]+", "control|treatment");
    assertThat(lint(web, "web-checkout", "control", "treatment")).isEmpty();
    assertThat(lint(web, "checkout", "control")).extracting(LintFinding::message)
        .containsExactly("Flag key 'checkout' does not follow /web-[a-z-]+/.");
  }

  @Test
  @Timeout(60) // a guard against a hang, not a speed target: the budget must stop the match
  void aPatternThatBacktracksCatastrophicallyGivesUpOnTheKeyInsteadOfHanging() {
    // Java memoizes (a+)+b; a counted group of .* still explores C(40, 12) ways to split the key
    LintSettings evil = LintSettings.defaults().withNamingPatterns("(.*a){12}x", "(.*a){12}y");
    List<LintFinding> findings = lint(evil, "a".repeat(40), "a".repeat(40));
    assertThat(findings).extracting(LintFinding::cause)
        .containsExactly("PATTERN_TOO_EXPENSIVE", "PATTERN_TOO_EXPENSIVE");
    assertThat(findings.get(0).message()).contains("gave up on '" + "a".repeat(40) + "' after 1000000 steps");
  }
}
