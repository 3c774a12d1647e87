package io.expaudit.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.eval.Semantics;
import io.expaudit.eval.differential.RandomWorld;
import io.expaudit.model.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit lints every history it reads, so a lint must not fail on any config the engine
 * accepts: the fixtures' odd shapes (no metadata, unknown operators, dependency groups) and the
 * differential test's random worlds, which cover every operator, selector and segment shape.
 */
class LintRobustnessTest {

  @Test
  void lintsEveryFixturePayloadWithoutFailing() throws Exception {
    for (String name : List.of("sdk-ci-flags.json", "handmade.json")) {
      Path file = Path.of("src/test/resources/fixtures/amplitude", name);
      String json = Files.readString(file);
      String payload = json.trim().startsWith("[") ? json : extractFlags(json);
      FlagHistory history = FlagHistory.of(List.of(Snapshot.parse(
          "{\"captured_at\": \"2026-11-16T00:00:00Z\", \"flags\": " + payload + "}", name)));
      List<Finding> findings = ConfigLinter.lint(history, LintSettings.defaults());
      assertThat(findings).as(name).allSatisfy(f -> assertThat(f.check()).isNotBlank());
    }
  }

  @Test
  void lintsRandomWorldsWithoutFailing() {
    int findings = 0;
    for (long seed = 1; seed <= 20; seed++) {
      RandomWorld world = RandomWorld.generate(seed, 40, 1, seed % 2 == 0 ? Semantics.KOTLIN : Semantics.JS);
      FlagHistory history = FlagHistory.of(List.of(Snapshot.parse(
          "{\"captured_at\": \"2026-11-16T00:00:00Z\", \"flags\": " + world.flagsJson() + "}", "seed-" + seed)));
      findings += ConfigLinter.lint(history, LintSettings.defaults()).size();
    }
    assertThat(findings).isPositive();
  }

  private static String extractFlags(String json) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("flags").toString();
  }
}
