package io.expaudit.spark;

import io.expaudit.checks.UnitAuditor;
import io.expaudit.checks.UnitAuditor.UnitResult;
import io.expaudit.checks.UnitFlagSummary;
import io.expaudit.checks.UnitTimeline;
import io.expaudit.events.EventCodec;
import io.expaudit.model.AuditEvent;
import io.expaudit.model.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The second stage, over a partition sorted by unit: each run of rows with the same key is one
 * unit, whose events are decoded and given to the {@link UnitAuditor}; its findings, timelines and
 * counters come out, and its per-unit summaries are counted into the partition's
 * {@link SummaryCells}, emitted after its last unit. Quarantine and counter rows pass through.
 * Lazy: one unit's rows are held at a time, never the partition's.
 */
final class UnitStage implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final UnitAuditor auditor;
  private final Map<String, List<String>> cohorts;

  /** @param cohorts user id to cohort ids, or null when membership is unknown */
  UnitStage(UnitAuditor auditor, Map<String, List<String>> cohorts) {
    this.auditor = auditor;
    this.cohorts = cohorts;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private Row pending = rows.hasNext() ? rows.next() : null;
      private Iterator<Row> current = List.<Row>of().iterator();
      private final SummaryCells cells = new SummaryCells();
      // one per partition: its contexts are shared within a unit, its strings across units
      private final EventCodec.Decoder decoder = new EventCodec.Decoder();
      private boolean cellsEmitted;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && pending != null) {
          String key = pending.getString(1);
          List<Row> unit = new ArrayList<>();
          while (pending != null && pending.getString(1).equals(key)) {
            unit.add(pending);
            pending = rows.hasNext() ? rows.next() : null;
          }
          current = audit(key, unit, decoder, cells).iterator();
        }
        if (!current.hasNext() && !cellsEmitted) {
          cellsEmitted = true; // the partition is done: its summary cells are complete
          current = cells.rows().iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private List<Row> audit(String unit, List<Row> lines, EventCodec.Decoder decoder, SummaryCells cells) {
    List<Row> out = new ArrayList<>();
    if (unit.startsWith("\u0000")) {
      lines.forEach(line -> out.add(AuditRows.passThrough(line)));
      return out;
    }
    List<AuditEvent> events = new ArrayList<>(lines.size());
    Set<String> assignedFlags = new HashSet<>();
    for (Row line : lines) {
      AuditEvent event = decoder.decode((byte[]) line.get(2));
      if (cohorts != null && event.userId() != null) {
        // membership is known for everyone listed; everyone else is in no cohort
        event = event.withCohorts(cohorts.getOrDefault(event.userId(), List.of()));
      }
      events.add(event);
      assignedFlags.addAll(event.assignments().keySet());
    }
    UnitResult result = auditor.audit(unit, events);
    for (Finding f : result.findings()) {
      out.add(AuditRows.finding(f));
    }
    for (UnitFlagSummary s : result.summaries()) {
      cells.add(s, assignedFlags.contains(s.flagKey()));
    }
    for (UnitTimeline t : result.timelines()) {
      out.addAll(AuditRows.timeline(t));
    }
    if (result.duplicates() > 0) {
      out.add(AuditRows.counter("duplicates_dropped", result.duplicates()));
    }
    return out;
  }
}
