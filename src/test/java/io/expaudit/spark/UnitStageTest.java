package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.checks.ExpectedAssignments;
import io.expaudit.checks.UnitAuditor;
import io.expaudit.checks.VariantJumpCheck;
import io.expaudit.config.FlagHistory;
import io.expaudit.eval.Semantics;
import io.expaudit.events.EventCodec;
import io.expaudit.events.ExportEventParser;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The unit stage over rows as the sort hands them over, without Spark. */
class UnitStageTest {
  private static final FlagHistory HISTORY = Inputs.flagHistory("sample-data/world/flags", new Configuration());
  private static final ExportEventParser PARSER = new ExportEventParser();

  /** A row of the shuffle: one event of {@code user} logging {@code variant}, under a given key hash. */
  private static Row row(String user, String variant, int minute, long keyHash) {
    ExportEventParser.Encoded e = PARSER.encodeLine(String.format(java.util.Locale.ROOT,
        "{\"event_type\":\"page_view\",\"event_time\":\"2026-11-16 10:%02d:00\",\"user_id\":\"%s\","
            + "\"$insert_id\":\"%s-%d\",\"user_properties\":{\"[Experiment] checkout-redesign\":\"%s\"}}",
        minute, user, user, minute, variant), null);
    EventCodec.Batch batch = new EventCodec.Batch();
    batch.add(e.event());
    return RowFactory.create(EventLines.VALID, e.unit(), batch.toByteArray(), null, null, null, null, keyHash);
  }

  private static List<String> jumpers(List<Row> rows) {
    UnitAuditor auditor = new UnitAuditor(new ExpectedAssignments(HISTORY, Semantics.KOTLIN, false),
        UnitAuditor.defaultChecks());
    List<String> units = new ArrayList<>();
    new UnitStage(auditor, null).call(rows.iterator()).forEachRemaining(r -> {
      int check = AuditRows.SCHEMA.fieldIndex("check");
      if (r.getString(0).equals(AuditRows.FINDING) && VariantJumpCheck.ID.equals(r.getString(check))) {
        units.add(r.getString(AuditRows.SCHEMA.fieldIndex("unit_id")));
      }
    });
    return units;
  }

  @Test
  void aUnitIsAuditedWholeEvenWhenAnotherKeyWithTheSameHashIsInterleavedWithIt() {
    // "a" jumps from control to treatment; "b", under the same hash, sits between its events
    List<Row> rows = List.of(row("a", "control", 1, 7), row("b", "control", 2, 7),
        row("a", "treatment", 3, 7), row("c", "control", 4, 9), row("c", "treatment", 5, 9));

    assertThat(jumpers(rows)).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void runsOfDifferentHashesAreDifferentUnits() {
    // two units with the same key can't exist; two keys each logging one variant don't jump
    List<Row> rows = List.of(row("a", "control", 1, 1), row("b", "treatment", 2, 2));

    assertThat(jumpers(rows)).isEmpty();
  }
}
