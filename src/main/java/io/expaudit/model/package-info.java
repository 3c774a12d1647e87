/**
 * Value records every other package speaks: {@link io.expaudit.model.AuditEvent} (an event as
 * the audit reads it), {@link io.expaudit.model.Finding} (one row of {@code findings/}),
 * {@link io.expaudit.model.Severity} and {@link io.expaudit.model.PropertyState}. Immutable
 * values with no behaviour beyond small predicates.
 *
 * <p>May import: the JDK only. Must not import Spark, Jackson or any other {@code io.expaudit}
 * package.
 */
package io.expaudit.model;
