/**
 * Synthetic worlds with injected faults and their ground truth: flag snapshots, Amplitude-style
 * hourly event exports and the unit findings an auditor must report, for {@code generate-sample},
 * end-to-end tests and benchmarks. {@link io.expaudit.sample.WorldGenerator} is the entry point.
 *
 * <p>May import: {@code io.expaudit.config}, {@code io.expaudit.eval}, Jackson, the JDK. Must not
 * import Spark, {@code io.expaudit.cli} or {@code io.expaudit.spark}.
 */
package io.expaudit.sample;
