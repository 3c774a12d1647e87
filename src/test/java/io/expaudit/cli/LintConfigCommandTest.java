package io.expaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintConfigCommandTest {
  private static final String WORLD = "sample-data/world/flags";

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of("lint-config", args);
  }

  @Test
  void theSampleWorldShowsItsReweightItsFallbackAndEachFlagsHistory() {
    CliRun run = run("--flags", WORLD);
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("7 flags in 4 snapshots, captured 2026-11-16T00:00:00Z to 2026-11-21T00:00:00Z\n"
        + "Findings: 0 ERROR, 2 WARN, 16 INFO\n");
    assertThat(run.out()).contains(
        "  v2  first captured 2026-11-16T00:00:00Z, last 2026-11-18T09:00:00Z, superseded by 2026-11-19T14:00:00Z\n"
            + "  v3  first captured 2026-11-19T14:00:00Z, last 2026-11-21T00:00:00Z\n"
            + "        segment 'All Other Users' (#1): weights control 50 % / tour 50 % → control 20 % / tour 80 %\n"
            + "  WARN  REWEIGHT_JUMP_FORECAST WEIGHTS v3: v2 → v3, segment 'All Other Users' (#1): 30 % of the"
            + " units it decides in both versions change expected variant (exact, from the bucket ranges):"
            + " control → tour 30 %.",
        "  WARN  FALLBACK_NOT_CONTROL NOT_CONTROL v6: The fallback segment 'All Other Users' (#3)",
        "REWEIGHT_JUMP_FORECAST (WARN by default)\n  Risk: ");
    assertThat(run("--flags", WORLD, "--fail-on", "warn").exit()).isEqualTo(1);
  }

  @Test
  void settingsTurnALintOffRaiseASeverityAndRejectUnknownIds() throws IOException {
    Path conf = Files.writeString(dir.resolve("lint.properties"),
        "lint.disabled = NAMING_CONVENTION\nlint.severity.UNEQUAL_WEIGHTS = ERROR\n");
    CliRun run = run("--flags", WORLD, "--conf", conf.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("ERROR UNEQUAL_WEIGHTS").doesNotContain("NAMING_CONVENTION FLAG_KEY");

    CliRun unknown = run("--flags", WORLD, "--set", "lint.disabled=NAMING");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("lint.disabled: no lint has the id 'NAMING'");
    CliRun badPattern = run("--flags", WORLD, "--set", "lint.naming.flag_pattern=([a-z]");
    assertThat(badPattern.exit()).isEqualTo(2);
    assertThat(badPattern.err()).contains("--set: lint.naming.flag_pattern = '([a-z]': not a valid regular expression");
  }

  @Test
  void jsonCarriesFindingsMeasuresAndHistoryForMachines() throws IOException {
    CliRun run = run("--flags", WORLD, "--format", "json");
    assertThat(run.exit()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.path("counts").path("WARN").asInt()).isEqualTo(2);
    assertThat(root.path("counts").path("INFO").asInt()).isEqualTo(16);
    JsonNode forecast = null;
    for (JsonNode f : root.path("findings")) {
      if (f.path("check").asText().equals("REWEIGHT_JUMP_FORECAST") && f.path("flag_key").asText().equals("onboarding-tour")) {
        forecast = f;
      }
    }
    assertThat(forecast).isNotNull();
    assertThat(forecast.path("flag_version").asLong()).isEqualTo(3);
    assertThat(forecast.path("measures").path("control → tour").asDouble()).isCloseTo(0.3, within(1e-7));
    assertThat(forecast.path("fix").asText()).startsWith("Do not reweight a running experiment");
    JsonNode history = null;
    for (JsonNode h : root.path("history")) {
      if (h.path("flag_key").asText().equals("pricing-page")) {
        history = h;
      }
    }
    assertThat(history.path("versions")).hasSize(2);
    assertThat(history.path("versions").get(1).path("changes").get(0).asText())
        .isEqualTo("segment 'EU' (#2): rollout 20 % → 40 %");
    assertThat(root.path("lints")).hasSize(9);
  }

  @Test
  void aPayloadWithoutCaptureTimeIsDatedByItsFileAndLinted() throws IOException {
    Path payload = dir.resolve("sdk-ci-flags.json");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/amplitude/sdk-ci-flags.json")) {
      Files.write(payload, in.readAllBytes());
    }
    CliRun run = run("--flags", payload.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("sdk-ci-flags.json has no capture time");
    assertThat(run.out()).contains("6 flags in 1 snapshot", "Findings: 0 ERROR, 0 WARN, 6 INFO");
  }

  @Test
  void aStarvingSegmentFailsTheGateWithExitOne() throws IOException {
    Path flags = dir.resolve("flags.json");
    Files.writeString(flags, """
        {"captured_at": "2026-11-20T00:00:00Z", "flags": [
         {"key": "ios_2855_mlmodels", "metadata": {"flagType": "experiment", "flagVersion": 4},
          "variants": {"control": {"key": "control"}, "off": {"key": "off", "metadata": {"default": true}}},
          "segments": [
           {"metadata": {"segmentName": "Old test"},
            "conditions": [[{"selector": ["context", "user", "platform"], "op": "is", "values": ["iOS"]}]],
            "bucket": {"selector": ["context", "user", "user_id"], "salt": "s",
                       "allocations": [{"range": [0, 0], "distributions": [{"variant": "control", "range": [0, 42949673]}]}]},
            "variant": "off"},
           {"metadata": {"segmentName": "All Other Users"}, "variant": "control"}]}]}
        """, StandardCharsets.UTF_8);
    CliRun run = run("--flags", flags.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("  ERROR SEGMENT_STARVATION ZERO_ROLLOUT v4: Segment 'Old test' (#1) has a 0 % rollout");
  }

  @Test
  void badInputAndBadOptionsExitTwoWithAMessage() throws IOException {
    Path broken = dir.resolve("flags-2026-11-20T00-00-00Z.json");
    Files.writeString(broken, "[{\"key\": \"f\",\n \"variants\": }]", StandardCharsets.UTF_8);
    CliRun run = run("--flags", broken.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("flags-2026-11-20T00-00-00Z.json:2: not valid JSON");
    assertThat(run.out()).isEmpty();
    assertThat(run("--flags", WORLD, "--format", "xml").exit()).isEqualTo(2);
    assertThat(run("--flags", dir.resolve("nothing").toString()).err()).contains("flags path does not exist");
  }
}
