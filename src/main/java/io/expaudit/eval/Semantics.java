package io.expaudit.eval;

/** Which Amplitude engine's corner cases to reproduce (spec §6.9, §10). */
public enum Semantics {
  /** Kotlin/JVM {@code evaluation-core} 2.3.0: JVM SDK 1.8.2 and remote evaluation. The default. */
  KOTLIN,
  /** {@code @amplitude/experiment-core} 0.13.6: the JS and Node SDKs' local evaluation. */
  JS;

  /** Parses {@code kotlin} or {@code js}, any case. */
  public static Semantics parse(String name) {
    for (Semantics s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown semantics '" + name + "' (expected kotlin or js)");
  }
}
