package io.expaudit.spark;

import io.expaudit.checks.UnitAuditor;
import io.expaudit.checks.UnitAuditor.UnitResult;
import io.expaudit.checks.UnitFlagSummary;
import io.expaudit.events.EventCodec;
import io.expaudit.model.AuditEvent;
import io.expaudit.model.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;

/**
 * The second stage, once per unit: decodes the unit's events, runs the
 * {@link UnitAuditor}, and emits findings, per-unit summaries and counters. Quarantine and counter
 * groups pass through.
 */
final class UnitStage implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final UnitAuditor auditor;
  private final Map<String, List<String>> cohorts;

  /** @param cohorts user id to cohort ids, or null when membership is unknown */
  UnitStage(UnitAuditor auditor, Map<String, List<String>> cohorts) {
    this.auditor = auditor;
    this.cohorts = cohorts;
  }

  @Override
  public Iterator<Row> call(String unit, Iterator<Row> lines) {
    List<Row> out = new ArrayList<>();
    if (unit.startsWith("\u0000")) {
      lines.forEachRemaining(line -> out.add(AuditRows.passThrough(line)));
      return out.iterator();
    }
    List<AuditEvent> events = new ArrayList<>();
    Set<String> assignedFlags = new HashSet<>();
    while (lines.hasNext()) {
      AuditEvent event = EventCodec.decode((byte[]) lines.next().get(2));
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
      out.add(AuditRows.summary(s, assignedFlags.contains(s.flagKey())));
    }
    if (result.duplicates() > 0) {
      out.add(AuditRows.counter("duplicates_dropped", result.duplicates()));
    }
    return out.iterator();
  }
}
