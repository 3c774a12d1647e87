package io.expaudit.checks;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.AuditEvent.LoggedAssignment;
import io.expaudit.model.AuditEvent.LoggedProperty;
import io.expaudit.model.Finding;
import io.expaudit.model.PropertyState;
import io.expaudit.config.FlagHistory.FlagVersion;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits one analysis unit: deduplicates its events by insert id, builds a time-ordered
 * {@link UnitFlagTimeline} per flag the events mention (every event of the unit contributes a
 * user-property observation, so unset properties are visible), recomputes each event's expected
 * variant, and runs the checks. Pure and serializable: Spark calls it once per unit.
 */
public final class UnitAuditor implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Everything one unit produced.
   *
   * @param timelines for the report's drill-down: the compacted timeline of each flag with findings
   */
  public record UnitResult(List<Finding> findings, List<UnitFlagSummary> summaries, int duplicates,
      List<UnitTimeline> timelines) {}

  private final ExpectedAssignments expectations;
  private final List<UnitCheck> checks;
  private final List<String> sliceDimensions;

  public UnitAuditor(ExpectedAssignments expectations, List<UnitCheck> checks) {
    this(expectations, checks, List.of());
  }

  /**
   * @param sliceDimensions the pre-treatment attributes each summary records for the SRM
   *     drill-down: {@code first_assignment_day}, {@code sdk_library}, {@code app_version}, or any
   *     {@code context.user} field ({@code platform}, {@code country}, ...)
   */
  public UnitAuditor(ExpectedAssignments expectations, List<UnitCheck> checks,
      List<String> sliceDimensions) {
    this.expectations = expectations;
    this.checks = List.copyOf(checks);
    this.sliceDimensions = List.copyOf(sliceDimensions);
  }

  /** The three unit-level checks of DESIGN.md. */
  public static List<UnitCheck> defaultChecks() {
    return List.of(new AssignmentMismatchCheck(), new VariantJumpCheck(), new NullPropertyLeakCheck());
  }

  public UnitResult audit(String unitId, List<AuditEvent> unsorted) {
    List<AuditEvent> events = new ArrayList<>(unsorted);
    events.sort(Comparator.comparingLong(AuditEvent::time)
        .thenComparing(AuditEvent::insertId, Comparator.nullsLast(Comparator.naturalOrder())));
    Set<String> seen = new HashSet<>(events.size() * 2);
    int duplicates = 0;
    List<AuditEvent> unique = new ArrayList<>(events.size());
    for (AuditEvent e : events) {
      if (e.insertId() != null && !seen.add(e.insertId())) {
        duplicates++;
      } else {
        unique.add(e);
      }
    }
    Set<String> mentioned = new HashSet<>();
    for (AuditEvent e : unique) {
      mentioned.addAll(e.properties().keySet());
      mentioned.addAll(e.assignments().keySet());
      if (e.exposure() != null) {
        mentioned.add(e.exposure().flagKey());
      }
    }
    List<String> flags = new ArrayList<>(mentioned);
    flags.sort(null); // flags in key order, whatever order the events name them in
    // per event, once for all flags: which of the unit's distinct contexts it carries (deep map
    // comparisons once per event, not once per event and flag) and the snapshot live at its time
    int[] contexts = new int[unique.size()];
    int[] snapshots = new int[unique.size()];
    Map<ContextKey, Integer> distinct = new HashMap<>();
    // events often share one context instance (EventCodec.Decoder): those skip the deep hash
    Map<Map<String, Object>, Integer> byInstance = new IdentityHashMap<>();
    for (int i = 0; i < contexts.length; i++) {
      AuditEvent e = unique.get(i);
      contexts[i] = byInstance.computeIfAbsent(e.context(),
          c -> distinct.computeIfAbsent(new ContextKey(c), k -> distinct.size()));
      snapshots[i] = expectations.history().snapshotIndexAt(Instant.ofEpochMilli(e.time()));
    }
    List<Finding> findings = new ArrayList<>();
    List<UnitFlagSummary> summaries = new ArrayList<>();
    List<UnitTimeline> timelines = new ArrayList<>();
    // flags mostly share their anchor event: its slice attributes are looked up once
    Map<AuditEvent, Map<String, String>> slices = new IdentityHashMap<>();
    for (String flag : flags) {
      if (expectations.history().versions(flag).isEmpty()) {
        continue; // never captured: nothing to compare with (counted by the caller)
      }
      UnitFlagTimeline timeline = timeline(unitId, flag, unique, contexts, snapshots);
      boolean reported = false;
      for (UnitCheck check : checks) {
        for (Finding f : check.run(timeline)) {
          findings.add(f);
          // the audit drops these for flags that never log assignments: keeping every exposed
          // unit's timeline for them would cost much and show nothing
          reported |= !NullPropertyLeakCheck.EXPOSURE_WITHOUT_ASSIGNMENT.equals(f.cause());
        }
      }
      summaries.add(summarize(timeline, slices));
      if (reported) {
        timelines.add(UnitTimeline.of(timeline, UnitTimeline.MAX_ENTRIES));
      }
    }
    return new UnitResult(findings, summaries, duplicates, timelines);
  }

  /** What a recomputation depends on besides the flag: equal keys, equal expectations. */
  private record MemoKey(Long details, int snapshot, Long versionInForce, int context) {}

  private UnitFlagTimeline timeline(String unitId, String flag, List<AuditEvent> events,
      int[] contexts, int[] snapshots) {
    Map<MemoKey, Expectation> memo = new HashMap<>();
    List<FlagObservation> observations = new ArrayList<>();
    MemoKey previous = null;
    Expectation expected = null;
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      LoggedAssignment assignment = e.assignments().get(flag);
      Long details = assignment == null ? null : assignment.detailsVersion();
      FlagVersion inForce = expectations.history().versionInForce(flag, Instant.ofEpochMilli(e.time()));
      MemoKey key = new MemoKey(details, snapshots[i], inForce == null ? null : inForce.version(), contexts[i]);
      if (!key.equals(previous)) { // most events repeat the one before: no lookup then
        expected = memo.get(key);
        if (expected == null) {
          expected = expectations.expect(flag, e.time(), details, e.context());
          memo.put(key, expected);
        }
        previous = key;
      }
      if (assignment != null) {
        observations.add(new FlagObservation(e, Source.ASSIGNMENT,
            assignment.variant() == null ? PropertyState.ABSENT : PropertyState.PRESENT,
            assignment.variant(), details, assignment.detailsSegment(), expected));
      }
      if (e.exposure() != null && e.exposure().flagKey().equals(flag)) {
        observations.add(new FlagObservation(e, Source.EXPOSURE,
            e.exposure().variant() == null ? PropertyState.ABSENT : PropertyState.PRESENT,
            e.exposure().variant(), null, null, expected));
      }
      LoggedProperty property = e.properties().get(flag);
      observations.add(new FlagObservation(e, Source.USER_PROPERTY,
          property == null ? PropertyState.ABSENT : property.state(),
          property == null ? null : property.variant(), null, null, expected));
    }
    return new UnitFlagTimeline(unitId, flag, observations);
  }

  /**
   * A context as a map key: its deep hash computed once, and equal contexts (the same device, ids
   * and properties) sharing one id, hence one recomputation per flag.
   */
  private static final class ContextKey {
    private final Map<String, Object> context;
    private final int hash;

    ContextKey(Map<String, Object> context) {
      this.context = context;
      this.hash = context.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ContextKey k && (k.context == context || (k.hash == hash && k.context.equals(context)));
    }
  }

  private UnitFlagSummary summarize(UnitFlagTimeline timeline, Map<AuditEvent, Map<String, String>> slices) {
    FlagObservation anchor = null;
    String observed = null;
    boolean verified = false;
    boolean agrees = true;
    boolean unverifiable = false;
    Set<String> nonDefault = new java.util.LinkedHashSet<>();
    String assigned = null;
    String exposed = null;
    String property = null;
    for (FlagObservation o : timeline.observations()) {
      if (UnitFlagTimeline.loggedNonDefault(o)) {
        nonDefault.add(o.variant());
      }
      if (o.state() == PropertyState.PRESENT) {
        switch (o.source()) {
          case ASSIGNMENT -> assigned = assigned == null ? o.variant() : assigned;
          case EXPOSURE -> exposed = exposed == null ? o.variant() : exposed;
          case USER_PROPERTY -> property = property == null ? o.variant() : property;
        }
      }
      if (o.carriesAssignment()) {
        if (anchor == null) {
          anchor = o;
          observed = o.variant();
        }
        if (o.expected().known()) {
          verified = true;
          agrees &= AssignmentMismatchCheck.cause(o) == null;
        }
        unverifiable |= o.expected().status() == Expectation.Status.UNVERIFIABLE;
      }
    }
    if (anchor == null) {
      anchor = timeline.observations().get(0);
      for (FlagObservation o : timeline.observations()) {
        if (o.state() == PropertyState.PRESENT) {
          observed = o.variant();
          break;
        }
      }
    }
    Expectation e = anchor.expected();
    boolean jumped = nonDefault.size() >= 2;
    return new UnitFlagSummary(timeline.flagKey(), timeline.unitId(), e.version(),
        e.known() ? e.variant() : null, observed, verified, verified && agrees,
        jumped, nonDefault.isEmpty() ? null : nonDefault.iterator().next(),
        e.result() == null ? null : e.result().segmentName(), unverifiable, anchor.time(),
        e.known() && e.result() != null ? e.result().segmentIndex() : null, assigned, exposed,
        jumped ? null : property, slices.computeIfAbsent(anchor.event(), this::slices));
  }

  /** The slice attributes of the event a unit entered the flag with (health-checks §5.2). */
  private Map<String, String> slices(AuditEvent event) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Map<?, ?> user = event.context().get("user") instanceof Map<?, ?> m ? m : Map.of();
    for (String dimension : sliceDimensions) {
      Object value = switch (dimension) {
        case "first_assignment_day" -> java.time.LocalDate.ofInstant(
            Instant.ofEpochMilli(event.time()), java.time.ZoneOffset.UTC).toString();
        case "sdk_library" -> event.library();
        case "app_version" -> user.get("version");
        default -> user.get(dimension);
      };
      out.put(dimension, value == null ? null : value.toString());
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
