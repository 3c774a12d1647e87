/**
 * Reading raw analytics exports (Amplitude JSON lines, gzip or not, and Parquet with the same
 * columns): their column names and schemas, quarantine of malformed rows, de-duplication by insert
 * id, and normalisation into {@code Dataset<UnitFacts>} with an explicit {@code PropertyState}
 * ({@code PRESENT}, {@code NULL}, {@code EMPTY}, {@code ABSENT}) instead of Spark nulls.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, Spark.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.events;
