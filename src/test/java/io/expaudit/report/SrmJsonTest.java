package io.expaudit.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.stats.FlagSrm;
import io.expaudit.stats.FlagVersionCounts;
import io.expaudit.stats.FunnelCell;
import io.expaudit.stats.SequentialStates;
import io.expaudit.stats.SliceCell;
import io.expaudit.stats.SrmAnalysis;
import io.expaudit.stats.SrmSettings;
import io.expaudit.stats.SrmTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code srm} object of summary.json, pinned by a golden file. To regenerate it after an
 * intended change: {@code mvn test -Dtest=SrmJsonTest -Dgolden.update=true}, then review the diff.
 */
class SrmJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String GOLDEN = "srm-three-platforms.json";

  /** health-checks §5.3, seen at the exposure stage of a flag with two config versions. */
  private static FlagSrm paywall() {
    long[][] platforms = {{20_000, 20_100}, {30_000, 27_000}, {50_000, 50_150}};
    String[] names = {"iOS", "Android", "Web"};
    List<FunnelCell> cells = new ArrayList<>();
    List<SliceCell> slices = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      // everyone is assigned as recomputed; the Android treatment units lost are lost at exposure
      long lost = names[i].equals("Android") ? 3_000 : 0;
      long recomputedTreatment = names[i].equals("Android") ? 30_000 : platforms[i][1];
      FunnelCell[] platform = {
          new FunnelCell("all", "control", "control", "control", "control", platforms[i][0]),
          new FunnelCell("all", "treatment", "treatment", "treatment", "treatment",
              recomputedTreatment - lost),
          new FunnelCell("all", "treatment", "treatment", null, null, lost)};
      for (FunnelCell cell : platform) {
        if (cell.units() > 0) {
          cells.add(cell);
          slices.add(new SliceCell("platform", names[i], cell));
        }
      }
    }
    Map<String, Map<String, Double>> halves = Map.of("all", Map.of("control", 1.0, "treatment", 1.0));
    FlagVersionCounts v7 = new FlagVersionCounts("paywall", 7, halves, cells, slices);
    FlagVersionCounts v6 = new FlagVersionCounts("paywall", 6, halves,
        List.of(new FunnelCell("all", "control", "control", null, null, 400),
            new FunnelCell("all", "treatment", "treatment", null, null, 410)), List.of());
    return SrmAnalysis.analyse(List.of(v6, v7), SrmSettings.DEFAULTS, SequentialStates.empty(),
        "2026-11-16").flags().get(0);
  }

  @Test
  void theSrmObjectOfAFlaggedFlagMatchesItsGoldenFile() throws Exception {
    ObjectNode actual = SrmJson.flag(paywall());
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(Path.of("src/test/resources/io/expaudit/report", GOLDEN),
          JSON.writeValueAsString(actual) + "\n", UTF_8);
    }
    JsonNode golden;
    try (InputStream in = SrmJsonTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      golden = JSON.readTree(in);
    }
    assertSameJson("", actual, golden);
  }

  /**
   * Same keys in the same order, same texts, and numbers equal to 12 significant digits (the last
   * bits of exp and log may differ between JVMs).
   */
  private static void assertSameJson(String path, JsonNode actual, JsonNode expected) {
    assertThat(actual.getNodeType()).as(path).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      List<String> actualKeys = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualKeys::add);
      List<String> expectedKeys = new ArrayList<>();
      expected.fieldNames().forEachRemaining(expectedKeys::add);
      assertThat(actualKeys).as(path).isEqualTo(expectedKeys);
      expectedKeys.forEach(k -> assertSameJson(path + "/" + k, actual.get(k), expected.get(k)));
    } else if (expected.isArray()) {
      assertThat(actual.size()).as(path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameJson(path + "/" + i, actual.get(i), expected.get(i));
      }
    } else if (expected.isNumber()) {
      assertThat(actual.asDouble()).as(path)
          .isCloseTo(expected.asDouble(), within(1e-12 * Math.abs(expected.asDouble())));
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }

  @Test
  void theDesignKeysComeFirstAndReadAsDesignSays() {
    ObjectNode srm = SrmJson.flag(paywall());
    List<String> keys = new ArrayList<>();
    srm.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, 6)).containsExactly("chi2", "df", "p_value", "sequential_p_value",
        "bayes_factor", "log_bayes_factor");
    assertThat(keys).contains("flagged", "verdict", "stage", "first_broken_stage", "cause", "funnel",
        "drill_down", "versions");
    assertThat(srm.get("flagged").asBoolean()).isTrue();
    assertThat(srm.get("flag_version").asLong()).isEqualTo(7);
    assertThat(srm.get("first_broken_stage").asText()).isEqualTo("exposed");
    assertThat(srm.get("cause").asText()).isEqualTo("CAPTURE_SIDE");
    assertThat(srm.at("/drill_down/slices/0/value").asText()).isEqualTo("Android");
    assertThat(srm.at("/drill_down/slices/0/excess_units").asDouble()).isEqualTo(1_500.0);
  }

  @Test
  void anUntestedPopulationHasNullNumbers() {
    ObjectNode node = SrmJson.test(SrmTest.test(List.of("on"), new long[] {10}, new double[] {1},
        List.of(), SrmSettings.DEFAULTS));
    assertThat(node.get("chi2").isNull()).isTrue();
    assertThat(node.get("df").isNull()).isTrue();
    assertThat(node.get("p_value").isNull()).isTrue();
    assertThat(node.get("sequential_p_value").asDouble()).isEqualTo(1.0);
  }
}
