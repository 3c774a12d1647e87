package io.expaudit.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.expaudit.config.ConfigException;
import io.expaudit.stats.FlagVersionCounts;
import io.expaudit.stats.FunnelCell;
import io.expaudit.stats.Look;
import io.expaudit.stats.SequentialState;
import io.expaudit.stats.SequentialStates;
import io.expaudit.stats.SrmAnalysis;
import io.expaudit.stats.SrmReport;
import io.expaudit.stats.SrmSettings;
import io.expaudit.stats.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequential state folder on the local Hadoop filesystem (no Spark needed). */
class SrmStateStoreTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  private static SequentialStates sample() {
    SequentialState checkout = SequentialState.empty("checkout", 3)
        .record(Stage.ASSIGNED, new Look("2026-11-15", 10_100, 0.125))
        .record(Stage.ASSIGNED, new Look("2026-11-16", 20_400, -1.0 / 3))
        .record(Stage.EXPOSED, new Look("2026-11-16", 9_000, 7.5e-17));
    SequentialState search = SequentialState.empty("search ü/\"x\"", 1)
        .record(Stage.RECOMPUTED, new Look("2026-11-16", 3_000_000_000L, 12.75));
    return SequentialStates.of(10_000, List.of(checkout, search));
  }

  @Test
  void aFolderThatDoesNotExistYetHoldsNoState() throws Exception {
    assertThat(SrmStateStore.read(dir.resolve("missing").toString(), conf))
        .isEqualTo(SequentialStates.empty());
  }

  @Test
  void whatIsWrittenIsReadBackExactly() throws Exception {
    String folder = dir.resolve("state").toString();
    SrmStateStore.write(folder, sample(), conf);
    assertThat(SrmStateStore.read(folder, conf)).isEqualTo(sample());
    assertThat(names(dir.resolve("state"))).containsExactly("srm-sequential-0000000001.json");
    assertThat(Files.readString(dir.resolve("state/srm-sequential-0000000001.json"), UTF_8))
        .contains("\"format\" : \"expaudit-srm-sequential/1\"", "\"prior_concentration\" : 10000.0",
            "\"flag_key\" : \"checkout\"", "\"log_bayes_factor\" : -0.3333333333333333");
  }

  @Test
  void eachWriteIsANewGenerationAndTheLastThreeAreKept() throws Exception {
    String folder = dir.resolve("state").toString();
    SequentialStates states = SequentialStates.empty();
    for (int night = 1; night <= 5; night++) {
      SrmReport report = SrmAnalysis.analyse(List.of(new FlagVersionCounts("f", 1,
              Map.of("all", Map.of("a", 1.0, "b", 1.0)),
              List.of(new FunnelCell("all", "a", "a", null, null, 1_000L * night),
                  new FunnelCell("all", "b", "b", null, null, 1_010L * night)), List.of())),
          SrmSettings.DEFAULTS, SrmStateStore.read(folder, conf), "night-" + night);
      states = report.states();
      SrmStateStore.write(folder, states, conf);
    }
    assertThat(names(dir.resolve("state"))).containsExactly("srm-sequential-0000000003.json",
        "srm-sequential-0000000004.json", "srm-sequential-0000000005.json");
    SequentialStates read = SrmStateStore.read(folder, conf);
    assertThat(read).isEqualTo(states);
    assertThat(read.find("f", 1).orElseThrow().looks(Stage.ASSIGNED)).hasSize(5);
  }

  @Test
  void aWriteThatDiedBeforeItsRenameLeavesThePreviousStateInForce() throws Exception {
    Path state = dir.resolve("state");
    SrmStateStore.write(state.toString(), sample(), conf);
    // what a killed writer leaves: a hidden, half-written temporary file
    Files.writeString(state.resolve(".srm-sequential-dead.tmp"), "{\"format\": \"expaudit-srm", UTF_8);
    assertThat(SrmStateStore.read(state.toString(), conf)).isEqualTo(sample());
  }

  @Test
  void aDamagedStateFileStopsTheRunNamingTheFile() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path file = state.resolve("srm-sequential-0000000007.json");
    Files.writeString(file, "{\"format\": \"expaudit-srm-sequential/1\", \"states\": [", UTF_8);
    assertThatThrownBy(() -> SrmStateStore.read(state.toString(), conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("srm-sequential-0000000007.json: not valid JSON");
    Files.writeString(file, "{\"format\": \"expaudit-srm-sequential/1\", \"prior_concentration\": 1e4,"
        + " \"states\": [{\"flag_key\": \"f\", \"flag_version\": 1,"
        + " \"looks\": {\"assigned\": [{\"id\": \"n1\", \"units\": \"many\", \"log_bayes_factor\": 1}]}}]}",
        UTF_8);
    assertThatThrownBy(() -> SrmStateStore.read(state.toString(), conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("srm-sequential-0000000007.json: not an SRM state file:"
            + " states[0].assigned: 'units' must be a number");
    Files.writeString(file, "{\"format\": \"something else\"}", UTF_8);
    assertThatThrownBy(() -> SrmStateStore.read(state.toString(), conf))
        .hasMessageEndingWith("not an SRM state file: 'format' is not \"expaudit-srm-sequential/1\"");
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
