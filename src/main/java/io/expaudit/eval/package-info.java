/**
 * The pure-Java Amplitude evaluation engine: MurmurHash3 x86_32, allocation and distribution
 * bucketing, selectors, the 20 operators with each engine's type coercion, topological order of
 * dependencies, and {@link io.expaudit.eval.FlagEvaluator}, which compiles flag configs once into
 * an immutable, serializable, thread-safe value and evaluates contexts against it.
 *
 * <p>Two {@link io.expaudit.eval.Semantics}: {@code KOTLIN} follows Amplitude's Kotlin/JVM
 * {@code evaluation-core} 2.3.0 (the default, parity with remote evaluation) and {@code JS}
 * follows {@code @amplitude/experiment-core} 0.13.6. Every difference is cited to
 * {@code amplitude-evaluation.md} §6.9.
 *
 * <p>May import: {@code io.expaudit.config} records, {@code io.expaudit.model}, the JDK. Must not
 * import Spark, Jackson or anything with I/O: the engine's own JSON emulations live here because
 * they must reproduce each engine's quirks exactly.
 */
package io.expaudit.eval;
