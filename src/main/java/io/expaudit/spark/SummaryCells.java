package io.expaudit.spark;

import static org.apache.spark.sql.functions.col;

import io.expaudit.checks.UnitFlagSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A partition's per-unit summaries counted into the cells the driver's aggregations read, so the
 * unit stage emits a few thousand rows per partition instead of one row per unit and flag (DESIGN.md,
 * Pipeline). Every consumer of the summaries counts units by a handful of categorical columns:
 * <ul>
 *   <li>{@link #FLAG}: the flag summary's agreement and jump counts ({@code summary.json});
 *   <li>{@link #FUNNEL}: the SRM funnel per flag version, segment and the four variants;
 *   <li>{@link #SLICE}: the same per pre-treatment slice (dimension and value);
 *   <li>{@link #DAILY}: units by the UTC day they entered the flag and their first logged variant
 *       ({@code report.html}).
 * </ul>
 * The driver sums the {@code value} column of each kind over the same columns.
 */
final class SummaryCells {
  static final String FLAG = "cell_flag";
  static final String FUNNEL = "cell_funnel";
  static final String SLICE = "cell_slice";
  static final String DAILY = "cell_daily";

  /** The columns of {@link AuditRows#SCHEMA} each kind fills, after {@code kind}. */
  private static final String[] FLAG_COLUMNS = {
    "flag_key", "expected_variant", "observed_variant", "verified", "agrees", "jumped",
    "first_non_default", "has_assignment", "unverifiable"
  };
  private static final String[] FUNNEL_COLUMNS = {
    "flag_key", "flag_version", "srm_segment", "expected_variant", "assigned_variant",
    "exposed_variant", "analysed_variant"
  };
  private static final String[] SLICE_COLUMNS = {
    "flag_key", "flag_version", "slice_dimension", "slice_value", "srm_segment", "expected_variant",
    "assigned_variant", "exposed_variant", "analysed_variant"
  };
  private static final String[] DAILY_COLUMNS = {"flag_key", "day", "observed_variant"};

  private static final long DAY_MILLIS = 86_400_000L;

  /** kind and the values of its columns → units. */
  private final Map<List<Object>, long[]> units = new HashMap<>();

  void add(UnitFlagSummary s, boolean hasAssignment) {
    count(FLAG, s.flagKey(), s.expectedVariant(), s.observedVariant(), s.verified(), s.agrees(),
        s.jumped(), s.firstNonDefault(), hasAssignment, s.unverifiable());
    count(DAILY, s.flagKey(), Math.floorDiv(s.firstSeen(), DAY_MILLIS), s.observedVariant());
    if (s.version() == null || s.segmentIndex() == null) {
      return; // no recomputed segment: nothing to test the split against
    }
    String segment = SrmInputs.segmentKey(s.segmentIndex(), s.expectedSegment());
    count(FUNNEL, s.flagKey(), s.version(), segment, s.expectedVariant(), s.assignedVariant(),
        s.exposedVariant(), s.analysedVariant());
    for (Map.Entry<String, String> slice : s.slices().entrySet()) {
      count(SLICE, s.flagKey(), s.version(), slice.getKey(), slice.getValue(), segment,
          s.expectedVariant(), s.assignedVariant(), s.exposedVariant(), s.analysedVariant());
    }
  }

  private void count(Object... kindAndValues) {
    units.computeIfAbsent(Arrays.asList(kindAndValues), k -> new long[1])[0]++;
  }

  /** One row per cell, {@code value} holding its units. */
  List<Row> rows() {
    List<Row> rows = new ArrayList<>(units.size());
    units.forEach((key, n) -> rows.add(AuditRows.cell(key, columns((String) key.get(0)), n[0])));
    return rows;
  }

  /**
   * The cells of {@code kind} summed over all partitions: its columns, then the units; sorted, so
   * that sums of doubles over them come out the same on every run whatever the partitioning.
   */
  static List<Row> sum(Dataset<Row> out, String kind) {
    String[] columns = columns(kind);
    List<Row> rows = new ArrayList<>(out.filter(col("kind").equalTo(kind))
        .groupBy(Arrays.stream(columns).map(functions::col).toArray(Column[]::new))
        .agg(functions.sum("value")).collectAsList());
    rows.sort(SummaryCells::compareColumns);
    return rows;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareColumns(Row a, Row b) {
    for (int i = 0; i < a.length() - 1; i++) {
      Comparable x = (Comparable) a.get(i);
      Comparable y = (Comparable) b.get(i);
      int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String[] columns(String kind) {
    return switch (kind) {
      case FLAG -> FLAG_COLUMNS;
      case FUNNEL -> FUNNEL_COLUMNS;
      case SLICE -> SLICE_COLUMNS;
      case DAILY -> DAILY_COLUMNS;
      default -> throw new IllegalArgumentException(kind);
    };
  }
}
