package io.expaudit.stats;

/**
 * A Pearson chi-square statistic with its degrees of freedom and upper-tail p-value.
 *
 * @param statistic X², at least 0
 * @param df degrees of freedom, at least 1
 * @param pValue P(χ²_df ≥ statistic), in [0, 1]
 */
public record ChiSquare(double statistic, int df, double pValue) {}
