/**
 * The Spark side: {@code SparkSession} setup, the {@code RowContext} adapter that lets the engine
 * read a Spark {@code Row}, the evaluator broadcast, the expected-assignment stage, {@code
 * AuditPipeline}, job-group labels and the atomic result writers.
 *
 * <p>May import: the packages above it ({@code model}, {@code config}, {@code eval}, {@code stats},
 * {@code lint}, {@code events}, {@code checks}, {@code report}), Spark. Only {@code
 * io.expaudit.cli} imports this package.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.spark;
