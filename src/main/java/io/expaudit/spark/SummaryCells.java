package io.expaudit.spark;

import static org.apache.spark.sql.functions.col;

import io.expaudit.checks.UnitFlagSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
 * The driver sums the {@code value} column of each kind over the same columns ({@link #sumAll}).
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

  /**
   * A summary without its unit: units with equal ones fall into the same cells of every kind, so
   * the partition counts these first (one hash lookup per unit and flag) and splits them into the
   * kinds' cells once, at its end.
   */
  private record Profile(String flagKey, Long version, Integer segmentIndex, String expectedSegment,
      String expectedVariant, String observedVariant, boolean verified, boolean agrees,
      boolean jumped, String firstNonDefault, boolean hasAssignment, boolean unverifiable, long day,
      String assignedVariant, String exposedVariant, String analysedVariant,
      Map<String, String> slices) {}

  private final Map<Profile, long[]> profiles = new HashMap<>();

  void add(UnitFlagSummary s, boolean hasAssignment) {
    Profile p = new Profile(s.flagKey(), s.version(), s.segmentIndex(), s.expectedSegment(),
        s.expectedVariant(), s.observedVariant(), s.verified(), s.agrees(), s.jumped(),
        s.firstNonDefault(), hasAssignment, s.unverifiable(), Math.floorDiv(s.firstSeen(), DAY_MILLIS),
        s.assignedVariant(), s.exposedVariant(), s.analysedVariant(), s.slices());
    profiles.computeIfAbsent(p, k -> new long[1])[0]++;
  }

  /** One row per cell, {@code value} holding its units. */
  List<Row> rows() {
    Map<List<Object>, long[]> units = new HashMap<>();
    profiles.forEach((p, n) -> split(p, n[0], units));
    List<Row> rows = new ArrayList<>(units.size());
    units.forEach((key, n) -> rows.add(AuditRows.cell(key, columns((String) key.get(0)), n[0])));
    return rows;
  }

  private static void split(Profile p, long n, Map<List<Object>, long[]> units) {
    count(units, n, FLAG, p.flagKey(), p.expectedVariant(), p.observedVariant(), p.verified(),
        p.agrees(), p.jumped(), p.firstNonDefault(), p.hasAssignment(), p.unverifiable());
    count(units, n, DAILY, p.flagKey(), p.day(), p.observedVariant());
    if (p.version() == null || p.segmentIndex() == null) {
      return; // no recomputed segment: nothing to test the split against
    }
    String segment = SrmInputs.segmentKey(p.segmentIndex(), p.expectedSegment());
    count(units, n, FUNNEL, p.flagKey(), p.version(), segment, p.expectedVariant(),
        p.assignedVariant(), p.exposedVariant(), p.analysedVariant());
    for (Map.Entry<String, String> slice : p.slices().entrySet()) {
      count(units, n, SLICE, p.flagKey(), p.version(), slice.getKey(), slice.getValue(), segment,
          p.expectedVariant(), p.assignedVariant(), p.exposedVariant(), p.analysedVariant());
    }
  }

  private static void count(Map<List<Object>, long[]> units, long n, Object... kindAndValues) {
    units.computeIfAbsent(Arrays.asList(kindAndValues), k -> new long[1])[0] += n;
  }

  /**
   * The cells of every kind and the run's counters ({@link EventLines#STAT} rows, by {@code stat}),
   * summed over all partitions in one pass: kind → rows of its columns then the total. Sorted, so
   * that sums of doubles over them come out the same on every run whatever the partitioning.
   */
  static Map<String, List<Row>> sumAll(Dataset<Row> out) {
    List<String> kinds = List.of(EventLines.STAT, FLAG, FUNNEL, SLICE, DAILY);
    Set<String> selected = new LinkedHashSet<>(List.of("kind", "value"));
    kinds.forEach(kind -> selected.addAll(Arrays.asList(columns(kind))));
    Map<String, Map<List<Object>, long[]>> sums = new HashMap<>();
    for (Row r : out.filter(col("kind").isin(kinds.toArray()))
        .select(selected.stream().map(functions::col).toArray(Column[]::new)).collectAsList()) {
      String kind = r.getString(0);
      List<Object> key = new ArrayList<>();
      for (String column : columns(kind)) {
        key.add(r.get(r.fieldIndex(column)));
      }
      sums.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(key, k -> new long[1])[0] +=
          r.isNullAt(1) ? 0 : r.getLong(1);
    }
    Map<String, List<Row>> rows = new HashMap<>();
    for (String kind : kinds) {
      List<Row> summed = new ArrayList<>();
      sums.getOrDefault(kind, Map.of()).forEach((key, total) -> {
        Object[] values = key.toArray(new Object[key.size() + 1]);
        values[key.size()] = total[0];
        summed.add(RowFactory.create(values));
      });
      summed.sort(SummaryCells::compareColumns);
      rows.put(kind, summed);
    }
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
      case EventLines.STAT -> new String[] {"stat"};
      case FLAG -> FLAG_COLUMNS;
      case FUNNEL -> FUNNEL_COLUMNS;
      case SLICE -> SLICE_COLUMNS;
      case DAILY -> DAILY_COLUMNS;
      default -> throw new IllegalArgumentException(kind);
    };
  }
}
