package io.expaudit.stats;

/**
 * One look of the sequential test at one stage: the Bayes factor of the cumulative counts seen by
 * one run.
 *
 * @param id what identifies the look, e.g. the night's date; a rerun with the same id replaces it
 *     instead of counting as another look
 * @param units the units tested at that look
 * @param logBayesFactor ln BF at that look
 */
public record Look(String id, long units, double logBayesFactor) {
  public Look {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a look needs an id");
    }
    if (Double.isNaN(logBayesFactor) || Double.isInfinite(logBayesFactor)) {
      throw new IllegalArgumentException("look " + id + ": ln BF must be finite: " + logBayesFactor);
    }
  }
}
