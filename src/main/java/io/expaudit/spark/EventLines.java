package io.expaudit.spark;

import io.expaudit.events.ByteLines;
import io.expaudit.events.EventCodec;
import io.expaudit.events.ExportEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage: an input line is parsed once, in a single streaming pass, into {@link
 * EventCodec}'s compact form (what the shuffle moves); a file's events of one unit travel as one
 * row keyed by the unit. A line that cannot be read becomes a quarantine row with file, line and
 * reason. A file that ends early (a truncated gzip) quarantines a row saying so; the lines read
 * before stay in. Lines outside the window are counted, not kept.
 */
final class EventLines {
  static final String VALID = "event";
  static final String QUARANTINE = "quarantine";
  static final String STAT = "stat";

  /**
   * kind, key (unit id, or a reserved key for quarantine and stats), the unit's encoded events
   * (an {@link EventCodec.Batch}), and for quarantine and stat rows: source file, line, reason,
   * raw text (or the stat's name), value.
   */
  static final StructType SCHEMA =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("event", DataTypes.BinaryType, true)
          .add("source", DataTypes.StringType, true)
          .add("line", DataTypes.LongType, true)
          .add("reason", DataTypes.StringType, true)
          .add("text", DataTypes.StringType, true);

  /** A line longer than this is quarantined, not read: a file without line breaks cannot exhaust the memory. */
  static final int MAX_LINE_BYTES = 64 << 20;

  private EventLines() {}

  /**
   * What one input file gave: its counters, emitted as {@link #STAT} rows, and its valid events
   * grouped by unit within windows of lines, each unit's emitted as one row ({@link
   * EventCodec.Batch}): a unit's events in an hourly file are mostly a session, five to a row in
   * the generated worlds, and Spark's cost to convert, shuffle and sort is per row.
   */
  static final class FileResult {
    long read;
    long quarantined;
    long outsideWindow;
    /** Lines whose events are grouped together: a session's, mostly, in an hourly file. */
    static final int WINDOW = 16_384;
    private final Map<String, EventCodec.Batch> units = new LinkedHashMap<>();

    void add(ExportEventParser.Encoded event) {
      units.computeIfAbsent(event.unit(), k -> new EventCodec.Batch())
          .add(event.event(), event.sectionEnds());
    }

    /**
     * Emits the units collected so far: called every {@link #WINDOW} lines, so that the events
     * waiting for their batch die young (a whole file's held the heap through collections).
     */
    void flush(List<Row> out) {
      units.forEach((unit, events) -> out.add(RowFactory.create(VALID, unit, events.toByteArray(),
          null, null, null, null)));
      units.clear();
    }

    void addTo(List<Row> out, String file) {
      flush(out);
      out.add(stat(file, "rows_read", read));
      out.add(stat(file, "rows_quarantined", quarantined));
      out.add(stat(file, "rows_outside_window", outsideWindow));
    }
  }

  static Row stat(String file, String name, long value) {
    return RowFactory.create(STAT, "\u0000stat", null, file, value, null, name);
  }

  static Row quarantine(String file, Long line, String reason, String text) {
    String raw = text == null ? null : text.length() > 2000 ? text.substring(0, 2000) : text;
    return RowFactory.create(QUARANTINE, "\u0000q:" + file, null, file, line, reason, raw);
  }

  /** Parses one line into {@code result}, or a quarantine row into {@code out}. */
  static void accept(String text, String file, long line, Long from, Long to,
      ExportEventParser parser, FileResult result, List<Row> out) {
    if (text.isBlank()) {
      return;
    }
    result.read++;
    // no source on the event: it would travel through the shuffle for nothing (findings never
    // cite it); quarantine rows carry file and line themselves
    keep(parser.encodeLine(text, null), () -> text, file, line, from, to, result, out);
  }

  /** {@link #accept(String, String, long, Long, Long, ExportEventParser, FileResult, List)} on UTF-8 bytes. */
  static void accept(byte[] utf8, int offset, int length, String file, long line, Long from, Long to,
      ExportEventParser parser, FileResult result, List<Row> out) {
    if (isBlank(utf8, offset, length)) {
      return;
    }
    result.read++;
    keep(parser.encodeLine(utf8, offset, length, null),
        () -> new String(utf8, offset, length, StandardCharsets.UTF_8), file, line, from, to, result, out);
  }

  private static boolean isBlank(byte[] utf8, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = utf8[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
  }

  private static void keep(ExportEventParser.Encoded parsed, Supplier<String> text, String file,
      long line, Long from, Long to, FileResult result, List<Row> out) {
    if (parsed.rejection() != null) {
      result.quarantined++;
      out.add(quarantine(file, line, parsed.rejection(), text.get()));
      return;
    }
    if (parsed.unit() == null) {
      result.quarantined++;
      out.add(quarantine(file, line, "none of the unit ids (unit.precedence) is present", text.get()));
      return;
    }
    if ((from != null && parsed.time() < from) || (to != null && parsed.time() >= to)) {
      result.outsideWindow++;
      return;
    }
    result.add(parsed);
  }

  /** Reads one JSON-lines file (plain or compressed, by extension). */
  static Iterator<Row> readFile(String file, Configuration conf, Long from, Long to,
      ExportEventParser parser) {
    return readFile(file, conf, from, to, parser, MAX_LINE_BYTES);
  }

  /** {@link #readFile(String, Configuration, Long, Long, ExportEventParser)} with another line limit. */
  static Iterator<Row> readFile(String file, Configuration conf, Long from, Long to,
      ExportEventParser parser, int maxLineBytes) {
    List<Row> out = new ArrayList<>();
    FileResult result = new FileResult();
    Path path = new Path(file);
    long line = 0;
    try {
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      InputStream raw = path.getFileSystem(conf).open(path);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      // lines as bytes (\n, \r or \r\n), parsed where they lie without decoding them to Strings
      try (ByteLines lines = new ByteLines(in, 1 << 16, maxLineBytes)) {
        while (lines.next()) {
          line++;
          if (lines.overlong()) {
            result.read++;
            result.quarantined++;
            out.add(quarantine(file, line, "line longer than " + maxLineBytes + " bytes",
                new String(lines.buffer(), lines.start(), Math.min(lines.length(), 2000), StandardCharsets.UTF_8)));
          } else {
            accept(lines.buffer(), lines.start(), lines.length(), file, line, from, to, parser, result, out);
          }
          if (line % FileResult.WINDOW == 0) {
            result.flush(out);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      result.quarantined++;
      out.add(quarantine(file, line + 1,
          "file unreadable after line " + line + " (truncated or corrupt?): " + e, null));
    }
    result.addTo(out, file);
    return out.iterator();
  }
}
