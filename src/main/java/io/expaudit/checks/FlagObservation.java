package io.expaudit.checks;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.PropertyState;
import java.io.Serializable;

/**
 * One thing an event says about a unit's variant of one flag, with what it should have said.
 *
 * @param state for {@link Source#USER_PROPERTY}: the property's state; otherwise
 *     {@link PropertyState#PRESENT} when a variant was logged, else {@link PropertyState#ABSENT}
 * @param variant the logged variant key, or null
 * @param expected the recomputed expectation for this event and flag
 */
public record FlagObservation(
    AuditEvent event,
    Source source,
    PropertyState state,
    String variant,
    Long detailsVersion,
    String detailsSegment,
    Expectation expected)
    implements Serializable {

  public long time() {
    return event.time();
  }

  /** True for an assignment event, or an exposure that carries a variant. */
  public boolean carriesAssignment() {
    return (source == Source.ASSIGNMENT || source == Source.EXPOSURE) && variant != null;
  }
}
