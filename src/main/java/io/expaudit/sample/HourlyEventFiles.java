package io.expaudit.sample;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The hourly files of an Amplitude export, {@code events/<day>/100_<day>_<H>#0.json.gz}, one gzip
 * stream per hour of the window, opened on first use and all kept open, so that events can be
 * written in any order with bounded memory. Only hours that receive a line get a file.
 */
final class HourlyEventFiles implements Closeable {
  private static final long HOUR_MS = 3_600_000L;
  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final long startMs;
  private final OutputStream[] hours;

  HourlyEventFiles(Path root, Instant start, Instant end) {
    this.root = root;
    this.startMs = start.toEpochMilli();
    this.hours = new OutputStream[(int) ((end.toEpochMilli() - startMs) / HOUR_MS)];
  }

  /** Number of hour files in the window. */
  int hourCount() {
    return hours.length;
  }

  /** The hour index of an instant, clamped into the window. */
  int hourOf(long epochMs) {
    long hour = Math.floorDiv(epochMs - startMs, HOUR_MS);
    return (int) Math.max(0, Math.min(hours.length - 1, hour));
  }

  /** Appends one line (without its newline) to the file of {@code hour}. */
  void write(int hour, byte[] line, int length) throws IOException {
    OutputStream out = hours[hour];
    if (out == null) {
      out = open(hour);
      hours[hour] = out;
    }
    out.write(line, 0, length);
    out.write('\n');
  }

  private OutputStream open(int hour) throws IOException {
    LocalDateTime time =
        LocalDateTime.ofEpochSecond((startMs + hour * HOUR_MS) / 1000, 0, ZoneOffset.UTC);
    String day = time.toLocalDate().toString();
    Path dir = root.resolve(day);
    Files.createDirectories(dir);
    Path file = dir.resolve("100_" + day + "_" + time.getHour() + "#0.json.gz");
    OutputStream raw = Files.newOutputStream(file);
    // level 1: the files are test data; speed matters more than size for 10M-event worlds
    return new BufferedOutputStream(new FastGzip(raw), BUFFER);
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (int i = 0; i < hours.length; i++) {
      if (hours[i] != null) {
        try {
          hours[i].close();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
        hours[i] = null;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
