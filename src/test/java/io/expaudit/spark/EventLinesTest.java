package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.events.ExportEventParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first stage's reading of one file, without Spark: lines as bytes, numbered as editors do. */
class EventLinesTest {
  @TempDir Path dir;

  private static final String EVENT =
      "{\"event_type\":\"page_view\",\"event_time\":\"2026-11-16 10:00:00\",\"user_id\":\"u%d\"}";

  @Test
  void readsLinesWhateverTheirEndingsAndQuarantinesBytesThatAreNotUtf8() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes((String.format(EVENT, 1) + "\r\n").getBytes(StandardCharsets.UTF_8)); // line 1
    file.writeBytes("   \n".getBytes(StandardCharsets.UTF_8)); // line 2: blank, not a row
    file.writeBytes("{\"event_type\":\"caf".getBytes(StandardCharsets.UTF_8)); // line 3: Latin-1 é
    file.write(0xE9);
    file.writeBytes("\",\"event_time\":1,\"user_id\":\"u\"}\n".getBytes(StandardCharsets.UTF_8));
    file.writeBytes((String.format(EVENT, 4) + "\n").getBytes(StandardCharsets.UTF_8)); // line 4
    file.writeBytes("{\"event_type\":\"é\",\"event_time\":1,\"user_id\":\"u5\"}".getBytes(StandardCharsets.UTF_8));
    Path path = dir.resolve("events.json");
    Files.write(path, file.toByteArray());

    List<Row> rows = new ArrayList<>();
    EventLines.readFile(path.toString(), new Configuration(), null, null, new ExportEventParser())
        .forEachRemaining(rows::add);

    List<String> units = new ArrayList<>();
    List<String> quarantined = new ArrayList<>();
    Map<String, Long> stats = new TreeMap<>();
    for (Row r : rows) {
      switch (r.getString(0)) {
        case EventLines.VALID -> units.add(r.getString(1));
        case EventLines.QUARANTINE -> quarantined.add(r.getLong(4) + ": " + r.getString(5));
        default -> stats.put(r.getString(6), r.getLong(4));
      }
    }
    assertThat(units).containsExactly("u1", "u4", "u5");
    assertThat(quarantined).singleElement().asString().startsWith("3: not valid JSON: Invalid UTF-8");
    assertThat(stats).containsEntry("rows_read", 4L).containsEntry("rows_quarantined", 1L)
        .containsEntry("rows_outside_window", 0L);
  }

  @Test
  void aLineOverTheLimitIsQuarantinedAndTheNextOnesAreRead() throws Exception {
    String huge = "{\"event_type\":\"page_view\",\"padding\":\"" + "x".repeat(500) + "\"}";
    Path path = dir.resolve("events.json");
    Files.writeString(path, String.format(EVENT, 1) + "\n" + huge + "\n" + String.format(EVENT, 3) + "\n");

    List<String> units = new ArrayList<>();
    List<String> quarantined = new ArrayList<>();
    Map<String, Long> stats = new TreeMap<>();
    EventLines.readFile(path.toString(), new Configuration(), null, null, new ExportEventParser(), 200)
        .forEachRemaining(r -> {
          switch (r.getString(0)) {
            case EventLines.VALID -> units.add(r.getString(1));
            case EventLines.QUARANTINE -> quarantined.add(r.getLong(4) + ": " + r.getString(5) + ": "
                + r.getString(6).length());
            default -> stats.put(r.getString(6), r.getLong(4));
          }
        });

    assertThat(units).containsExactly("u1", "u3");
    assertThat(quarantined).containsExactly("2: line longer than 200 bytes: 200");
    assertThat(stats).containsEntry("rows_read", 3L).containsEntry("rows_quarantined", 1L);
  }
}
