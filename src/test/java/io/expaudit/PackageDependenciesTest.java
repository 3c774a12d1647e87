package io.expaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of each {@code package-info.java}, checked on the sources: dependencies point
 * one way, and the engine, statistics and lints never touch Spark.
 */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java/io/expaudit");
  private static final List<String> SPARK = List.of("org.apache.spark", "scala.", "org.sparkproject");

  /** Import prefixes each package must not use. */
  private static final Map<String, List<String>> FORBIDDEN =
      Map.of(
          "model", concat(SPARK, "io.expaudit.", "com.fasterxml"),
          "config", concat(SPARK, "io.expaudit.eval", "io.expaudit.cli", "io.expaudit.spark"),
          "eval", concat(SPARK, "com.fasterxml", "io.expaudit.cli", "io.expaudit.spark", "java.io.File"),
          "stats", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark"),
          "lint", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark"),
          "report", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark"),
          "checks", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark", "com.fasterxml"),
          "events", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark", "org.apache.hadoop"),
          "sample", concat(SPARK, "io.expaudit.cli", "io.expaudit.spark"));

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void packagesImportOnlyWhatTheirPackageInfoAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
      Path dir = MAIN.resolve(rule.getKey());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("import ")) {
              continue;
            }
            String imported = line.substring(7).replace("static ", "").trim();
            for (String prefix : rule.getValue()) {
              if (imported.startsWith(prefix) && !imported.startsWith("io.expaudit." + rule.getKey())) {
                violations.add(file + ": " + line);
              }
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageSaysWhatItOwns() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        assertThat(dir.resolve("package-info.java")).as(dir.toString()).exists();
      }
    }
  }
}
