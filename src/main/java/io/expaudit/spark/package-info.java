/**
 * The Spark side of the audit: session setup ({@link io.expaudit.spark.Sessions}), listing and
 * reading inputs on any Hadoop filesystem ({@link io.expaudit.spark.Inputs}), the pipeline that
 * reads events once, groups them by unit and runs the pure {@link io.expaudit.checks.UnitAuditor}
 * on each group ({@link io.expaudit.spark.AuditPipeline}), the atomic writer of results
 * ({@link io.expaudit.spark.AtomicOutput}), the state folder of the sequential SRM test
 * ({@link io.expaudit.spark.SrmStateStore}) and the SRM design read from flag configs
 * ({@link io.expaudit.spark.SrmInputs}).
 *
 * <p>May import: {@code model}, {@code config}, {@code eval}, {@code stats}, {@code lint},
 * {@code events}, {@code checks}, {@code report}, Spark, Hadoop. Only {@code io.expaudit.cli}
 * imports this package.
 */
package io.expaudit.spark;
