/**
 * Parsing at the edge: exported evaluation-format flag configs ({@code /sdk/v2/flags} JSON) and
 * evaluation contexts, read with Jackson into immutable records ({@link io.expaudit.config.FlagConfig}
 * and friends) and plain Java values. Nothing downstream sees JSON text or Jackson types.
 *
 * <p>May import: {@code io.expaudit.model}, Jackson, the JDK. Must not import Spark or
 * {@code io.expaudit.eval}; the engine compiles these records, not the other way round.
 */
package io.expaudit.config;
