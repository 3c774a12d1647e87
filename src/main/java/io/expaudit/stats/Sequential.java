package io.expaudit.stats;

/**
 * The sequential test of one population over all its looks so far (health-checks §1.7).
 *
 * @param logBayesFactor ln BF at the current look
 * @param maxLogBayesFactor the largest ln BF over all looks counted, this one included
 * @param looks how many looks are counted (a rerun of a look replaces it)
 */
public record Sequential(double logBayesFactor, double maxLogBayesFactor, int looks) {
  /** min(1, 1 / max BF): valid however many looks were taken. */
  public double pValue() {
    return SequentialSrmTest.pValue(maxLogBayesFactor);
  }

  /** The largest Bayes factor over the looks, the one {@link #pValue()} comes from. */
  public double bayesFactor() {
    return SequentialSrmTest.bayesFactor(maxLogBayesFactor);
  }
}
