package io.expaudit.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.PropertyState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportEventParserTest {
  private final ExportEventParser parser = new ExportEventParser();

  @Test
  void readsTheExportTimeFormatToTheMillisecond() {
    assertThat(ExportEventParser.exportTime("2026-11-16 10:00:00.123456")).isEqualTo(1794823200123L);
    assertThat(ExportEventParser.exportTime("2026-11-16 10:00:00")).isEqualTo(1794823200000L);
    assertThat(ExportEventParser.exportTime("2026-11-16 10:00:00.5")).isEqualTo(1794823200500L);
    assertThat(ExportEventParser.exportTime("2026-02-30 10:00:00")).isNull();
    assertThat(ExportEventParser.exportTime("2026-11-16T10:00:00Z")).isNull();
    assertThat(ExportEventParser.time("2026-11-16T10:00:00Z"))
        .isEqualTo(1794823200000L);
  }

  @Test
  void buildsTheContextWithTheDefaultFieldMappingAndSplitsExperimentProperties() {
    AuditEvent e = parser.parseLine("""
        {"event_type": "[Experiment] Assignment", "event_time": "2026-11-16 10:00:00.000", "user_id": "u1",
         "amplitude_id": 42, "os_name": "ios", "version_name": "5.1", "country": "France", "$insert_id": "i1",
         "user_properties": {"plan": "pro", "[Experiment] a": "treatment", "[Experiment] b": null, "[Experiment] c": ""},
         "event_properties": {"[Experiment] a.variant": "treatment", "[Experiment] a.details": "v3 rule:EU"},
         "groups": {"org": ["acme"]}, "group_properties": {"org": {"acme": {"tier": "gold"}}}}
        """, "f:1").event();
    assertThat(e.amplitudeId()).isEqualTo("42");
    assertThat(e.insertId()).isEqualTo("i1");
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) e.context().get("user");
    assertThat(user).containsEntry("os", "ios").containsEntry("version", "5.1")
        .containsEntry("amplitude_id", "42").containsEntry("user_properties", Map.of("plan", "pro"));
    assertThat(e.context().get("groups")).isEqualTo(Map.of("org", Map.of("group_name", "acme", "group_properties", Map.of("tier", "gold"))));
    assertThat(e.properties().get("a").state()).isEqualTo(PropertyState.PRESENT);
    assertThat(e.properties().get("b").state()).isEqualTo(PropertyState.NULL);
    assertThat(e.properties().get("c").state()).isEqualTo(PropertyState.EMPTY);
    assertThat(e.assignments().get("a")).isEqualTo(new AuditEvent.LoggedAssignment("treatment", 3L, "EU"));
  }

  @Test
  void rejectsMalformedRowsWithTheirReason() {
    assertThat(parser.parseLine("{not json", "f").rejection()).startsWith("not valid JSON");
    assertThat(parser.parseLine("{\"user_id\": \"u\"}", "f").rejection()).isEqualTo("missing event_time");
    assertThat(parser.parseLine("{\"event_time\": \"2026-11-16 10:00:00\"}", "f").rejection())
        .isEqualTo("no user_id, device_id or amplitude_id");
    assertThat(parser.parseLine("{\"event_time\": \"yesterday\", \"user_id\": \"u\"}", "f").rejection())
        .isEqualTo("unreadable event_time \"yesterday\"");
    assertThat(parser.parseLine("{\"event_type\": \"[Experiment] Assignment\", \"event_time\": \"2026-11-16 10:00:00\","
        + " \"user_id\": \"u\", \"event_properties\": {\"a.variant\": \"on\", \"a.details\": \"version three\"}}", "f")
        .rejection()).contains("unparseable a.details 'version three'");
    assertThat(parser.parseLine("{\"event_type\": \"$exposure\", \"event_time\": \"2026-11-16 10:00:00\","
        + " \"user_id\": \"u\", \"event_properties\": {}}", "f").rejection()).isEqualTo("exposure without a flag key");
  }

  @Test
  void rejectsTrailingContentAndNonObjects() {
    assertThat(parser.parseLine("{\"event_time\": 1, \"user_id\": \"u\"} trailing", "f").rejection())
        .startsWith("not valid JSON");
    assertThat(parser.parseLine("[1]", "f").rejection()).isEqualTo("not a JSON object");
    assertThat(parser.parseLine("{\"event_time\": 1.5, \"user_id\": \"u\"}", "f").rejection())
        .isEqualTo("unreadable event_time 1.5");
  }
}
