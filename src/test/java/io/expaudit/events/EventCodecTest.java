package io.expaudit.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.AuditEvent.LoggedAssignment;
import io.expaudit.model.AuditEvent.LoggedExposure;
import io.expaudit.model.AuditEvent.LoggedProperty;
import io.expaudit.model.PropertyState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static AuditEvent eventOf(String userId, String platform, long time) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("user_id", userId); // encoded as a reference to the event's user id
    user.put("platform", platform);
    return new AuditEvent("page_view", time, "i" + time, userId, null, null,
        Map.of("user", Collections.unmodifiableMap(user)), Map.of(), Map.of(), null, null, null);
  }

  @Test
  void aDecoderSharesOneContextAmongEventsWhoseContextsAreEqual() {
    EventCodec.Decoder decoder = new EventCodec.Decoder();
    AuditEvent first = decoder.decode(EventCodec.encode(eventOf("u1", "iOS", 1)));
    AuditEvent second = decoder.decode(EventCodec.encode(eventOf("u1", "iOS", 2)));
    AuditEvent android = decoder.decode(EventCodec.encode(eventOf("u1", "Android", 3)));
    AuditEvent backOnIos = decoder.decode(EventCodec.encode(eventOf("u1", "iOS", 4)));

    assertThat(second.context()).isSameAs(first.context());
    assertThat(backOnIos.context()).isSameAs(first.context());
    assertThat(android.context()).isNotSameAs(first.context())
        .isEqualTo(eventOf("u1", "Android", 3).context());
    assertThat(second.time()).isEqualTo(2);
  }

  @Test
  void equalContextBytesUnderAnotherUserIdAreNotShared() {
    EventCodec.Decoder decoder = new EventCodec.Decoder();
    AuditEvent u1 = decoder.decode(EventCodec.encode(eventOf("u1", "iOS", 1)));
    // the same bytes for the context (the id is a reference), but it resolves to another id
    AuditEvent u2 = decoder.decode(EventCodec.encode(eventOf("u2", "iOS", 2)));

    assertThat(u2.context()).isNotSameAs(u1.context()).isEqualTo(eventOf("u2", "iOS", 2).context());
  }

  @Test
  void roundTripsEveryValueTypeAndKeepsKeyOrder() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("z", "last-inserted-first");
    user.put("user_id", "ü𝄞 \u0000");
    user.put("int", -7);
    user.put("long", Long.MIN_VALUE);
    user.put("double", -0.0);
    user.put("nan", Double.NaN);
    user.put("flags", Arrays.asList(true, false, null, List.of(), Map.of("k", 1)));
    user.put("empty", "");
    user.put("nothing", null);
    Map<String, LoggedProperty> properties = new LinkedHashMap<>();
    properties.put("b", new LoggedProperty(PropertyState.NULL, null));
    properties.put("a", new LoggedProperty(PropertyState.PRESENT, "on"));
    Map<String, LoggedAssignment> assignments = new LinkedHashMap<>();
    assignments.put("a", new LoggedAssignment("on", 3L, "All Other Users"));
    assignments.put("c", new LoggedAssignment(null, null, null));
    AuditEvent event = new AuditEvent("[Experiment] Assignment", -1L, null, "u", null, "42",
        Map.of("user", Collections.unmodifiableMap(user)), properties, assignments,
        new LoggedExposure("a", null), "s3a://bucket/2026-11-16/x.json.gz:17", "amplitude-ts/2.11.8");

    AuditEvent decoded = EventCodec.decode(EventCodec.encode(event));

    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.toString()).isEqualTo(event.toString());
    Map<?, ?> decodedUser = (Map<?, ?>) decoded.context().get("user");
    assertThat(decodedUser.get("int")).isInstanceOf(Integer.class);
    assertThat(decodedUser.get("long")).isInstanceOf(Long.class);
    assertThat(Double.doubleToRawLongBits((Double) decodedUser.get("double")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void roundTripsEveryEventOfTheSampleWorldInAFractionOfItsText() throws Exception {
    ExportEventParser parser = new ExportEventParser();
    long textBytes = 0;
    long encodedBytes = 0;
    int events = 0;
    for (String line : SampleLines.all()) {
      AuditEvent e = parser.parseLine(line, "sample-data/world/events/x.json.gz:1").event();
      if (e == null) {
        continue;
      }
      byte[] encoded = EventCodec.encode(e);
      AuditEvent decoded = EventCodec.decode(encoded);
      assertThat(decoded).isEqualTo(e);
      assertThat(decoded.toString()).isEqualTo(e.toString());
      textBytes += line.length();
      encodedBytes += encoded.length;
      events++;
    }
    assertThat(events).isGreaterThan(3_000);
    assertThat((double) encodedBytes / textBytes).isLessThan(0.6);
  }

  @Test
  void oneDecoderForAWholePartitionGivesWhatAFreshOneGives() throws Exception {
    ExportEventParser parser = new ExportEventParser();
    EventCodec.Decoder shared = new EventCodec.Decoder(); // its string table sees every event
    int events = 0;
    for (String line : SampleLines.all()) {
      ExportEventParser.Encoded encoded = parser.encodeLine(line, null);
      if (encoded.rejection() == null) {
        AuditEvent e = shared.decode(encoded.event());
        assertThat(e).isEqualTo(EventCodec.decode(encoded.event()));
        assertThat(e.toString()).isEqualTo(EventCodec.decode(encoded.event()).toString());
        events++;
      }
    }
    assertThat(events).isGreaterThan(3_000);
  }

  @Test
  void aBatchDecodesToItsEventsInOrderAndSharesContextsLikeSingleEvents() throws Exception {
    ExportEventParser parser = new ExportEventParser();
    List<byte[]> encoded = new ArrayList<>();
    for (String line : SampleLines.all().subList(0, 50)) {
      ExportEventParser.Encoded e = parser.encodeLine(line, null);
      if (e.rejection() == null) {
        encoded.add(e.event());
      }
    }
    EventCodec.Batch batch = new EventCodec.Batch();
    encoded.forEach(batch::add);
    List<AuditEvent> fromBatch = new ArrayList<>();
    new EventCodec.Decoder().decodeAll(batch.toByteArray(), fromBatch);

    assertThat(batch.size()).isEqualTo(encoded.size()).isGreaterThan(40);
    assertThat(fromBatch).hasSize(encoded.size());
    EventCodec.Decoder single = new EventCodec.Decoder();
    List<AuditEvent> oneByOne = new ArrayList<>();
    encoded.forEach(e -> oneByOne.add(single.decode(e)));
    assertThat(fromBatch).isEqualTo(oneByOne);
    int shared = 0;
    for (int i = 1; i < encoded.size(); i++) {
      // the same contexts are shared with the event before, batch or not
      boolean sharedAlone = oneByOne.get(i).context() == oneByOne.get(i - 1).context();
      assertThat(fromBatch.get(i).context() == fromBatch.get(i - 1).context()).isEqualTo(sharedAlone);
      shared += sharedAlone ? 1 : 0;
    }
    assertThat(shared).isPositive();
  }

  @Test
  void aBatchedEventOmitsWhatItSharesWithTheOneBeforeAndDecodesToTheSameValues() {
    Map<String, LoggedProperty> properties = Map.of("checkout", new LoggedProperty(PropertyState.PRESENT, "treatment"));
    List<AuditEvent> events = List.of(
        withProperties(eventOf("u1", "iOS", 1), properties),
        withProperties(eventOf("u1", "iOS", 2), properties), // repeats all four parts
        withProperties(eventOf("u2", "iOS", 3), properties), // same context bytes, another user id
        withProperties(eventOf("u2", "Android", 4), Map.of()),
        withProperties(eventOf("u2", "Android", 5), Map.of()));
    EventCodec.Batch batch = new EventCodec.Batch();
    int whole = 0;
    for (AuditEvent e : events) {
      byte[] encoded = EventCodec.encode(e);
      whole += encoded.length;
      batch.add(encoded);
    }
    byte[] bytes = batch.toByteArray();
    List<AuditEvent> decoded = new ArrayList<>();
    new EventCodec.Decoder().decodeAll(bytes, decoded);

    assertThat(decoded).isEqualTo(events);
    assertThat(bytes.length).isLessThan(whole * 3 / 4);
    assertThat(decoded.get(1).context()).isSameAs(decoded.get(0).context());
    assertThat(decoded.get(1).properties()).isSameAs(decoded.get(0).properties());
    // the u1 context's reference to the user id must not carry over to u2
    assertThat(decoded.get(2).context()).isNotSameAs(decoded.get(1).context());
    assertThat(((Map<?, ?>) decoded.get(2).context().get("user")).get("user_id")).isEqualTo("u2");
    assertThat(decoded.get(2).properties()).isSameAs(decoded.get(1).properties());
    assertThat(decoded.get(4).context()).isSameAs(decoded.get(3).context());
  }

  @Test
  void theParserKnowsTheSectionEndsABatchWouldFindByWalkingTheEncoding() throws Exception {
    ExportEventParser parser = new ExportEventParser();
    int checked = 0;
    for (String line : SampleLines.all()) {
      ExportEventParser.Encoded e = parser.encodeLine(line, null);
      if (e.rejection() == null) {
        assertThat(e.sectionEnds()).as(line).containsExactly(EventCodec.sectionEnds(e.event()));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3_000);
  }

  private static AuditEvent withProperties(AuditEvent e, Map<String, LoggedProperty> properties) {
    return new AuditEvent(e.eventType(), e.time(), e.insertId(), e.userId(), e.deviceId(),
        e.amplitudeId(), e.context(), properties, e.assignments(), e.exposure(), e.source(), "sdk/1.0");
  }
}
