package io.expaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateSampleCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new GenerateSampleCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void writesAWorldAndOneSummaryLineOnStderr() {
    Path out = dir.resolve("world");
    Run run = run("--out", out.toString(), "--users", "40", "--seed", "3", "--events-per-user", "6");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("40 users", "expected findings", "seed 3");
    assertThat(out.resolve("ground-truth.jsonl")).isRegularFile();
    assertThat(out.resolve("flags/flags-2026-11-16T00-00-00Z.json")).isRegularFile();
    assertThat(out.resolve("events")).isDirectory();
  }

  @Test
  void refusesANonEmptyOutputDirectoryWithExitTwo() throws IOException {
    Path out = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    Run run = run("--out", out.toString(), "--users", "10");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(out.toString(), "is not empty");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }
  }

  @Test
  void rejectsBadArgumentsWithExitTwo() {
    assertThat(run("--users", "10").exit()).isEqualTo(2);
    Run zero = run("--out", dir.resolve("zero").toString(), "--users", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("users must be at least 1");
    assertThat(dir.resolve("zero")).doesNotExist();
    Run sparse = run("--out", dir.resolve("sparse").toString(), "--events-per-user", "1");
    assertThat(sparse.exit()).isEqualTo(2);
    assertThat(sparse.err()).contains("events per user");
  }

  @Test
  void reportsAnUnwritableOutputWithExitTwo() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    Run run = run("--out", file.resolve("world").toString(), "--users", "5");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot write");
  }
}
