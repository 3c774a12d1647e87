package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.DependencyCycleException;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import io.expaudit.model.Severity;
import org.junit.jupiter.api.Test;

class DependencyCycleLintTest {
  private static final DependencyCycleLint LINT = new DependencyCycleLint();

  private static String flag(String key, String... dependencies) {
    return "{\"key\": \"" + key + "\", \"metadata\": {\"flagVersion\": 2}, \"dependencies\": ["
        + (dependencies.length == 0 ? "" : "\"" + String.join("\", \"", dependencies) + "\"")
        + "], \"variants\": {\"on\": {\"key\": \"on\"}}, \"segments\": [{\"variant\": \"on\"}]}";
  }

  @Test
  void aLoopOfDependenciesIsReportedOnEveryFlagOnIt() {
    String[] flags = {flag("a", "b"), flag("b", "c"), flag("c", "a"), flag("d", "a")};
    assertThat(run(LINT, payload(flags))).satisfiesExactly(
        f -> {
          assertThat(f.flagKey()).isEqualTo("a");
          assertThat(f.severity()).isEqualTo(Severity.ERROR);
          assertThat(f.cause()).isEqualTo("CYCLE");
          assertThat(f.message()).isEqualTo(
              "Dependencies loop: a → b → c → a; the SDKs cannot order these flags.");
        },
        f -> assertThat(f.flagKey()).isEqualTo("b"),
        f -> assertThat(f.flagKey()).isEqualTo("c"));
    // the engine refuses the same payload, as Amplitude's SDKs do (spec §4.1)
    assertThatThrownBy(() -> FlagEvaluator.compile(
        FlagConfigParser.parse("[" + String.join(",", flags) + "]", "t"), Semantics.KOTLIN))
        .isInstanceOf(DependencyCycleException.class);
  }

  @Test
  void aFlagDependingOnItselfIsALoop() {
    assertThat(run(LINT, payload(flag("a", "a")))).extracting(LintFinding::cause).containsExactly("SELF");
  }

  @Test
  void aChainAndADependencyMissingFromThePayloadAreNoLoop() {
    assertThat(run(LINT, payload(flag("a", "b", "gone"), flag("b", "c"), flag("c")))).isEmpty();
  }
}
