/**
 * Reading raw analytics exports: Amplitude JSON lines (gzip or not, a file or a folder of hourly
 * files, any Hadoop filesystem) and Parquet with the same columns. {@link
 * io.expaudit.events.ExportEventParser} turns one exported event into an {@link
 * io.expaudit.model.AuditEvent} (the evaluation context rebuilt with the field mapping, the
 * experiment properties with an explicit {@link io.expaudit.model.PropertyState}, assignment and
 * exposure details) or a rejection reason for the quarantine. {@link
 * io.expaudit.events.EventReader} does the Spark side: listing, reading with file and line,
 * quarantine rows.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, Jackson, Spark (the
 * reader only; the parser is pure).
 */
package io.expaudit.events;
