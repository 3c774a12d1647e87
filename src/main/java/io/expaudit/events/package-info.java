/**
 * Reading raw analytics exports: Amplitude JSON lines and rows of Parquet with the same columns.
 * {@link io.expaudit.events.ByteLines} splits a stream into lines without decoding them; {@link
 * io.expaudit.events.ExportEventParser} reads one exported event in a single streaming pass
 * (the evaluation context rebuilt with the field mapping, the experiment properties with an
 * explicit {@link io.expaudit.model.PropertyState}, assignment and exposure details) or gives
 * the reason it is rejected; it writes the event straight into {@link
 * io.expaudit.events.EventCodec}'s compact form, which the audit shuffles and decodes into an
 * {@link io.expaudit.model.AuditEvent} per unit. The Spark side (listing, files, quarantine rows)
 * is {@code io.expaudit.spark.EventLines}.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, Jackson. No Spark.
 */
package io.expaudit.events;
