package io.expaudit.eval;

/**
 * A context the engine cannot evaluate: an invalid regex in a condition it reaches (both
 * Amplitude engines throw there too), a regex that exceeded its step budget, or, in Kotlin
 * semantics, a map or list holding NaN or an infinite number that a condition or bucket turns
 * into JSON text (kotlinx-serialization throws there).
 */
public final class EvaluationException extends RuntimeException {
  public EvaluationException(String message) {
    super(message);
  }
}
