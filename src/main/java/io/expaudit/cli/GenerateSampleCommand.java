package io.expaudit.cli;

import io.expaudit.sample.WorldGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit generate-sample}: writes a synthetic week of flag snapshots and Amplitude event
 * exports with injected faults, and the ground truth of the findings an audit must report
 * (DESIGN.md, Command line). See {@link WorldGenerator} for the world and the file layout.
 */
@Command(
    name = "generate-sample",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic world: flags/ (snapshots), events/ (hourly gzip JSON lines in Amplitude's"
          + " export format) and ground-truth.jsonl (the unit findings an audit must report)."
    })
public final class GenerateSampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory to create; it must not exist or be empty.")
  Path out;

  @Option(names = "--users", defaultValue = "2000", paramLabel = "N",
      description = "People (amplitude_ids) to simulate (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "S",
      description = "Random seed; the same seed writes the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--events-per-user", paramLabel = "E",
      description = "Average events per person (default: 10); events ≈ users × E.")
  Double eventsPerUser;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(out) && !WorldGenerator.isEmptyDirectory(out)) {
      err.println("expaudit generate-sample: " + out
          + (Files.isDirectory(out) ? " is not empty" : " exists and is not a directory")
          + "; choose a new or empty --out directory");
      err.flush();
      return Main.EXIT_USAGE;
    }
    double perUser = eventsPerUser == null ? WorldGenerator.DEFAULT_EVENTS_PER_USER : eventsPerUser;
    long started = System.nanoTime();
    WorldGenerator.Summary summary;
    try {
      summary = WorldGenerator.generate(out, users, seed, perUser);
    } catch (IllegalArgumentException e) {
      err.println("expaudit generate-sample: " + e.getMessage());
      err.flush();
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println("expaudit generate-sample: cannot write " + out + ": " + e);
      err.flush();
      return Main.EXIT_USAGE;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.println(String.format(Locale.ROOT,
        "expaudit generate-sample: %s: %d users, %d events (+%d duplicates, %d malformed lines),"
            + " %d flag snapshots, %d expected findings, clean flags %s, seed %d, %.1f s",
        out, summary.users(), summary.events(), summary.duplicates(), summary.malformedLines(),
        summary.snapshots(), summary.findingCount(), summary.cleanFlags(), seed, seconds));
    err.flush();
    return Main.EXIT_OK;
  }
}
