package io.expaudit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of {@code bin/expaudit <command> <args>} in this JVM: its exit status and both streams. */
public record CliRun(int exit, String out, String err) {

  public static CliRun of(String command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = Main.run(all, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(exit, out.toString(), err.toString());
  }
}
