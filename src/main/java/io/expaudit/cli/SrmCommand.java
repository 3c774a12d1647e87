package io.expaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.report.SrmJson;
import io.expaudit.stats.Sequential;
import io.expaudit.stats.SrmSettings;
import io.expaudit.stats.SrmTest;
import io.expaudit.stats.TestResult;
import io.expaudit.stats.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit srm}: the SRM tests on counts typed by hand (DESIGN.md, Command line), for an
 * analyst's quick question. The fixed-horizon chi-square and the sequential Bayes factor, with the
 * same defaults and gates as the audit ({@link SrmSettings#DEFAULTS}). Exit status: 0 no mismatch,
 * 1 sample-ratio mismatch, 2 bad usage or input.
 */
@Command(
    name = "srm",
    mixinStandardHelpOptions = true,
    description = {
      "Tests unit counts per variant for a sample-ratio mismatch: Pearson chi-square (df = k - 1)"
          + " and the anytime-valid Dirichlet-multinomial Bayes factor (Lindon & Malek).",
      "",
      "Exit status: 0 no mismatch, 1 mismatch (p < alpha, or Bayes factor >= threshold),"
          + " 2 bad input."
    },
    footer = {
      "",
      "Previous-looks file: one earlier look per line, oldest first, each the cumulative counts of"
          + " that look in the order of --counts, comma separated (e.g. '5000,5100'). Blank lines"
          + " and lines starting with # are ignored. Counts never decrease from one look to the"
          + " next or to --counts. The sequential p-value is min(1, 1 / largest Bayes factor) over"
          + " those looks and this one; the chi-square uses --counts only.",
      "",
      "Example: expaudit srm --counts 50000,51000 --weights 1,1"
    })
public final class SrmCommand implements Callable<Integer> {
  /** Exit status when the counts show a sample-ratio mismatch. */
  public static final int EXIT_MISMATCH = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--counts", required = true, paramLabel = "N,N,...",
      description = "Distinct units per variant (cumulative), comma separated.")
  String counts;

  @Option(names = "--weights", paramLabel = "W,W,...",
      description = "Configured weights in the same order (default: equal). A variant with weight 0"
          + " is left out of the tests and its units reported apart.")
  String weights;

  @Option(names = "--names", paramLabel = "NAME,...",
      description = "Variant names in the same order (default: 1, 2, ...).")
  String names;

  @Option(names = "--previous-looks", paramLabel = "FILE",
      description = "Earlier cumulative counts of the same variants, one look per line (see below).")
  Path previousLooks;

  @Option(names = "--alpha", paramLabel = "A",
      description = "Level of the chi-square test (default ${DEFAULT-VALUE}).")
  double alpha = SrmSettings.DEFAULTS.alpha();

  @Option(names = "--bayes-factor", paramLabel = "B",
      description = "Bayes factor at which the sequential test flags (default ${DEFAULT-VALUE}).")
  double bayesFactor = SrmSettings.DEFAULTS.bayesFactorThreshold();

  @Option(names = "--prior-concentration", paramLabel = "C",
      description = "Concentration c of the sequential test's Dirichlet prior (default"
          + " ${DEFAULT-VALUE}).")
  double priorConcentration = SrmSettings.DEFAULTS.priorConcentration();

  @Option(names = "--min-effect", paramLabel = "D",
      description = "Only flag when some variant's share is off by at least D (0.001 = 0.1"
          + " percentage points). Default: no floor.")
  Double minEffect;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    SrmSettings settings;
    List<String> variants;
    long[] now;
    double[] split;
    List<long[]> looks;
    try {
      now = parseCounts(counts, "--counts");
      split = weights == null ? equalWeights(now.length) : parseWeights(weights, now.length);
      variants = names == null ? defaultNames(now.length) : parseNames(names, now.length);
      looks = previousLooks == null ? List.of() : readLooks(previousLooks, now, variants);
      settings = settings();
    } catch (IllegalArgumentException e) {
      err.println("expaudit srm: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    TestResult result = SrmTest.test(variants, now, split, looks, settings);
    boolean flagged = SrmTest.flagged(result, settings);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode node = SrmJson.test(result);
      ObjectNode weightsNode = node.putObject("weights");
      for (int i = 0; i < variants.size(); i++) {
        weightsNode.put(variants.get(i), split[i]);
      }
      node.put("flagged", flagged);
      node.put("verdict", verdict(result, flagged).name());
      ObjectNode used = node.putObject("settings");
      used.put("alpha", settings.alpha());
      used.put("bayes_factor_threshold", settings.bayesFactorThreshold());
      used.put("prior_concentration", settings.priorConcentration());
      used.put("min_units_per_variant", settings.minUnitsPerVariant());
      if (settings.minEffect() == null) {
        used.putNull("min_effect");
      } else {
        used.put("min_effect", settings.minEffect());
      }
      out.println(JSON.writeValueAsString(node));
    } else {
      out.print(table(variants, split, result, flagged, settings));
    }
    out.flush();
    return flagged ? EXIT_MISMATCH : Main.EXIT_OK;
  }

  /** The settings from the options; errors name the option, not the conf key. */
  private SrmSettings settings() {
    try {
      return SrmSettings.DEFAULTS.withAlpha(alpha).withBayesFactorThreshold(bayesFactor)
          .withPriorConcentration(priorConcentration).withMinEffect(minEffect);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage()
          .replace("srm.alpha", "--alpha")
          .replace("srm.bayes_factor_threshold", "--bayes-factor")
          .replace("srm.prior_concentration", "--prior-concentration")
          .replace("srm.min_effect", "--min-effect"), e);
    }
  }

  private static Verdict verdict(TestResult result, boolean flagged) {
    return result.judge(flagged);
  }

  /** The human-readable report. */
  static String table(List<String> variants, double[] weights, TestResult result, boolean flagged,
      SrmSettings settings) {
    StringBuilder text = new StringBuilder();
    int width = Math.max(7, variants.stream().mapToInt(String::length).max().orElse(0));
    text.append(String.format(Locale.ROOT, "SRM test: %d variants, %,d units tested%n",
        result.variants().size(), result.units()));
    text.append(String.format(Locale.ROOT, "%-" + width + "s %10s %14s %14s %9s %12s%n", "variant",
        "weight", "expected", "observed", "share", "excess"));
    for (int i = 0; i < variants.size(); i++) {
      String variant = variants.get(i);
      Long observed = result.observed().get(variant);
      if (observed == null) {
        continue;
      }
      double expected = result.expected().get(variant);
      text.append(String.format(Locale.ROOT, "%-" + width + "s %10s %,14.1f %,14d %8.3f%% %+,12.1f%n",
          variant, number(weights[i]), expected, observed,
          result.units() == 0 ? 0.0 : 100.0 * observed / result.units(), observed - expected));
    }
    if (!result.outsideDesign().isEmpty()) {
      List<String> parts = new ArrayList<>();
      result.outsideDesign().forEach((v, n) -> parts.add(String.format(Locale.ROOT, "%s (%,d units)", v, n)));
      text.append("not tested, weight 0: ").append(String.join(", ", parts))
          .append(System.lineSeparator());
    }
    text.append(System.lineSeparator());
    if (result.chiSquare() == null) {
      text.append("chi-square: no test").append(System.lineSeparator());
    } else {
      text.append(String.format(Locale.ROOT, "chi-square: X² = %.6g, df = %d, p = %.5g (%s α = %s)%n",
          result.chiSquare().statistic(), result.chiSquare().df(), result.pValue(),
          result.pValue() < settings.alpha() ? "below" : "not below", number(settings.alpha())));
    }
    Sequential sequential = result.sequential();
    text.append(String.format(Locale.ROOT,
        "sequential: Bayes factor = %.4g, p = %.3g over %d %s (c = %s; flags at Bayes factor >= %s)%n",
        sequential.bayesFactor(), sequential.pValue(), sequential.looks(),
        sequential.looks() == 1 ? "look" : "looks", number(settings.priorConcentration()),
        number(settings.bayesFactorThreshold())));
    text.append(switch (verdict(result, flagged)) {
      case MISMATCH -> "verdict: SAMPLE RATIO MISMATCH: the units do not follow the configured split";
      case BALANCED -> "verdict: no sample-ratio mismatch"
          + (result.aboveEffectFloor() ? "" : " (the deviation is below the effect floor)");
      case NOT_ENOUGH_UNITS -> String.format(Locale.ROOT,
          "verdict: not enough units to judge (fewer than %d per variant)",
          settings.minUnitsPerVariant());
      case NOT_TESTABLE -> "verdict: nothing to test (fewer than two variants with a positive weight)";
    }).append(System.lineSeparator());
    return text.toString();
  }

  /** 1 → "1", 0.5 → "0.5", 10000 → "10000": weights and settings as typed. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  private static long[] parseCounts(String text, String where) {
    String[] parts = text.split(",", -1);
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      try {
        values[i] = Long.parseLong(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": '" + part + "' is not a whole number of units");
      }
      if (values[i] < 0) {
        throw new IllegalArgumentException(where + ": '" + part + "' is negative");
      }
    }
    return values;
  }

  private static double[] parseWeights(String text, int expected) {
    String[] parts = text.split(",", -1);
    if (parts.length != expected) {
      throw new IllegalArgumentException("--weights has " + parts.length + " values but --counts has "
          + expected);
    }
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      try {
        values[i] = Double.parseDouble(part);
      } catch (NumberFormatException e) {
        values[i] = Double.NaN;
      }
      if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
        throw new IllegalArgumentException("--weights: '" + part + "' is not a non-negative number");
      }
    }
    return values;
  }

  private static double[] equalWeights(int count) {
    double[] values = new double[count];
    Arrays.fill(values, 1);
    return values;
  }

  private static List<String> parseNames(String text, int expected) {
    List<String> values = List.of(text.split(",", -1)).stream().map(String::trim).toList();
    if (values.size() != expected) {
      throw new IllegalArgumentException("--names has " + values.size() + " values but --counts has "
          + expected);
    }
    if (values.stream().distinct().count() != values.size() || values.contains("")) {
      throw new IllegalArgumentException("--names must be distinct and non-empty");
    }
    return values;
  }

  private static List<String> defaultNames(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      values.add(Integer.toString(i));
    }
    return values;
  }

  /** Reads the previous-looks file; every error names the file and line. */
  static List<long[]> readLooks(Path file, long[] now, List<String> variants) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
    }
    List<long[]> looks = new ArrayList<>();
    long[] previous = null;
    int previousLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      long[] look = parseCounts(line, where);
      if (look.length != now.length) {
        throw new IllegalArgumentException(where + ": " + look.length + " counts, but --counts has "
            + now.length);
      }
      if (previous != null) {
        requireCumulative(previous, look, variants, "line " + previousLine, where);
      }
      looks.add(look);
      previous = look;
      previousLine = i + 1;
    }
    if (previous != null) {
      requireCumulative(previous, now, variants, file + ":" + previousLine, "--counts");
    }
    return looks;
  }

  private static void requireCumulative(long[] before, long[] after, List<String> variants,
      String beforeWhere, String afterWhere) {
    for (int v = 0; v < before.length; v++) {
      if (after[v] < before[v]) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%s: counts must be cumulative, but variant %s falls from %d (%s) to %d", afterWhere,
            variants.get(v), before[v], beforeWhere, after[v]));
      }
    }
  }
}
