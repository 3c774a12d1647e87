package io.expaudit.spark;

import io.expaudit.checks.UnitFlagSummary;
import io.expaudit.model.Finding;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the unit stage emits, in one schema so the events are read and shuffled once: a
 * {@code kind} column says which of findings, per-unit summaries, quarantine rows and counters a
 * row belongs to, and the writers select their columns.
 */
final class AuditRows {
  static final String FINDING = "finding";
  static final String SUMMARY = "summary";

  /** The {@code findings/} columns of DESIGN.md, in order. */
  static final String[] FINDING_COLUMNS = {
    "check", "severity", "flag_key", "unit_id", "user_id", "device_id", "amplitude_id",
    "expected_variant", "observed_variant", "cause", "flag_version", "segment", "first_seen",
    "last_seen", "events", "p_value", "detail"
  };

  static final StructType SCHEMA =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add("check", DataTypes.StringType, true)
          .add("severity", DataTypes.StringType, true)
          .add("flag_key", DataTypes.StringType, true)
          .add("unit_id", DataTypes.StringType, true)
          .add("user_id", DataTypes.StringType, true)
          .add("device_id", DataTypes.StringType, true)
          .add("amplitude_id", DataTypes.StringType, true)
          .add("expected_variant", DataTypes.StringType, true)
          .add("observed_variant", DataTypes.StringType, true)
          .add("cause", DataTypes.StringType, true)
          .add("flag_version", DataTypes.LongType, true)
          .add("segment", DataTypes.StringType, true)
          .add("first_seen", DataTypes.TimestampType, true)
          .add("last_seen", DataTypes.TimestampType, true)
          .add("events", DataTypes.LongType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("detail", DataTypes.StringType, true)
          // per-unit summary
          .add("verified", DataTypes.BooleanType, true)
          .add("agrees", DataTypes.BooleanType, true)
          .add("jumped", DataTypes.BooleanType, true)
          .add("first_non_default", DataTypes.StringType, true)
          .add("has_assignment", DataTypes.BooleanType, true)
          // quarantine and counters
          .add("source", DataTypes.StringType, true)
          .add("line", DataTypes.LongType, true)
          .add("reason", DataTypes.StringType, true)
          .add("raw", DataTypes.StringType, true)
          .add("stat", DataTypes.StringType, true)
          .add("value", DataTypes.LongType, true);

  private AuditRows() {}

  static Row finding(Finding f) {
    return RowFactory.create(FINDING, f.check(), f.severity().name(), f.flagKey(), f.unitId(),
        f.userId(), f.deviceId(), f.amplitudeId(), f.expectedVariant(), f.observedVariant(),
        f.cause(), f.flagVersion(), f.segment(), timestamp(f.firstSeen()), timestamp(f.lastSeen()),
        f.events(), f.pValue(), f.detail(), null, null, null, null, null, null, null, null, null,
        null, null);
  }

  static Row summary(UnitFlagSummary s, boolean hasAssignment) {
    return RowFactory.create(SUMMARY, null, null, s.flagKey(), s.unitId(), null, null, null,
        s.expectedVariant(), s.observedVariant(), null, s.version(), s.expectedSegment(), null,
        null, null, null, null, s.verified(), s.agrees(), s.jumped(), s.firstNonDefault(),
        hasAssignment, null, null, null, null, null, null);
  }

  static Row passThrough(Row line) {
    String kind = line.getString(0);
    if (kind.equals(EventLines.STAT)) {
      return RowFactory.create(EventLines.STAT, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          line.getString(4), null, null, null, line.getString(3), line.getLong(2));
    }
    return RowFactory.create(EventLines.QUARANTINE, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        line.getString(4), line.isNullAt(5) ? null : line.getLong(5), line.getString(6),
        line.getString(3), null, null);
  }

  static Row counter(String name, long value) {
    return RowFactory.create(EventLines.STAT, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, name, value);
  }

  private static Timestamp timestamp(Long millis) {
    return millis == null ? null : new Timestamp(millis);
  }
}
