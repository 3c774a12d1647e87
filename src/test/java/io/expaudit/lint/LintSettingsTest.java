package io.expaudit.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.Settings;
import io.expaudit.model.Severity;
import org.junit.jupiter.api.Test;

class LintSettingsTest {

  @Test
  void theDocumentedDefaultsAreTheLintDefaults() {
    assertThat(LintSettings.from(Settings.defaults())).isEqualTo(LintSettings.defaults());
  }

  @Test
  void settingsReachTheLints() {
    LintSettings s = LintSettings.from(Settings.defaults().with("lint.stale.days=7")
        .with("lint.severity.salt_reuse=WARN").with("lint.disabled=STALE_FLAG, NAMING_CONVENTION"));
    assertThat(s.staleDays()).isEqualTo(7);
    assertThat(s.severityOf("SALT_REUSE", Severity.ERROR)).isEqualTo(Severity.WARN);
    assertThat(s.enabled("STALE_FLAG")).isFalse();
    assertThat(s.enabled("NAMING_CONVENTION")).isFalse();
    assertThat(s.enabled("SALT_REUSE")).isTrue();
  }
}
