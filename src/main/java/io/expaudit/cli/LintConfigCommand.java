package io.expaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.ConfigException;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.lint.ConfigHistory;
import io.expaudit.lint.ConfigHistory.VersionSpan;
import io.expaudit.lint.ConfigLint;
import io.expaudit.lint.ConfigLinter;
import io.expaudit.lint.LintFinding;
import io.expaudit.lint.LintSettings;
import io.expaudit.model.Severity;
import io.expaudit.spark.Inputs;
import io.expaudit.spark.Sessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit lint-config}: the config lints and the config history of every flag in a set of
 * snapshots, without events. Text for people (flags with a finding or more than one version, then
 * what each lint that fired means and how to fix it) or JSON for machines. Exit status: 0 nothing
 * at or above {@code --fail-on}, 1 a finding at or above it (a CI gate for flag configs), 2 bad
 * usage or input, 3 internal failure.
 */
@Command(
    name = "lint-config",
    mixinStandardHelpOptions = true,
    description = "Lints flag configs (segment starvation, unreachable segments, salt reuse,"
        + " weights, fallback, naming, dependency cycles, stale flags, reweight forecasts) and"
        + " shows each flag's version history.")
public final class LintConfigCommand implements Callable<Integer> {
  private static final int EXIT_FINDINGS = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--flags", required = true, paramLabel = "PATH",
      description = "Flag snapshots: a file or folder (local, s3a://, hdfs://). A payload without"
          + " a capture time is dated by its modification time.")
  String flags;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "Output: text for people (default) or json.")
  String format;

  @Option(names = "--fail-on", defaultValue = "ERROR", paramLabel = "LEVEL",
      description = "Exit 1 when a finding is at or above INFO, WARN or ERROR (default ERROR).")
  String failOn;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Severity threshold;
    LintSettings lintSettings;
    try {
      lintSettings = LintSettings.from(settingsOptions.settings());
      if (!format.equals("text") && !format.equals("json")) {
        throw new IllegalArgumentException("--format must be text or json, not '" + format + "'");
      }
      threshold = Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | ConfigException e) {
      err.println("expaudit lint-config: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    FlagHistory history;
    try {
      history = loadHistory(flags, Sessions.hadoopConfiguration(), err);
    } catch (ConfigException e) {
      err.println("expaudit lint-config: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    List<LintFinding> findings = ConfigLinter.run(history, lintSettings);
    if (format.equals("json")) {
      out.println(JSON.writeValueAsString(json(history, findings)));
    } else {
      text(history, findings, out);
    }
    out.flush();
    for (LintFinding finding : findings) {
      if (finding.severity().atLeast(threshold)) {
        return EXIT_FINDINGS;
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Reads every snapshot under {@code path}. A payload with neither {@code captured_at} nor a
   * stamp in its name (an export linted on its own) is dated by the file's modification time, and
   * a note on {@code err} says so.
   */
  static FlagHistory loadHistory(String path, Configuration conf, PrintWriter err) {
    List<Snapshot> snapshots = new ArrayList<>();
    for (String file : Inputs.files(path, conf, "flags")) {
      Instant modified;
      try {
        Path p = new Path(file);
        modified = Instant.ofEpochMilli(p.getFileSystem(conf).getFileStatus(p).getModificationTime());
      } catch (IOException e) {
        throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
      }
      Snapshot snapshot = Snapshot.parse(Inputs.readText(file, conf), file, modified);
      if (Snapshot.stampOf(file) == null && snapshot.capturedAt().equals(modified)) {
        err.println("expaudit lint-config: note: " + file + " has no capture time (captured_at or"
            + " a stamp in its name); dated by its modification time, " + modified);
      }
      snapshots.add(snapshot);
    }
    return FlagHistory.of(snapshots);
  }

  private static Map<Severity, Integer> counts(List<LintFinding> findings) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    return counts;
  }

  private static void text(FlagHistory history, List<LintFinding> findings, PrintWriter out) {
    Map<Severity, Integer> counts = counts(findings);
    List<Snapshot> snapshots = history.snapshots();
    if (snapshots.size() == 1) {
      out.printf(Locale.ROOT, "%d flags in 1 snapshot, captured %s%n", history.flagKeys().size(),
          snapshots.get(0).capturedAt());
    } else {
      out.printf(Locale.ROOT, "%d flags in %d snapshots, captured %s to %s%n",
          history.flagKeys().size(), snapshots.size(), snapshots.get(0).capturedAt(),
          snapshots.get(snapshots.size() - 1).capturedAt());
    }
    out.printf(Locale.ROOT, "Findings: %d ERROR, %d WARN, %d INFO%n", counts.get(Severity.ERROR),
        counts.get(Severity.WARN), counts.get(Severity.INFO));
    int quiet = 0;
    for (String key : history.flagKeys()) {
      List<VersionSpan> spans = ConfigHistory.of(history, key);
      List<LintFinding> mine = findings.stream().filter(f -> f.flagKey().equals(key)).toList();
      if (mine.isEmpty() && spans.size() == 1) {
        quiet++;
        continue;
      }
      out.println();
      out.println(key + (spans.get(0).servedAtEnd() ? "" : "  (not in the newest snapshot: deleted or archived)"));
      for (VersionSpan span : spans) {
        out.printf(Locale.ROOT, "  v%d  first captured %s, last %s%s%n", span.version(),
            span.firstSeen(), span.lastSeen(),
            span.supersededAt() == null ? "" : ", superseded by " + span.supersededAt());
        for (String change : span.changes()) {
          out.println("        " + change);
        }
        if (span.changes().isEmpty() && span != spans.get(0)) {
          out.println("        (nothing that changes evaluation)");
        }
      }
      for (LintFinding f : mine) {
        out.printf(Locale.ROOT, "  %-5s %s%s%s: %s%n", f.severity(), f.check(),
            f.cause() == null ? "" : " " + f.cause(),
            f.flagVersion() == null ? "" : " v" + f.flagVersion(), f.message());
      }
    }
    if (quiet > 0) {
      out.printf(Locale.ROOT, "%n%d other flag%s: one version, no finding%n", quiet,
          quiet == 1 ? "" : "s");
    }
    Set<String> fired = new LinkedHashSet<>();
    findings.forEach(f -> fired.add(f.check()));
    if (!fired.isEmpty()) {
      out.println();
      out.println("What these lints mean:");
      for (ConfigLint lint : ConfigLinter.LINTS) {
        if (fired.contains(lint.id())) {
          out.println();
          out.println(lint.id() + " (" + lint.severity() + " by default)");
          out.println("  Risk: " + lint.explanation());
          out.println("  Fix:  " + lint.fixHint());
        }
      }
    }
  }

  private static ObjectNode json(FlagHistory history, List<LintFinding> findings) {
    ObjectNode root = JSON.createObjectNode();
    List<Snapshot> snapshots = history.snapshots();
    root.put("snapshots", snapshots.size());
    root.put("first_capture", snapshots.get(0).capturedAt().toString());
    root.put("last_capture", snapshots.get(snapshots.size() - 1).capturedAt().toString());
    root.put("flags", history.flagKeys().size());
    ObjectNode counts = root.putObject("counts");
    counts(findings).forEach((s, n) -> counts.put(s.name(), n));
    ArrayNode rows = root.putArray("findings");
    for (LintFinding f : findings) {
      ObjectNode row = rows.addObject();
      row.put("check", f.check());
      row.put("severity", f.severity().name());
      row.put("flag_key", f.flagKey());
      row.put("flag_version", f.flagVersion());
      row.put("segment", f.segment());
      row.put("cause", f.cause());
      row.put("message", f.message());
      row.put("fix", f.fix());
      row.put("first_seen", f.firstSeen() == null ? null : f.firstSeen().toString());
      row.put("last_seen", f.lastSeen() == null ? null : f.lastSeen().toString());
      ObjectNode measures = row.putObject("measures");
      f.measures().forEach(measures::put);
    }
    ArrayNode flagHistories = root.putArray("history");
    for (String key : history.flagKeys()) {
      List<VersionSpan> spans = ConfigHistory.of(history, key);
      ObjectNode flag = flagHistories.addObject();
      flag.put("flag_key", key);
      flag.put("served_at_end", spans.get(0).servedAtEnd());
      ArrayNode versions = flag.putArray("versions");
      for (VersionSpan span : spans) {
        ObjectNode v = versions.addObject();
        v.put("version", span.version());
        v.put("first_seen", span.firstSeen().toString());
        v.put("last_seen", span.lastSeen().toString());
        v.put("superseded_at", span.supersededAt() == null ? null : span.supersededAt().toString());
        ArrayNode changes = v.putArray("changes");
        span.changes().forEach(changes::add);
      }
    }
    ArrayNode lints = root.putArray("lints");
    for (ConfigLint lint : ConfigLinter.LINTS) {
      ObjectNode l = lints.addObject();
      l.put("id", lint.id());
      l.put("severity", lint.severity().name());
      l.put("explanation", lint.explanation());
      l.put("fix", lint.fixHint());
    }
    return root;
  }
}
