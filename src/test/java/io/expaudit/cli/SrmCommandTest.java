package io.expaudit.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrmCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of("srm", args);
  }

  private Path looks(String text) throws Exception {
    Path file = dir.resolve("looks.csv");
    Files.writeString(file, text, UTF_8);
    return file;
  }

  @Test
  void theBriefsExampleInPlainWords() {
    CliRun run = run("--counts", "50000,51000", "--weights", "1,1");
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualToNormalizingNewlines("""
        SRM test: 2 variants, 101,000 units tested
        variant     weight       expected       observed     share       excess
        1                1       50,500.0         50,000   49.505%       -500.0
        2                1       50,500.0         51,000   50.495%       +500.0

        chi-square: X² = 9.90099, df = 1, p = 0.0016519 (not below α = 0.001)
        sequential: Bayes factor = 27.14, p = 0.0368 over 1 look (c = 10000; flags at Bayes factor >= 1000)
        verdict: no sample-ratio mismatch
        """);
  }

  @Test
  void jsonCarriesTheNumbersForMachines() throws Exception {
    CliRun run = run("--counts", "50000,51000", "--names", "control,treatment", "--json");
    assertThat(run.exit()).isZero();
    JsonNode node = JSON.readTree(run.out());
    assertThat(node.get("chi2").asDouble()).isBetween(9.900985, 9.900995);
    assertThat(node.get("df").asInt()).isEqualTo(1);
    assertThat(node.get("p_value").asDouble()).isBetween(0.00165185, 0.00165195);
    assertThat(node.get("sequential_p_value").asDouble()).isBetween(0.03675, 0.03685);
    assertThat(node.get("flagged").asBoolean()).isFalse();
    assertThat(node.get("verdict").asText()).isEqualTo("BALANCED");
    assertThat(node.at("/observed/treatment").asLong()).isEqualTo(51_000);
    assertThat(node.at("/expected/control").asDouble()).isEqualTo(50_500.0);
    assertThat(node.at("/settings/alpha").asDouble()).isEqualTo(0.001);
  }

  @Test
  void aMismatchExitsWithOne() {
    CliRun run = run("--counts", "600,400", "--names", "control,treatment");
    assertThat(run.exit()).isEqualTo(SrmCommand.EXIT_MISMATCH);
    assertThat(run.out()).contains("p = 2.5396e-10 (below α = 0.001)",
        "verdict: SAMPLE RATIO MISMATCH");
  }

  @Test
  void previousLooksMakeTheSequentialPValueARunningMinimum() throws Exception {
    // nights 1-9 of 5,000 / 5,100 a night, then night 10 on the command line (health-checks §1.7)
    StringBuilder nights = new StringBuilder("# control,treatment, cumulative\n");
    for (int night = 1; night <= 9; night++) {
      nights.append(5_000 * night).append(',').append(5_100 * night).append("\n\n");
    }
    CliRun run = run("--counts", "50000,51000", "--previous-looks", looks(nights.toString()).toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("p = 0.0368 over 10 looks");

    // an earlier look with strong evidence keeps the sequential test fired
    CliRun earlier = run("--counts", "600000,599000", "--previous-looks",
        looks("60000,58000\n").toString());
    assertThat(earlier.out()).contains("(not below α = 0.001)", "over 2 looks",
        "verdict: SAMPLE RATIO MISMATCH");
    assertThat(earlier.exit()).isEqualTo(SrmCommand.EXIT_MISMATCH);
  }

  @Test
  void aZeroWeightVariantIsReportedApart() {
    CliRun run = run("--counts", "500,3,520", "--weights", "1,0,1", "--names", "a,holdback,b");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("SRM test: 2 variants, 1,020 units tested",
        "not tested, weight 0: holdback (3 units)", "df = 1");
  }

  @Test
  void edgeCasesGetAVerdictNotAnError() {
    CliRun one = run("--counts", "100");
    assertThat(one.exit()).isZero();
    assertThat(one.out()).contains("chi-square: no test",
        "verdict: nothing to test (fewer than two variants with a positive weight)");
    CliRun none = run("--counts", "0,0");
    assertThat(none.exit()).isZero();
    assertThat(none.out()).contains("verdict: not enough units to judge (fewer than 8 per variant)");
    CliRun huge = run("--counts", "3000000000,3000100000", "--json");
    assertThat(huge.exit()).isZero();
    assertThat(huge.out()).contains("\"units\" : 6000100000");
  }

  @Test
  void theEffectFloorIsAnOption() {
    CliRun run = run("--counts", "50050000,49950000", "--min-effect", "0.001");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("(below α = 0.001)",
        "verdict: no sample-ratio mismatch (the deviation is below the effect floor)");
  }

  @Test
  void badInputExitsWithTwoAndOneClearLine() throws Exception {
    assertBad(run("--counts", "5e4,1"), "expaudit srm: --counts: '5e4' is not a whole number of units");
    assertBad(run("--counts", "5,-1"), "expaudit srm: --counts: '-1' is negative");
    assertBad(run("--counts", "5,1", "--weights", "1"),
        "expaudit srm: --weights has 1 values but --counts has 2");
    assertBad(run("--counts", "5,1", "--weights", "1,x"),
        "expaudit srm: --weights: 'x' is not a non-negative number");
    assertBad(run("--counts", "5,1", "--names", "a,a"),
        "expaudit srm: --names must be distinct and non-empty");
    assertBad(run("--counts", "5,1", "--alpha", "0"), "expaudit srm: --alpha must be in (0, 1): 0.0");
    Path missing = dir.resolve("missing.csv");
    assertBad(run("--counts", "5,1", "--previous-looks", missing.toString()),
        "expaudit srm: " + missing + ": no such file");
    Path file = looks("1,1\n2,2,2\n");
    assertBad(run("--counts", "5,5", "--previous-looks", file.toString()),
        "expaudit srm: " + file + ":2: 3 counts, but --counts has 2");
    file = looks("# header\n10,10\n12,9\n");
    assertBad(run("--counts", "15,15", "--previous-looks", file.toString()),
        "expaudit srm: " + file + ":3: counts must be cumulative, but variant 2 falls from 10"
            + " (line 2) to 9");
    file = looks("10,10\n");
    assertBad(run("--counts", "15,5", "--previous-looks", file.toString()),
        "expaudit srm: --counts: counts must be cumulative, but variant 2 falls from 10 (" + file
            + ":1) to 5");
    file = looks("10,ten\n");
    assertBad(run("--counts", "15,15", "--previous-looks", file.toString()),
        "expaudit srm: " + file + ":1: 'ten' is not a whole number of units");
  }

  private static void assertBad(CliRun run, String message) {
    assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines(message + "\n");
  }

  @Test
  void helpDocumentsThePreviousLooksFormat() {
    CliRun run = run("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--previous-looks=FILE", "one earlier look per line",
        "Exit status: 0 no mismatch, 1 mismatch");
  }
}
