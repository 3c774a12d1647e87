package io.expaudit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Semantics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The shared world is the committed sample: {@code --users 300 --seed 7}. */
  private static final int USERS = 300;
  private static final long SEED = 7;

  @TempDir static Path shared;
  private static Path world;
  private static WorldGenerator.Summary summary;
  private static List<JsonNode> truth;

  @TempDir Path dir;

  @BeforeAll
  static void generateOnce() throws IOException {
    world = shared.resolve("world");
    summary = WorldGenerator.generate(world, USERS, SEED);
    truth = new ArrayList<>();
    for (String line : Files.readAllLines(world.resolve("ground-truth.jsonl"), StandardCharsets.UTF_8)) {
      truth.add(JSON.readTree(line));
    }
  }

  @Test
  void writesSnapshotsHourlyExportsAndGroundTruth() throws IOException {
    List<String> snapshots;
    try (Stream<Path> files = Files.list(world.resolve("flags"))) {
      snapshots = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(snapshots).containsExactly(
        "flags-2026-11-16T00-00-00Z.json", "flags-2026-11-18T09-00-00Z.json",
        "flags-2026-11-19T14-00-00Z.json", "flags-2026-11-21T00-00-00Z.json");
    assertThat(Files.readString(world.resolve("flags/flags-2026-11-16T00-00-00Z.json"))).startsWith("[");
    assertThat(JSON.readTree(world.resolve("flags/flags-2026-11-21T00-00-00Z.json").toFile())
        .path("captured_at").asText()).isEqualTo("2026-11-21T00:00:00Z");
    for (int d = 16; d <= 22; d++) {
      int day = d;
      try (Stream<Path> hours = Files.list(world.resolve("events/2026-11-" + day))) {
        assertThat(hours.map(p -> p.getFileName().toString()).toList())
            .isNotEmpty()
            .allMatch(name -> name.matches("100_2026-11-" + day + "_([0-9]|1[0-9]|2[0-3])#0\\.json\\.gz"));
      }
    }
    assertThat(summary.users()).isEqualTo(USERS);
    assertThat(summary.events()).isBetween(USERS * 8L, USERS * 12L);
    assertThat(truth.get(truth.size() - 1).has("malformed_lines")).isTrue();
  }

  @Test
  void flagsCarryTheMetadataAndRangesAmplitudeServes() {
    List<FlagConfig> flags = FlagConfigParser.parse(
        readString(world.resolve("flags/flags-2026-11-16T00-00-00Z.json")), "snapshot");
    Map<String, FlagConfig> byKey = new LinkedHashMap<>();
    flags.forEach(f -> byKey.put(f.key(), f));
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(SampleFlags.ALL_FLAGS);
    for (FlagConfig flag : flags) {
      assertThat(flag.metadata()).containsKeys("deployed", "evaluationMode", "flagType", "flagVersion");
      assertThat(flag.variants().get("off").isDefault()).isTrue();
      if ("experiment".equals(flag.metadata().get("flagType"))) {
        assertThat(flag.metadata()).containsKey("experimentKey");
      }
    }
    assertThat(byKey.get(SampleFlags.HOLDOUT).deployed()).isFalse();
    // spec §3.2: 50/50 is served as [0, 21474837) and [21474836, 42949673)
    var distributions = byKey.get(SampleFlags.CHECKOUT).segments().get(1).bucket().allocations().get(0)
        .distributions();
    assertThat(distributions.get(0).start()).isZero();
    assertThat(distributions.get(0).end()).isEqualTo(21474837);
    assertThat(distributions.get(1).start()).isEqualTo(21474836);
    assertThat(distributions.get(1).end()).isEqualTo(42949673);
  }

  @Test
  void groundTruthEqualsAnIndependentReadingOfTheDefinitions() throws IOException {
    ReferenceAudit.Result reference = ReferenceAudit.run(world);
    Set<ReferenceAudit.Finding> expected = new HashSet<>();
    for (JsonNode line : truth) {
      if (line.has("check")) {
        expected.add(new ReferenceAudit.Finding(line.get("check").asText(), line.get("cause").asText(),
            line.get("flag_key").asText(), line.get("unit_id").asText()));
      }
    }
    Set<ReferenceAudit.Finding> missing = new HashSet<>(expected);
    missing.removeAll(reference.findings());
    Set<ReferenceAudit.Finding> extra = new HashSet<>(reference.findings());
    extra.removeAll(expected);
    assertThat(missing).as("in the ground truth, not found by the reference audit").isEmpty();
    assertThat(extra).as("found by the reference audit, not in the ground truth").isEmpty();
    JsonNode counts = truth.get(truth.size() - 1);
    assertThat(reference.malformed()).isEqualTo(counts.get("malformed_lines").asLong());
    assertThat(reference.duplicates()).isEqualTo(counts.get("duplicates").asLong());
    assertThat(reference.rowsRead())
        .isEqualTo(summary.events() + summary.duplicates() + summary.malformedLines());
  }

  @Test
  void groundTruthCoversEveryCheckAndCauseAndNamesCleanFlags() {
    Map<String, Integer> counts = new TreeMap<>();
    Set<String> clean = new HashSet<>();
    for (JsonNode line : truth) {
      if (line.has("check")) {
        counts.merge(line.get("check").asText() + "/" + line.get("cause").asText(), 1, Integer::sum);
        assertThat(line.get("unit_id").asText()).matches("\\d+");
      } else if (line.path("clean").asBoolean()) {
        clean.add(line.get("flag_key").asText());
      }
    }
    int perFault = (int) Math.round(USERS * WorldGenerator.FAULT_SHARE);
    for (Fault fault : Fault.values()) {
      assertThat(counts.getOrDefault(fault.check() + "/" + fault.cause(), 0))
          .as(fault.name()).isGreaterThanOrEqualTo(perFault);
    }
    assertThat(counts).isEqualTo(summary.findings());
    assertThat(clean).contains(SampleFlags.SHIPPING, SampleFlags.NEW_NAV, SampleFlags.HOLDOUT);
    for (JsonNode line : truth) {
      if (line.has("check")) {
        assertThat(clean).doesNotContain(line.get("flag_key").asText());
      }
    }
  }

  @Test
  void cleanFlagAssignmentsAgreeWithTheEngine() throws IOException {
    FlagEvaluator engine = FlagEvaluator.compile(
        FlagConfigParser.parse(readString(world.resolve("flags/flags-2026-11-16T00-00-00Z.json")),
            "snapshot"),
        Semantics.KOTLIN);
    int checked = 0;
    List<JsonNode> events = new ArrayList<>();
    try (Stream<Path> hours = Files.list(world.resolve("events/2026-11-16"))) {
      for (Path hour : hours.sorted().toList()) {
        events.addAll(lines(hour));
      }
    }
    for (JsonNode event : events) {
      if (event == null || !"[Experiment] Assignment".equals(event.path("event_type").asText())) {
        continue;
      }
      JsonNode properties = event.get("event_properties");
      String logged = properties.has("shipping-estimate.variant")
          ? properties.get("shipping-estimate.variant").asText()
          : properties.get("[Experiment] shipping-estimate.variant").asText();
      FlagResult result = engine.evaluate(ReferenceAudit.context(event)).results().get(SampleFlags.SHIPPING);
      assertThat(logged).isEqualTo(result.variantKey());
      String details = properties.has("shipping-estimate.details")
          ? properties.get("shipping-estimate.details").asText()
          : properties.get("[Experiment] shipping-estimate.details").asText();
      assertThat(details).isEqualTo("v1 rule:" + result.segmentName());
      if (!result.isDefault()) {
        assertThat(event.path("user_properties").path("[Experiment] shipping-estimate").asText())
            .isEqualTo(logged);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void sameSeedWritesTheSameBytesWhateverTheThreads() throws IOException {
    Path again = dir.resolve("again");
    WorldGenerator.generate(again, USERS, SEED, WorldGenerator.DEFAULT_EVENTS_PER_USER, 2);
    Map<String, byte[]> first = contents(world);
    Map<String, byte[]> second = contents(again);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    for (String file : first.keySet()) {
      assertThat(second.get(file)).as(file).isEqualTo(first.get(file));
    }
    Path other = dir.resolve("other");
    WorldGenerator.generate(other, 50, 8);
    assertThat(contents(other).get("ground-truth.jsonl")).isNotEqualTo(first.get("ground-truth.jsonl"));
  }

  @Test
  void eventsScaleWithEventsPerUser() throws IOException {
    WorldGenerator.Summary dense = WorldGenerator.generate(dir.resolve("dense"), 100, 1, 30);
    assertThat(dense.events()).isBetween(100 * 24L, 100 * 36L);
  }

  @Test
  void refusesANonEmptyDirectoryAndLeavesNothingBehind() throws IOException {
    Path out = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(out.resolve("keep.txt"), "x");
    assertThatThrownBy(() -> WorldGenerator.generate(out, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an empty directory");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("busy");
    }
    Path empty = Files.createDirectories(dir.resolve("empty"));
    WorldGenerator.generate(empty, 10, 1);
    assertThat(empty.resolve("ground-truth.jsonl")).isRegularFile();
  }

  @Test
  void committedSampleWorldIsWhatGenerateSampleWrites() throws IOException {
    Map<String, byte[]> expected = contents(world);
    Map<String, byte[]> actual = contents(Path.of("sample-data/world"));
    String hint = "sample-data/world is stale: regenerate it with"
        + " `expaudit generate-sample --out sample-data/world --users 300 --seed 7`";
    assertThat(actual.keySet()).as(hint).isEqualTo(expected.keySet());
    for (String file : expected.keySet()) {
      // compare what the files say, not how this JDK's zlib compressed them
      assertThat(inflated(file, actual.get(file))).as(hint + " (" + file + ")")
          .isEqualTo(inflated(file, expected.get(file)));
    }
  }

  private static byte[] inflated(String name, byte[] bytes) throws IOException {
    if (!name.endsWith(".gz")) {
      return bytes;
    }
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The lines of a gzip JSON-lines file, null for lines that are not valid JSON. */
  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          nodes.add(JSON.readTree(line));
        } catch (IOException e) {
          nodes.add(null);
        }
      }
    }
    return nodes;
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return contents;
  }
}
