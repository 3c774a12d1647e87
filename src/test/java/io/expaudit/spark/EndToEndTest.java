package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.cli.Main;
import io.expaudit.sample.WorldGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit against the ground truth of generated worlds: per check and cause, recall and
 * precision of at least 0.98, and no unit finding on a clean flag.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private record Key(String check, String cause, String flag, String unit) {}

  private void auditWorld(int users, long seed) throws IOException {
    Path world = dir.resolve("world-" + seed);
    WorldGenerator.generate(world, users, seed);
    Path out = dir.resolve("out-" + seed);
    StringWriter err = new StringWriter();
    int exit = Main.run(new String[] {"audit", "--flags", world.resolve("flags").toString(),
        "--events", world.resolve("events").toString(), "--out", out.toString(), "--format", "json"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(exit).as(err.toString()).isIn(0, 1);

    Set<Key> truth = new HashSet<>();
    Set<String> cleanFlags = new HashSet<>();
    long malformed = -1;
    long duplicates = -1;
    for (JsonNode t : OutputFiles.jsonLines(world.resolve("ground-truth.jsonl"))) {
      if (t.has("clean")) {
        cleanFlags.add(t.get("flag_key").asText());
      } else if (t.has("malformed_lines")) {
        malformed = t.get("malformed_lines").asLong();
        duplicates = t.get("duplicates").asLong();
      } else {
        truth.add(new Key(t.get("check").asText(), t.get("cause").asText(),
            t.get("flag_key").asText(), t.get("unit_id").asText()));
      }
    }
    Set<Key> found = new HashSet<>();
    for (JsonNode f : OutputFiles.jsonLines(out.resolve("findings"))) {
      if (f.hasNonNull("unit_id")) {
        found.add(new Key(f.get("check").asText(), f.path("cause").asText(null),
            f.get("flag_key").asText(), f.get("unit_id").asText()));
      }
    }
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/input/rows_quarantined").asLong()).isEqualTo(malformed);
    assertThat(summary.at("/input/duplicates_dropped").asLong()).isEqualTo(duplicates);

    Map<String, long[]> byCause = new TreeMap<>(); // truePositives, truth, found
    for (Key k : truth) {
      long[] c = byCause.computeIfAbsent(k.check() + "/" + k.cause(), x -> new long[3]);
      c[1]++;
      if (found.contains(k)) {
        c[0]++;
      }
    }
    for (Key k : found) {
      byCause.computeIfAbsent(k.check() + "/" + k.cause(), x -> new long[3])[2]++;
    }
    List<String> failures = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    byCause.forEach((cause, c) -> {
      double recall = c[1] == 0 ? 1 : (double) c[0] / c[1];
      double precision = c[2] == 0 ? 1 : (double) c[0] / c[2];
      table.append(String.format(Locale.ROOT, "%-50s truth %5d found %5d recall %.3f precision %.3f%n",
          cause, c[1], c[2], recall, precision));
      if (recall < 0.98 || precision < 0.98) {
        failures.add(cause);
      }
    });
    System.out.print("seed " + seed + ", " + users + " users\n" + table);
    assertThat(failures).as(table.toString()).isEmpty();
    assertThat(truth).as("the world injects faults").hasSizeGreaterThan(50);
    assertThat(cleanFlags).isNotEmpty();
    assertThat(found).as("no unit finding on a clean flag")
        .noneMatch(k -> cleanFlags.contains(k.flag()));
  }

  @Test
  void recallAndPrecisionPerCheckAndCauseOnTwoWorlds() throws IOException {
    auditWorld(2000, 7);
    auditWorld(1500, 20261125);
  }
}
