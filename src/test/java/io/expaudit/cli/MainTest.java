package io.expaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpPrintsUsageOnStdoutAndExitsZero() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString()).startsWith("Usage: expaudit");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionExitsZero() {
    assertThat(run("--version")).isEqualTo(0);
    assertThat(out.toString()).startsWith("expaudit ");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("--no-such-option")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).startsWith("expaudit: missing command").contains("Usage: expaudit");
  }

  @Test
  void unexpectedExceptionIsAnInternalFailureReportedOnOneLine() {
    CommandLine commandLine =
        Main.newCommandLine()
            .addSubcommand("boom", new Boom())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    int code = commandLine.execute("boom");

    assertThat(code).isEqualTo(Main.EXIT_INTERNAL);
    assertThat(err.toString())
        .startsWith(
            "expaudit: internal failure: java.lang.IllegalStateException: broken;"
                + " caused by java.io.IOException: disk"
                + System.lineSeparator())
        .contains("at io.expaudit.cli.MainTest$Boom.call");
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("broken", new IOException("disk"));
    }
  }
}
