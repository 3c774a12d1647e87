package io.expaudit.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code expaudit} command. Its subcommands return their exit code; this class maps the rest:
 * {@value #EXIT_OK} success, {@value #EXIT_USAGE} bad usage (picocli parameter errors, no command
 * given), {@value #EXIT_INTERNAL} internal failure (an exception a command did not handle, reported
 * as one line on stderr). {@link #main} is the only place in the program that calls {@code
 * System.exit}.
 */
@Command(
    name = "expaudit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Audits feature-flag experiments: expected vs logged assignments, SRM, lints.",
    subcommands = {AuditCommand.class, EvaluateCommand.class, GenerateSampleCommand.class,
        LintConfigCommand.class, SnapshotFlagsCommand.class, SrmCommand.class})
public final class Main implements Callable<Integer> {

  /** Success, and for {@code audit}: no finding at or above {@code --fail-on}. */
  public static final int EXIT_OK = 0;

  /** Bad usage or bad input. */
  public static final int EXIT_USAGE = 2;

  /** Internal failure: an exception no command handled. */
  public static final int EXIT_INTERNAL = 3;

  @Spec CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true);
    System.exit(run(args, out, err));
  }

  /** Runs the command line with the given streams and returns the exit code; never exits. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return newCommandLine().setOut(out).setErr(err).execute(args);
  }

  /** The {@code expaudit} command with its exit-code mapping, writing to the JVM's streams. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine
        .getCommandSpec()
        .exitCodeOnInvalidInput(EXIT_USAGE)
        .exitCodeOnExecutionException(EXIT_INTERNAL);
    return commandLine.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("expaudit: internal failure: " + describe(ex));
          // a bug, not bad input: the trace is what a report of it needs
          ex.printStackTrace(cmd.getErr());
          cmd.getErr().flush();
          return EXIT_INTERNAL;
        });
  }

  /** Called without a command: usage on stderr, exit {@value #EXIT_USAGE}. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("expaudit: missing command");
    spec.commandLine().usage(err);
    return EXIT_USAGE;
  }

  /** The exception and its causes on one line, without a stack trace. */
  static String describe(Throwable ex) {
    StringBuilder text = new StringBuilder(firstLine(ex));
    for (Throwable cause = ex.getCause(); cause != null && cause != ex; cause = cause.getCause()) {
      text.append("; caused by ").append(firstLine(cause));
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  /** An exception's class and the first line of its message (Spark's can run to pages). */
  private static String firstLine(Throwable ex) {
    String s = ex.toString();
    int newline = s.indexOf('\n');
    return newline < 0 ? s : s.substring(0, newline) + " [...]";
  }

  /** The version from the jar manifest ({@code Implementation-Version}), if there is one. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"expaudit " + (version == null ? "(development build)" : version)};
    }
  }
}
