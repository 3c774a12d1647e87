package io.expaudit.eval;

/**
 * A context the engine cannot evaluate: an invalid regex in a condition it reaches (both
 * Amplitude engines throw there too), or a regex that exceeded its step budget.
 */
public final class EvaluationException extends RuntimeException {
  public EvaluationException(String message) {
    super(message);
  }
}
