package io.expaudit.stats;

/**
 * One slice dimension of a drill-down.
 *
 * @param slices how many slices (values) it has
 * @param heterogeneity whether the split differs between its slices (see
 *     {@link ChiSquareTest#heterogeneity}), or null with fewer than two slices with units
 */
public record DimensionResult(String dimension, int slices, ChiSquare heterogeneity) {}
