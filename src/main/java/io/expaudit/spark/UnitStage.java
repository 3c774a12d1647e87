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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The second stage, over a partition sorted by the hash of the unit's key: each run of rows with
 * the same key is one unit (keys that share a hash, rare, are told apart within their run), whose
 * events (batches from the first stage) are decoded and given to the {@link UnitAuditor}; its
 * findings, timelines and counters come out, and its per-unit summaries are counted into the
 * partition's {@link SummaryCells}, emitted after its last unit. Quarantine and counter rows pass through.
 * Lazy: one unit's rows are held at a time, never the partition's.
 */
final class UnitStage implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** The column the partition is sorted by, after {@link EventLines#SCHEMA}'s: the key's hash. */
  static final String KEY_HASH = "key_hash";
  private static final int KEY_HASH_INDEX = EventLines.SCHEMA.size();

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
          // the rows of one hash: one unit's, unless another key shares the hash
          long hash = pending.getLong(KEY_HASH_INDEX);
          String key = pending.getString(1);
          List<Row> unit = new ArrayList<>();
          Map<String, List<Row>> others = null;
          while (pending != null && pending.getLong(KEY_HASH_INDEX) == hash) {
            String rowKey = pending.getString(1);
            if (rowKey.equals(key)) {
              unit.add(pending);
            } else {
              if (others == null) {
                others = new LinkedHashMap<>();
              }
              others.computeIfAbsent(rowKey, k -> new ArrayList<>()).add(pending);
            }
            pending = rows.hasNext() ? rows.next() : null;
          }
          List<Row> out = audit(key, unit, decoder, cells);
          if (others != null) {
            others.forEach((otherKey, otherRows) -> out.addAll(audit(otherKey, otherRows, decoder, cells)));
          }
          current = out.iterator();
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
    List<AuditEvent> events = new ArrayList<>();
    for (Row line : lines) {
      decoder.decodeAll((byte[]) line.get(2), events);
    }
    if (cohorts != null) {
      // membership is known for everyone listed; everyone else is in no cohort
      events.replaceAll(e -> e.userId() == null ? e : e.withCohorts(cohorts.getOrDefault(e.userId(), List.of())));
    }
    Set<String> assignedFlags = new HashSet<>();
    events.forEach(e -> assignedFlags.addAll(e.assignments().keySet()));
    UnitResult result = auditor.audit(unit, events);
    for (Finding f : result.findings()) {
      out.add(AuditRows.finding(f));
    }
    for (UnitFlagSummary s : result.summaries()) {
      cells.add(s, assignedFlags.contains(s.flagKey()));
    }
    for (UnitTimeline t : result.timelines()) {
      out.add(AuditRows.timeline(t));
    }
    if (result.duplicates() > 0) {
      out.add(AuditRows.counter("duplicates_dropped", result.duplicates()));
    }
    return out;
  }
}
