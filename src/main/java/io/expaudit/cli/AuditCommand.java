package io.expaudit.cli;

import io.expaudit.config.ConfigException;
import io.expaudit.config.Settings;
import io.expaudit.eval.DependencyCycleException;
import io.expaudit.eval.Semantics;
import io.expaudit.lint.LintSettings;
import io.expaudit.stats.SrmSettings;
import io.expaudit.model.Severity;
import io.expaudit.spark.AuditPipeline;
import io.expaudit.spark.Sessions;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit audit}: recomputes every unit's expected variant from the flag history and
 * reports mismatches, jumps and null leaks (DESIGN.md, Pipeline, Outputs). Exit status: 0 nothing
 * at or above {@code --fail-on}, 1 findings at or above it, 2 bad usage or input, 3 internal failure.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audits logged assignments against the recomputed ones; writes summary.json,"
        + " report.html, findings/ and quarantine/ to --out atomically.")
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--flags", required = true, paramLabel = "PATH",
      description = "Flag snapshots: a file or folder (local, s3a://, hdfs://).")
  String flags;

  @Option(names = "--events", required = true, paramLabel = "PATH",
      description = "Amplitude export JSON lines (plain or .gz) or Parquet: a file or folder.")
  String events;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  String out;

  @Option(names = "--from", paramLabel = "T", description = "Window start (inclusive), ISO date or time.")
  String from;

  @Option(names = "--to", paramLabel = "T", description = "Window end (exclusive), ISO date or time.")
  String to;

  @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|json|csv",
      description = "Format of findings/ (default parquet; json means JSON lines).")
  String format;

  @Option(names = "--semantics", defaultValue = "kotlin", paramLabel = "kotlin|js",
      description = "Whose engine corner cases to reproduce (default kotlin).")
  String semantics;

  @Option(names = "--fail-on", defaultValue = "ERROR", paramLabel = "LEVEL",
      description = "Exit 1 when a finding is at or above INFO, WARN or ERROR (default ERROR).")
  String failOn;

  @Option(names = "--cohorts", paramLabel = "PATH",
      description = "cohort_id,user_id files: cohort membership for cohort conditions. Without it,"
          + " results that depend on a cohort are counted as unverifiable, never as mismatches.")
  String cohorts;

  @Mixin SettingsOptions settingsOptions;

  @Option(names = "--state", paramLabel = "PATH",
      description = "Folder (any Hadoop filesystem) keeping the sequential SRM test's looks between"
          + " nightly runs; a rerun of the same window replaces its look. Without it each run is"
          + " its own first look.")
  String state;

  @Option(names = "--quiet", description = "No progress lines on stderr; errors only.")
  boolean quiet;

  @Option(names = "--verbose", description = "Spark's own INFO logging too (default: its warnings only).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    AuditPipeline.Options options;
    Severity threshold;
    try {
      Settings settings = settingsOptions.settings();
      LintSettings.from(settings); // lint ids are checked here, before any work
      SrmSettings.from(settings);
      if (!format.equals("parquet") && !format.equals("json") && !format.equals("csv")) {
        throw new IllegalArgumentException("--format must be parquet, json or csv, not '" + format + "'");
      }
      threshold = Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
      Instant start = time(from, "--from");
      Instant end = time(to, "--to");
      if (start != null && end != null && !start.isBefore(end)) {
        throw new IllegalArgumentException("--from must be before --to");
      }
      options = new AuditPipeline.Options(flags, events, out, start, end, format,
          Semantics.parse(semantics), cohorts, settings, state);
    } catch (IllegalArgumentException | ConfigException e) {
      err.println("expaudit audit: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    SparkSession session = Sessions.getOrCreate("expaudit audit");
    if (verbose) {
      session.sparkContext().setLogLevel("INFO");
    }
    PrintWriter progress = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : err;
    try {
      AuditPipeline.Outcome outcome = new AuditPipeline(session, progress).run(options);
      progress.printf(Locale.ROOT, "expaudit audit: summary in %s/summary.json, findings in"
          + " %s/findings/, report for people in %s/report.html%n", out, out, out);
      if (outcome.worst() != null && outcome.worst().atLeast(threshold)) {
        return 1;
      }
      return Main.EXIT_OK;
    } catch (ConfigException | DependencyCycleException e) {
      err.println("expaudit audit: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  static Instant time(String text, String option) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      // not a date
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // not a time with offset
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text
          + "' is not an ISO date (2026-11-16) or time (2026-11-16T10:00:00Z)");
    }
  }
}
