package io.expaudit.bench;

import io.expaudit.checks.ExpectedAssignments;
import io.expaudit.checks.UnitAuditor;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.eval.Semantics;
import io.expaudit.events.EventCodec;
import io.expaudit.events.ExportEventParser;
import io.expaudit.model.AuditEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Where the audit's CPU goes per event, without Spark, on one thread: reading (gunzip + lines),
 * the streaming parse, encoding and decoding for the shuffle, and the per-unit audit. Run on a
 * generated world, in CPU time of the one thread (GC threads excluded):
 * {@code java ... AuditCostBreakdown target/audit-benchmark/world-1000000 [maxLines]}.
 */
public final class AuditCostBreakdown {
  private AuditCostBreakdown() {}

  /** This thread's CPU time: the machine may be shared, wall time would measure the neighbours. */
  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  public static void main(String[] args) throws Exception {
    Path world = Path.of(args[0]);
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    List<Snapshot> snapshots = new ArrayList<>();
    try (Stream<Path> s = Files.list(world.resolve("flags"))) {
      for (Path f : s.sorted().toList()) {
        snapshots.add(Snapshot.parse(Files.readString(f), f.getFileName().toString()));
      }
    }
    FlagHistory history = FlagHistory.of(snapshots);
    List<Path> files;
    try (Stream<Path> s = Files.walk(world.resolve("events"))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (int round = 0; round < 3; round++) {
      long t0 = cpu();
      List<String> lines = new ArrayList<>();
      for (Path f : files) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8), 1 << 16)) {
          String line;
          while ((line = r.readLine()) != null && lines.size() < max) {
            lines.add(line);
          }
        } catch (java.io.IOException e) {
          // truncated file
        }
        if (lines.size() >= max) {
          break;
        }
      }
      long t1 = cpu();
      ExportEventParser parser = new ExportEventParser();
      List<AuditEvent> events = new ArrayList<>();
      for (String line : lines) {
        AuditEvent e = parser.parseLine(line, "f:1").event();
        if (e != null) {
          events.add(e);
        }
      }
      long t2 = cpu();
      List<byte[]> encoded = new ArrayList<>();
      long bytes = 0;
      for (AuditEvent e : events) {
        byte[] b = EventCodec.encode(e);
        bytes += b.length;
        encoded.add(b);
      }
      long t3 = cpu();
      Map<String, List<AuditEvent>> units = new HashMap<>();
      for (byte[] b : encoded) {
        AuditEvent e = EventCodec.decode(b);
        units.computeIfAbsent(parser.unitOf(e), k -> new ArrayList<>()).add(e);
      }
      long t4 = cpu();
      UnitAuditor auditor = new UnitAuditor(new ExpectedAssignments(history, Semantics.KOTLIN, false),
          UnitAuditor.defaultChecks());
      long findings = 0;
      for (Map.Entry<String, List<AuditEvent>> u : units.entrySet()) {
        findings += auditor.audit(u.getKey(), u.getValue()).findings().size();
      }
      long t5 = cpu();
      double n = lines.size();
      System.out.printf(Locale.ROOT,
          "round %d: %d lines, %d units, %d findings, %.0f B/event encoded; per line: read %.1f µs,"
              + " parse %.1f µs, encode %.1f µs, decode+group %.1f µs, audit %.1f µs%n",
          round, lines.size(), units.size(), findings, bytes / n, (t1 - t0) / n / 1e3,
          (t2 - t1) / n / 1e3, (t3 - t2) / n / 1e3, (t4 - t3) / n / 1e3, (t5 - t4) / n / 1e3);
    }
  }
}
