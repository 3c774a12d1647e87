package io.expaudit.stats;

/**
 * A {@link FunnelCell} within one slice of a pre-treatment dimension: the aggregation of
 * {@link FunnelCell} grouped by {@code (dimension, value)} as well. Every unit falls in exactly one
 * slice of each dimension (value null becomes the slice {@code (none)}), taken at its first
 * assignment so that the treatment cannot change it (health-checks §5.2).
 *
 * @param dimension e.g. {@code platform} (see {@link SrmSettings#sliceDimensions()})
 * @param value e.g. {@code Android}, or null
 */
public record SliceCell(String dimension, String value, FunnelCell cell) {
  /** The slice name of a null value. */
  public static final String NO_VALUE = "(none)";

  public SliceCell {
    if (dimension == null || cell == null) {
      throw new IllegalArgumentException("a slice cell needs a dimension and a funnel cell");
    }
    value = value == null ? NO_VALUE : value;
  }
}
