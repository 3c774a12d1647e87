package io.expaudit.bench;

import io.expaudit.checks.ExpectedAssignments;
import io.expaudit.checks.UnitAuditor;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.eval.Semantics;
import io.expaudit.config.Settings;
import io.expaudit.events.ByteLines;
import io.expaudit.events.EventCodec;
import io.expaudit.stats.SrmSettings;
import io.expaudit.events.ExportEventParser;
import io.expaudit.model.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Where the audit's CPU goes per event, without Spark, on one thread: reading (gunzip + lines),
 * the streaming parse into the shuffle's encoding, batching by unit and file as the first stage
 * does, decoding (one decoder, as in a partition) and the per-unit audit. Run on a generated
 * world, in CPU time of the one thread (GC threads excluded):
 * {@code java ... AuditCostBreakdown target/audit-benchmark/world-1000000 [maxLines [rounds]]}; the
 * best of the rounds is the figure to compare (a small world, many rounds: steadiest).
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
    ExportEventParser parser = new ExportEventParser();
    UnitAuditor auditor = new UnitAuditor(new ExpectedAssignments(history, Semantics.KOTLIN, false),
        UnitAuditor.defaultChecks(), SrmSettings.from(Settings.defaults()).sliceDimensions());
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int round = 0; round < rounds; round++) {
      long t0 = cpu();
      List<byte[]> lines = new ArrayList<>();
      List<Integer> fileOf = new ArrayList<>(); // which file each line came from
      for (int fileIndex = 0; fileIndex < files.size(); fileIndex++) {
        Path f = files.get(fileIndex);
        try (ByteLines r = new ByteLines(new GZIPInputStream(Files.newInputStream(f), 1 << 16), 1 << 16, 1 << 26)) {
          while (r.next() && lines.size() < max) {
            lines.add(Arrays.copyOfRange(r.buffer(), r.start(), r.start() + r.length()));
            fileOf.add(fileIndex);
          }
        } catch (java.io.IOException e) {
          // truncated file
        }
        if (lines.size() >= max) {
          break;
        }
      }
      long t1 = cpu();
      List<ExportEventParser.Encoded> encoded = new ArrayList<>();
      List<Integer> encodedFile = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        byte[] line = lines.get(i);
        ExportEventParser.Encoded e = parser.encodeLine(line, 0, line.length, null);
        if (e.rejection() == null) {
          encoded.add(e);
          encodedFile.add(fileOf.get(i));
        }
      }
      long t2 = cpu();
      // as the first stage: one batch per unit and file, joined
      Map<String, Map<Integer, EventCodec.Batch>> batches = new HashMap<>();
      for (int i = 0; i < encoded.size(); i++) {
        batches.computeIfAbsent(encoded.get(i).unit(), k -> new HashMap<>())
            .computeIfAbsent(encodedFile.get(i), k -> new EventCodec.Batch())
            .add(encoded.get(i).event(), encoded.get(i).sectionEnds());
      }
      Map<String, List<byte[]>> units = new HashMap<>();
      long bytes = 0;
      for (Map.Entry<String, Map<Integer, EventCodec.Batch>> u : batches.entrySet()) {
        List<byte[]> rows = new ArrayList<>();
        for (EventCodec.Batch b : u.getValue().values()) {
          rows.add(b.toByteArray());
          bytes += rows.get(rows.size() - 1).length;
        }
        units.put(u.getKey(), rows);
      }
      long t3 = cpu();
      EventCodec.Decoder decoder = new EventCodec.Decoder(); // one per partition, as the unit stage
      Map<String, List<AuditEvent>> decoded = new HashMap<>();
      for (Map.Entry<String, List<byte[]>> u : units.entrySet()) {
        List<AuditEvent> events = new ArrayList<>();
        for (byte[] b : u.getValue()) {
          decoder.decodeAll(b, events);
        }
        decoded.put(u.getKey(), events);
      }
      long t4 = cpu();
      long findings = 0;
      long timelines = 0;
      long timelineEntries = 0;
      for (Map.Entry<String, List<AuditEvent>> u : decoded.entrySet()) {
        UnitAuditor.UnitResult result = auditor.audit(u.getKey(), u.getValue());
        findings += result.findings().size();
        timelines += result.timelines().size();
        timelineEntries += result.timelines().stream().mapToInt(t -> t.entries().size()).sum();
      }
      long t5 = cpu();
      double n = lines.size();
      long[] ends = {t0, t1, t2, t3, t4, t5};
      for (int i = 0; i < best.length; i++) {
        best[i] = Math.min(best[i], (ends[i + 1] - ends[i]) / n / 1e3);
      }
      System.out.printf(Locale.ROOT,
          "round %d: %d lines, %d units, %d findings, %d timelines of %d entries, %.0f B/event batched;"
              + " per line: read %.2f µs,"
              + " parse+encode %.2f µs, batch %.2f µs, decode %.2f µs, audit %.2f µs%n",
          round, lines.size(), units.size(), findings, timelines, timelineEntries, bytes / n, (t1 - t0) / n / 1e3,
          (t2 - t1) / n / 1e3, (t3 - t2) / n / 1e3, (t4 - t3) / n / 1e3, (t5 - t4) / n / 1e3);
    }
    System.out.printf(Locale.ROOT, "best of %d rounds, per line: read %.2f µs, parse+encode %.2f µs,"
        + " batch %.2f µs, decode %.2f µs, audit %.2f µs%n", rounds, best[0], best[1], best[2], best[3], best[4]);
  }
}
