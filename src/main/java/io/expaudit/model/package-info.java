/**
 * Shared ids and value records that every other package speaks: {@code FlagKey}, {@code
 * VariantKey}, {@code UnitId}, {@code ConfigVersion}, {@code Finding}, {@code Outcome}, {@code
 * AuditResult}. Immutable values with no behaviour beyond validation.
 *
 * <p>May import: the JDK only. Must not import Spark, Jackson or any other {@code io.expaudit}
 * package.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.model;
