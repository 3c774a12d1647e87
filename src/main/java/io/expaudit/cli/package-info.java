/**
 * The picocli commands ({@link io.expaudit.cli.Main} and its subcommands), option parsing,
 * defaults from environment variables (for Airflow), and the exit-code mapping of DESIGN.md
 * (0 ok, 1 findings at or above {@code --fail-on}, 2 bad usage or bad input, 3 internal failure).
 * {@link io.expaudit.cli.Main#main} is the only {@code System.exit} in the program.
 *
 * <p>May import: every {@code io.expaudit} package, Spark. Nothing imports this package.
 */
package io.expaudit.cli;
