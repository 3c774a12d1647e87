package io.expaudit.config;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One capture of a deployment's flags: what {@code /sdk/v2/flags} served at {@code capturedAt}
 * (DESIGN.md, Inputs).
 *
 * @param capturedAt when the payload was fetched
 * @param flags the payload
 * @param source the file it came from, for messages
 */
public record Snapshot(Instant capturedAt, List<FlagConfig> flags, String source)
    implements Serializable {

  private static final Pattern STAMP =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z)");
  private static final DateTimeFormatter STAMP_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'", java.util.Locale.ROOT);

  /**
   * Parses a snapshot file: {@code {"captured_at": "<ISO-8601>", "flags": [...]}}, or a bare
   * array whose capture time is the {@code YYYY-MM-DDTHH-MM-SSZ} stamp in the file name.
   *
   * @throws ConfigException naming the file when the JSON or the time cannot be read
   */
  public static Snapshot parse(String json, String source) {
    return parse(json, source, null);
  }

  /**
   * Parses a snapshot file like {@link #parse(String, String)}, but takes {@code whenUndated} as
   * the capture time of a payload that has neither {@code captured_at} nor a stamp in its name (a
   * single payload linted on its own); null makes such a payload an error, as there.
   */
  public static Snapshot parse(String json, String source, Instant whenUndated) {
    List<FlagConfig> flags = FlagConfigParser.parse(json, source);
    String capturedAt = FlagConfigParser.capturedAt(json, source);
    Instant time;
    if (capturedAt != null) {
      try {
        time = java.time.OffsetDateTime.parse(capturedAt).toInstant();
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            source + ": captured_at '" + capturedAt + "' is not an ISO-8601 time with offset");
      }
    } else {
      time = stampOf(source);
      if (time == null) {
        time = whenUndated;
      }
      if (time == null) {
        throw new ConfigException(
            source + ": a bare flag array needs its capture time in the file name"
                + " (YYYY-MM-DDTHH-MM-SSZ, e.g. flags-2026-11-24T00-00-00Z.json)"
                + " or a {\"captured_at\": ..., \"flags\": [...]} object");
      }
    }
    return new Snapshot(time, flags, source);
  }

  /** The capture time stamped in a file name, or null. */
  public static Instant stampOf(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    Matcher m = STAMP.matcher(name);
    if (!m.find()) {
      return null;
    }
    try {
      return LocalDateTime.parse(m.group(1), STAMP_FORMAT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
