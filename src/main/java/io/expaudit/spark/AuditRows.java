package io.expaudit.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.checks.UnitTimeline;
import io.expaudit.model.Finding;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the unit stage emits, in one schema so the events are read and shuffled once: a
 * {@code kind} column says which of findings, summary cells, timelines, quarantine rows
 * and counters a row belongs to, and the writers select their columns.
 */
final class AuditRows {
  static final String FINDING = "finding";
  /** A unit's {@link UnitTimeline} of a flag, for {@code report.html}. */
  static final String TIMELINE = "timeline";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<UnitTimeline.Entry>> ENTRIES = new TypeReference<>() {};

  /** The {@code findings/} columns of DESIGN.md, in order. */
  static final String[] FINDING_COLUMNS = {
    "check", "severity", "flag_key", "unit_id", "user_id", "device_id", "amplitude_id",
    "expected_variant", "observed_variant", "cause", "flag_version", "segment", "first_seen",
    "last_seen", "events", "p_value", "detail"
  };

  /** The {@code findings/} columns, to select them in order. */
  static org.apache.spark.sql.Column[] findingColumns() {
    return java.util.Arrays.stream(FINDING_COLUMNS).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

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
          // summary cells (SummaryCells), value = units
          .add("verified", DataTypes.BooleanType, true)
          .add("agrees", DataTypes.BooleanType, true)
          .add("jumped", DataTypes.BooleanType, true)
          .add("first_non_default", DataTypes.StringType, true)
          .add("has_assignment", DataTypes.BooleanType, true)
          .add("unverifiable", DataTypes.BooleanType, true)
          .add("srm_segment", DataTypes.StringType, true)
          .add("assigned_variant", DataTypes.StringType, true)
          .add("exposed_variant", DataTypes.StringType, true)
          .add("analysed_variant", DataTypes.StringType, true)
          .add("slice_dimension", DataTypes.StringType, true)
          .add("slice_value", DataTypes.StringType, true)
          .add("day", DataTypes.LongType, true)
          // a unit's timeline of a flag (also flag_key, unit_id; value = entries omitted after the
          // kept ones): its entries as JSON, one row per timeline rather than per entry
          .add("entries", DataTypes.StringType, true)
          // quarantine and counters
          .add("source", DataTypes.StringType, true)
          .add("line", DataTypes.LongType, true)
          .add("reason", DataTypes.StringType, true)
          .add("raw", DataTypes.StringType, true)
          .add("stat", DataTypes.StringType, true)
          .add("value", DataTypes.LongType, true);

  private AuditRows() {}

  /** A row of {@link #SCHEMA} from alternating column names and values; other columns null. */
  private static Row row(Object... namesAndValues) {
    Object[] values = new Object[SCHEMA.length()];
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values[SCHEMA.fieldIndex((String) namesAndValues[i])] = namesAndValues[i + 1];
    }
    return RowFactory.create(values);
  }

  static Row finding(Finding f) {
    return row("kind", FINDING, "check", f.check(), "severity", f.severity().name(),
        "flag_key", f.flagKey(), "unit_id", f.unitId(), "user_id", f.userId(),
        "device_id", f.deviceId(), "amplitude_id", f.amplitudeId(),
        "expected_variant", f.expectedVariant(), "observed_variant", f.observedVariant(),
        "cause", f.cause(), "flag_version", f.flagVersion(), "segment", f.segment(),
        "first_seen", timestamp(f.firstSeen()), "last_seen", timestamp(f.lastSeen()),
        "events", f.events(), "p_value", f.pValue(), "detail", f.detail());
  }

  /** A {@link SummaryCells} cell: its kind and column values, then {@code units} as the value. */
  static Row cell(List<Object> kindAndValues, String[] columns, long units) {
    Object[] values = new Object[SCHEMA.length()];
    values[0] = kindAndValues.get(0);
    for (int i = 0; i < columns.length; i++) {
      values[SCHEMA.fieldIndex(columns[i])] = kindAndValues.get(i + 1);
    }
    values[SCHEMA.fieldIndex("value")] = units;
    return RowFactory.create(values);
  }

  /**
   * A unit's compacted timeline of one flag, its entries as JSON: the report shows a dozen units'
   * timelines, so the hundreds of thousands kept for it travel as one row each, not one per entry.
   */
  static Row timeline(UnitTimeline t) {
    try {
      return row("kind", TIMELINE, "flag_key", t.flagKey(), "unit_id", t.unitId(),
          "entries", JSON.writeValueAsString(t.entries()), "value", (long) t.omitted());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("timeline entries are plain values", e);
    }
  }

  /** The entries of a {@link #timeline} row's {@code entries}. */
  static List<UnitTimeline.Entry> entries(String json) {
    try {
      return JSON.readValue(json, ENTRIES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("timeline entries written by this build", e);
    }
  }

  /** A first-stage quarantine or counter row, carried through the unit stage unchanged. */
  static Row passThrough(Row line) {
    Long number = line.isNullAt(4) ? null : line.getLong(4);
    if (line.getString(0).equals(EventLines.STAT)) {
      return row("kind", EventLines.STAT, "source", line.getString(3), "stat", line.getString(6),
          "value", number);
    }
    return row("kind", EventLines.QUARANTINE, "source", line.getString(3), "line", number,
        "reason", line.getString(5), "raw", line.getString(6));
  }

  static Row counter(String name, long value) {
    return row("kind", EventLines.STAT, "stat", name, "value", value);
  }

  private static Timestamp timestamp(Long millis) {
    return millis == null ? null : new Timestamp(millis);
  }
}
