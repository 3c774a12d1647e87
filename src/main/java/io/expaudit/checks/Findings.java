package io.expaudit.checks;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;

/** Builds unit-level findings with the ids of the events involved. */
final class Findings {
  private Findings() {}

  static Finding unit(
      String check,
      Severity severity,
      UnitFlagTimeline timeline,
      FlagObservation first,
      FlagObservation last,
      long events,
      String expected,
      String observed,
      String cause,
      String segment,
      String detail) {
    AuditEvent e = first.event();
    return new Finding(check, severity, timeline.flagKey(), timeline.unitId(), e.userId(),
        e.deviceId(), e.amplitudeId(), expected, observed, cause, first.expected().version(),
        segment, first.time(), last.time(), events, null, detail);
  }
}
