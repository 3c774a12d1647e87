package io.expaudit.sample;

import static io.expaudit.sample.SampleFlags.CHECKOUT;
import static io.expaudit.sample.SampleFlags.HOLDOUT;
import static io.expaudit.sample.SampleFlags.NEW_NAV;
import static io.expaudit.sample.SampleFlags.OFF;
import static io.expaudit.sample.SampleFlags.ONBOARDING;
import static io.expaudit.sample.SampleFlags.PRICING;
import static io.expaudit.sample.SampleFlags.SEARCH;
import static io.expaudit.sample.SampleFlags.SHIPPING;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.eval.Evaluation;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Murmur3;
import io.expaudit.eval.Reason;
import io.expaudit.sample.SampleEvent.Device;
import io.expaudit.sample.SampleEvent.Place;
import io.expaudit.sample.SampleFlags.FlagSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One person's week: identity, devices, sessions, and the events they produce, with at most one
 * injected {@link Fault}. Every logged variant is the one the engine recomputes from the event's
 * own context and the config in force at the event's time, except where the fault says otherwise;
 * the user property {@code [Experiment] <flag>} follows Amplitude's set/unset rules (spec §8).
 *
 * <p>What keeps a person free of findings they were not meant to have: assignment events come
 * first in a person's first logged-in session and every exposure follows one (an exposure with a
 * variant of an assigned flag even follows a non-default assignment of it); anonymous events
 * only precede the login and never carry an assignment or exposure; a second device keeps the
 * platform, country and {@code user_id} so that only the device-bucketed flag can tell the devices
 * apart; nobody leaves a variant for {@code off} (no rollout decreases, no moves into an excluded
 * segment), so the property is present whenever it should be.
 */
final class PersonSimulation {
  /** What the generator provides to a person. */
  interface World {
    /** The snapshot in force at a time: the newest captured at or before it. */
    FlagSnapshot snapshotAt(long epochMs);

    /** Writes an event; called in the person's time order. */
    void emit(SampleEvent event) throws IOException;
  }

  /** One finding the person is expected to produce. */
  record Finding(String check, String cause, String flagKey) {}

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final double ANONYMOUS_START_SHARE = 0.2;
  private static final double PREFIXED_SHARE = 0.15;
  private static final double EXPOSURE_PROBABILITY = 0.35;
  private static final double REASSIGN_PROBABILITY = 0.5;
  private static final long SESSION_GAP = 20 * MINUTE;
  private static final String SERVER_LIBRARY = "experiment-jvm-server/1.8.0";
  /** Flags with exposures, in the order a session shows them; server ones skip default variants. */
  private static final List<String> EXPOSED_FLAGS =
      List.of(CHECKOUT, PRICING, SEARCH, ONBOARDING, SHIPPING, NEW_NAV);
  private static final Set<String> SERVER_EXPOSURE_FLAGS = Set.of(CHECKOUT, SEARCH, SHIPPING);
  private static final Map<String, String> EXPERIMENT_KEYS =
      Map.of(CHECKOUT, "exp-1", PRICING, "exp-2", SEARCH, "exp-3", ONBOARDING, "exp-4",
          SHIPPING, "exp-5");

  private static final String[] COUNTRIES = {
    "United States", "Germany", "France", "Spain", "Italy", "Netherlands", "United Kingdom",
    "Canada", "Brazil", "Japan", "India"
  };
  private static final int[] COUNTRY_WEIGHTS = {35, 10, 6, 4, 3, 2, 10, 8, 8, 6, 8};
  /** Per country, in {@link #COUNTRIES} order: language, then region/city pairs. */
  private static final String[][] PLACES = {
    {"English", "California", "San Francisco", "New York", "New York", "Texas", "Austin"},
    {"German", "Berlin", "Berlin", "Bavaria", "Munich"},
    {"French", "Ile-de-France", "Paris", "Rhone", "Lyon"},
    {"Spanish", "Madrid", "Madrid"},
    {"Italian", "Lombardy", "Milan"},
    {"Dutch", "North Holland", "Amsterdam"},
    {"English", "England", "London", "Scotland", "Edinburgh"},
    {"English", "Ontario", "Toronto", "British Columbia", "Vancouver"},
    {"Portuguese", "Sao Paulo", "Sao Paulo"},
    {"Japanese", "Tokyo", "Tokyo"},
    {"English", "Karnataka", "Bengaluru", "Maharashtra", "Mumbai"}
  };
  private static final Place TORONTO = new Place("Canada", "Ontario", "Toronto", "English");
  private static final String[] ORDINARY =
      {"page_view", "search", "add_to_cart", "view_item", "purchase"};

  private final World world;
  private final SplittableRandom rng;
  private final long amplitudeId;
  private final Fault fault;
  private final boolean secondDevice;
  private final List<FlagSnapshot> snapshots;

  private String userId;
  private Place home;
  private final List<Device> devices = new ArrayList<>();
  private final Map<String, Object> baseProperties = new LinkedHashMap<>();
  /** Flags whose last assignment logged a non-default variant. */
  private final Set<String> assignedVariant = new HashSet<>();
  /** Variant keys of the {@code [Experiment] <flag>} user properties, by flag. */
  private final Map<String, String> experimentProperties = new LinkedHashMap<>();
  /** What a faulty SDK believes for the fault's flag, when it does not come from the engine. */
  private String believedVariant;
  private boolean anonymousStart;
  private boolean leakAsNull;
  private boolean exposureVariantNull;

  private List<Session> sessions;
  private int sessionIndex;
  private int leakySession = -1;
  private boolean assignedOnce;
  private long eventCounter;
  private long clock;
  private Session current;
  private boolean loggedIn;
  /** Assignment-carrying observations (assignment entries and exposures with a variant) by flag. */
  private final Map<String, List<Observation>> observations = new LinkedHashMap<>();

  private record Session(long start, int device, Place place, boolean assign) {}

  private record Observation(
      String logged, long version, String bucketingValue, String segment, String recomputed) {}

  PersonSimulation(
      World world, List<FlagSnapshot> snapshots, SplittableRandom rng, long amplitudeId,
      Fault fault, boolean secondDevice) {
    this.world = world;
    this.snapshots = snapshots;
    this.rng = rng;
    this.amplitudeId = amplitudeId;
    this.fault = fault;
    this.secondDevice = secondDevice || fault == Fault.IDENTITY_CHANGE;
  }

  /** Simulates the week, emits the events and returns the findings they should produce. */
  List<Finding> run(double sessionsMean) throws IOException {
    chooseIdentity();
    planSessions(sessionsMean);
    for (int s = 0; s < sessions.size(); s++) {
      playSession(s);
    }
    return findings();
  }

  // ---------------------------------------------------------------- identity

  private void chooseIdentity() {
    String platform = pickPlatform();
    String country = pickCountry();
    switch (fault == null ? "" : fault.name()) {
      case "SEGMENT", "TARGETING_CHANGE" -> {
        platform = "iOS";
        country = "United States";
      }
      case "EXCLUDED_BUT_ASSIGNED" ->
          country = SampleFlags.EU_COUNTRIES.get(rng.nextInt(SampleFlags.EU_COUNTRIES.size()));
      case "EXPOSURE_WITHOUT_VARIANT", "EXPOSURE_BEFORE_ASSIGNMENT", "EXPOSURE_WITHOUT_ASSIGNMENT" -> {
        while (SampleFlags.EU_COUNTRIES.contains(country)) {
          country = pickCountry();
        }
      }
      default -> { }
    }
    String[] places = PLACES[Arrays.asList(COUNTRIES).indexOf(country)];
    int city = 1 + 2 * rng.nextInt((places.length - 1) / 2);
    home = new Place(country, places[city], places[city + 1], places[0]);
    baseProperties.put("plan", rng.nextDouble() < 0.25 ? "pro" : "free");
    baseProperties.put("beta", rng.nextDouble() < 0.1);
    baseProperties.put("signup_channel",
        new String[] {"organic", "paid_search", "referral", "social"}[rng.nextInt(4)]);
    anonymousStart = fault == null && rng.nextDouble() < ANONYMOUS_START_SHARE;
    leakAsNull = rng.nextBoolean();
    exposureVariantNull = rng.nextBoolean();
    String versionName = fault == Fault.BUCKET ? "5.1.0" : rng.nextBoolean() ? "5.3.0" : "5.4.1";
    for (int attempt = 0; ; attempt++) {
      if (attempt == 100_000) {
        throw new IllegalStateException("no identity satisfies the constraints of " + fault);
      }
      userId = "usr_" + Long.toString(amplitudeId, 36) + "_" + token(6);
      devices.clear();
      devices.add(device(platform, versionName, false));
      if (secondDevice) {
        devices.add(device(platform, versionName, true));
      }
      if (satisfiesFault()) {
        return;
      }
    }
  }

  /** Whether the identity drawn gives the fault (or the benign second device) what it needs. */
  private boolean satisfiesFault() {
    FlagSnapshot first = snapshots.get(0);
    FlagSnapshot last = snapshots.get(snapshots.size() - 1);
    if (fault == null) {
      // a benign second device: same variant of the device-bucketed flag on both devices
      return !secondDevice || probe(first, 0, SEARCH).equals(probe(first, 1, SEARCH));
    }
    return switch (fault) {
      case DEPENDENCY -> {
        if (!probe(first, 0, HOLDOUT).equals("holdout")) {
          yield false;
        }
        believedVariant = bucketVariant(first.flag(CHECKOUT), SampleFlags.ALL_OTHER_USERS, userId, true);
        yield true;
      }
      case CONFIG_VERSION_UNKNOWN, BUCKET, UNEXPLAINED, PROPERTY_UNSET_AFTER_ASSIGNMENT ->
          probe(first, 0, HOLDOUT).equals("on");
      case EXCLUDED_BUT_ASSIGNED -> {
        FlagResult result = evaluate(last, probeEvent(0)).results().get(PRICING);
        if (result.reason() != Reason.EXCLUDED_BY_ROLLOUT) {
          yield false;
        }
        believedVariant = bucketVariant(last.flag(PRICING), SampleFlags.EU, userId, false);
        yield true;
      }
      case SEGMENT, TARGETING_CHANGE -> probe(first, 0, PRICING).equals("annual-first");
      case CONFIG_CHANGE ->
          probe(first, 0, ONBOARDING).equals("control") && probe(last, 0, ONBOARDING).equals("tour");
      case IDENTITY_CHANGE -> !probe(first, 0, SEARCH).equals(probe(first, 1, SEARCH));
      case EXPOSURE_WITHOUT_VARIANT, EXPOSURE_BEFORE_ASSIGNMENT, EXPOSURE_WITHOUT_ASSIGNMENT ->
          !isDefault(probe(first, 0, PRICING)) && !isDefault(probe(last, 0, PRICING));
    };
  }

  private String probe(FlagSnapshot snapshot, int device, String flag) {
    FlagResult result = evaluate(snapshot, probeEvent(device)).results().get(flag);
    return result == null ? OFF : result.variantKey();
  }

  private SampleEvent probeEvent(int device) {
    SampleEvent event = new SampleEvent();
    event.userId = userId;
    event.device = devices.get(device);
    event.amplitudeId = amplitudeId;
    event.place = home;
    event.baseProperties = baseProperties;
    return event;
  }

  /**
   * The variant the named segment's bucket gives {@code value}, as an SDK would that skipped the
   * segment's conditions ({@code respectAllocation}) or its rollout as well.
   */
  static String bucketVariant(FlagConfig flag, String segmentName, String value, boolean respectAllocation) {
    for (SegmentConfig segment : flag.segments()) {
      if (!segmentName.equals(segment.segmentName())) {
        continue;
      }
      byte[] bytes = (segment.bucket().salt() + "/" + value).getBytes(StandardCharsets.UTF_8);
      long hash = Murmur3.unsigned(bytes, bytes.length, 0);
      long allocationBucket = hash % 100;
      long distributionBucket = hash / 100;
      for (AllocationConfig allocation : segment.bucket().allocations()) {
        if (respectAllocation
            && (allocationBucket < allocation.start() || allocationBucket >= allocation.end())) {
          continue;
        }
        for (DistributionConfig distribution : allocation.distributions()) {
          if (distribution.start() <= distributionBucket && distributionBucket < distribution.end()) {
            return distribution.variant();
          }
        }
      }
      return segment.variant();
    }
    throw new IllegalArgumentException(flag.key() + " has no segment " + segmentName);
  }

  private String pickPlatform() {
    double p = rng.nextDouble();
    return p < 0.4 ? "iOS" : p < 0.7 ? "Android" : "Web";
  }

  private String pickCountry() {
    int r = rng.nextInt(100);
    for (int i = 0; i < COUNTRIES.length; i++) {
      r -= COUNTRY_WEIGHTS[i];
      if (r < 0) {
        return COUNTRIES[i];
      }
    }
    return COUNTRIES[0];
  }

  private Device device(String platform, String versionName, boolean second) {
    return switch (platform) {
      case "iOS" -> new Device(uuid().toUpperCase(Locale.ROOT), "iOS", "ios",
          second ? "18.1" : "18.2", versionName, "Apple", "Apple",
          second ? "iPad13,18" : new String[] {"iPhone15,2", "iPhone16,1", "iPhone14,7"}[rng.nextInt(3)],
          new String[] {"Verizon", "AT&T", "T-Mobile", "Vodafone"}[rng.nextInt(4)],
          "amplitude-swift/1.11.2");
      case "Android" -> {
        boolean samsung = rng.nextBoolean();
        yield new Device(uuid() + "R", "Android", "android", second ? "14" : "15", versionName,
            samsung ? "samsung" : "google", samsung ? "Samsung" : "Google",
            samsung ? (second ? "SM-X710" : "SM-S921B") : (second ? "Pixel Tablet" : "Pixel 8"),
            new String[] {"Verizon", "T-Mobile", "Orange", "Jio"}[rng.nextInt(4)],
            "amplitude-kotlin/1.19.3");
      }
      default -> new Device(uuid(), "Web", second ? "Safari" : "Chrome", second ? "18.1" : "131",
          null, null, null, second ? "iPad" : rng.nextBoolean() ? "Mac OS" : "Windows", null,
          "amplitude-ts/2.11.8");
    };
  }

  // ---------------------------------------------------------------- sessions

  private void planSessions(double sessionsMean) {
    int count = 1 + poisson(Math.max(0, sessionsMean - 1));
    int minimum = fault == null ? (secondDevice ? 2 : 1) : switch (fault) {
      case CONFIG_CHANGE, TARGETING_CHANGE, IDENTITY_CHANGE, UNEXPLAINED,
          PROPERTY_UNSET_AFTER_ASSIGNMENT -> 2;
      default -> 1;
    };
    count = Math.max(count, minimum);
    long start = SampleFlags.WINDOW_START.toEpochMilli();
    long end = SampleFlags.WINDOW_END.toEpochMilli() - 3 * HOUR;
    long[] starts = new long[count];
    if (fault == Fault.CONFIG_CHANGE) {
      long change = SampleFlags.ONBOARDING_REWEIGHT.toEpochMilli();
      starts[0] = uniform(start, change - 3 * HOUR);
      for (int i = 1; i < count; i++) {
        starts[i] = uniform(change + HOUR, end);
      }
    } else {
      long from = fault == Fault.TARGETING_CHANGE
          ? SampleFlags.PRICING_ROLLOUT.toEpochMilli() + HOUR : start;
      for (int i = 0; i < count; i++) {
        starts[i] = uniform(from, end);
      }
    }
    Arrays.sort(starts, fault == Fault.CONFIG_CHANGE ? 1 : 0, count);
    for (int i = 1; i < count; i++) {
      starts[i] = Math.max(starts[i], starts[i - 1] + SESSION_GAP);
    }
    // a session lasts under 15 minutes: drop any the gaps pushed too close to the window's end
    long lastStart = SampleFlags.WINDOW_END.toEpochMilli() - 30 * MINUTE;
    while (count > minimum && starts[count - 1] > lastStart) {
      count--;
    }
    if (starts[count - 1] > lastStart) {
      throw new IllegalStateException("sessions do not fit in the window: " + count);
    }
    int move = fault == Fault.TARGETING_CHANGE ? 1 + rng.nextInt(count - 1) : Integer.MAX_VALUE;
    sessions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int device = !secondDevice || i == 0 ? 0 : i == 1 ? 1 : rng.nextInt(2);
      boolean assign = i == 0 || rng.nextDouble() < REASSIGN_PROBABILITY
          || (i == 1 && (fault == Fault.CONFIG_CHANGE || secondDevice))
          || i == move;
      if (fault == Fault.EXPOSURE_WITHOUT_ASSIGNMENT) {
        assign = false;
      }
      sessions.add(new Session(starts[i], device, i >= move ? TORONTO : home, assign));
    }
    if (fault == Fault.PROPERTY_UNSET_AFTER_ASSIGNMENT) {
      leakySession = count - 1;
    }
  }

  private void playSession(int index) throws IOException {
    sessionIndex = index;
    current = sessions.get(index);
    clock = current.start() + rng.nextInt(60_000);
    if (index == 0 && anonymousStart) {
      int anonymous = 1 + rng.nextInt(2);
      for (int i = 0; i < anonymous; i++) {
        ordinary("page_view");
      }
    }
    loggedIn = true;
    if (index == 0 && fault == Fault.EXPOSURE_WITHOUT_VARIANT) {
      exposure(PRICING, true);
    }
    if (index == 0 && fault == Fault.EXPOSURE_BEFORE_ASSIGNMENT) {
      exposure(PRICING, false);
    }
    if (current.assign()) {
      assignment();
    }
    ordinary(devices.get(0).platform().equals("Web") ? "page_view" : "app_open");
    if (index == 1 && fault == Fault.UNEXPLAINED) {
      exposure(CHECKOUT, false, true);
    }
    if (fault == Fault.EXPOSURE_WITHOUT_ASSIGNMENT) {
      if (index == 0 || rng.nextDouble() < 0.5) {
        exposure(PRICING, false);
      }
    } else if (assignedOnce) {
      for (String flag : EXPOSED_FLAGS) {
        if (rng.nextDouble() < EXPOSURE_PROBABILITY) {
          exposure(flag, false);
        }
      }
    }
    int more = rng.nextInt(4);
    for (int i = 0; i < more; i++) {
      ordinary(ORDINARY[rng.nextInt(ORDINARY.length)]);
    }
  }

  // ---------------------------------------------------------------- events

  private SampleEvent newEvent(String type, boolean server) {
    clock += 2_000 + rng.nextInt(38_000);
    SampleEvent event = new SampleEvent();
    event.type = type;
    event.timeMs = clock;
    long latest = SampleFlags.WINDOW_END.toEpochMilli() - 1;
    event.uploadMs = Math.min(latest, clock + (server ? rng.nextInt(2_000) : 1_000 + rng.nextInt(29_000)));
    event.userId = loggedIn ? userId : null;
    event.device = devices.get(current.device());
    event.amplitudeId = amplitudeId;
    event.insertId = uuid();
    event.sessionId = server ? -1 : current.start();
    event.eventId = ++eventCounter;
    event.place = current.place();
    event.library = server ? SERVER_LIBRARY : event.device.library();
    event.baseProperties = baseProperties;
    return event;
  }

  private Evaluation evaluate(FlagSnapshot snapshot, SampleEvent event) {
    return snapshot.evaluator().evaluate(event.context());
  }

  private void ordinary(String type) throws IOException {
    SampleEvent event = newEvent(type, false);
    switch (type) {
      case "page_view" -> event.eventProperties.put("path",
          new String[] {"/", "/pricing", "/search", "/cart", "/account"}[rng.nextInt(5)]);
      case "search" -> event.eventProperties.put("query_length", 3 + rng.nextInt(20));
      case "add_to_cart", "view_item" -> event.eventProperties.put("sku", "SKU-" + (1000 + rng.nextInt(9000)));
      case "purchase" -> {
        event.eventProperties.put("revenue", (500 + rng.nextInt(20_000)) / 100.0);
        event.eventProperties.put("currency", "USD");
      }
      default -> { }
    }
    event.userProperties = userProperties(sessionIndex == leakySession && loggedIn);
    world.emit(event);
  }

  /** A server-side assignment event: every server-evaluated flag's result (spec §8.2). */
  private void assignment() throws IOException {
    SampleEvent event = newEvent("[Experiment] Assignment", true);
    FlagSnapshot snapshot = world.snapshotAt(event.timeMs);
    Evaluation evaluation = evaluate(snapshot, event);
    boolean prefixed = rng.nextDouble() < PREFIXED_SHARE;
    String prefix = prefixed ? SampleEvent.EXPERIMENT_PREFIX : "";
    for (FlagResult result : evaluation.results().values()) {
      String flag = result.flagKey();
      if (flag.equals(NEW_NAV)) {
        continue; // client-side only
      }
      String logged = loggedVariant(flag, result);
      long version = version(snapshot, flag);
      String segment = result.segmentName();
      if (fault == Fault.CONFIG_VERSION_UNKNOWN && flag.equals(CHECKOUT)) {
        version = SampleFlags.UNCAPTURED_CHECKOUT_VERSION;
        segment = SampleFlags.ALL_OTHER_USERS;
      } else if (fault == Fault.DEPENDENCY && flag.equals(CHECKOUT)
          || fault == Fault.SEGMENT && flag.equals(PRICING)) {
        segment = SampleFlags.ALL_OTHER_USERS;
      } else if (fault == Fault.EXCLUDED_BUT_ASSIGNED && flag.equals(PRICING)) {
        segment = SampleFlags.EU;
      }
      event.eventProperties.put(prefix + flag + ".variant", logged);
      event.eventProperties.put(prefix + flag + ".details", "v" + version + " rule:" + segment);
      observe(flag, logged, version, result);
      if (isDefault(logged)) {
        experimentProperties.remove(flag);
        assignedVariant.remove(flag);
      } else {
        experimentProperties.put(flag, logged);
        assignedVariant.add(flag);
      }
    }
    if (prefixed) {
      event.eventProperties.put("[Experiment] Environment Name", "production");
    }
    event.userProperties = userProperties(false);
    assignedOnce = true;
    world.emit(event);
  }

  private void exposure(String flag, boolean dropVariant) throws IOException {
    exposure(flag, dropVariant, false);
  }

  /**
   * An exposure of {@code flag}: server-side {@code [Experiment] Exposure} (skipped for default
   * variants) or client-side {@code $exposure} (sent without a variant for default variants).
   */
  private void exposure(String flag, boolean dropVariant, boolean flip) throws IOException {
    boolean server = SERVER_EXPOSURE_FLAGS.contains(flag);
    if (server && flag.equals(CHECKOUT) && fault == Fault.CONFIG_VERSION_UNKNOWN) {
      return; // that SDK only logs assignments
    }
    long clockBefore = clock;
    long counterBefore = eventCounter;
    SampleEvent event = newEvent(server ? "[Experiment] Exposure" : "$exposure", server);
    FlagSnapshot snapshot = world.snapshotAt(event.timeMs);
    FlagResult result = evaluate(snapshot, event).results().get(flag);
    String logged = loggedVariant(flag, result);
    if (flip) {
      logged = flipped(logged);
    }
    if (server && isDefault(logged)) {
      clock = clockBefore; // server SDKs send nothing for a default variant
      eventCounter = counterBefore;
      return;
    }
    String variant = dropVariant || isDefault(logged) ? null : logged;
    boolean intended = fault != null && flag.equals(fault.flagKey())
        && (fault == Fault.EXPOSURE_BEFORE_ASSIGNMENT || fault == Fault.EXPOSURE_WITHOUT_ASSIGNMENT);
    if (variant != null && !flag.equals(NEW_NAV) && !intended && !assignedVariant.contains(flag)) {
      // a unit that entered the flag after its last assignment (the EU rollout went up): its
      // client still holds the default and shows nothing until the next assignment
      clock = clockBefore;
      eventCounter = counterBefore;
      return;
    }
    String experimentKey = EXPERIMENT_KEYS.get(flag);
    if (server) {
      event.eventProperties.put("[Experiment] Flag Key", flag);
      event.eventProperties.put("[Experiment] Variant", variant);
      event.eventProperties.put("[Experiment] Experiment Key", experimentKey);
    } else {
      event.eventProperties.put("flag_key", flag);
      if (variant != null || exposureVariantNull) {
        event.eventProperties.put("variant", variant);
      }
      if (experimentKey != null) {
        event.eventProperties.put("experiment_key", experimentKey);
      }
    }
    if (variant == null) {
      experimentProperties.remove(flag);
    } else {
      experimentProperties.put(flag, variant);
      observe(flag, variant, version(snapshot, flag), result);
    }
    event.userProperties = userProperties(false);
    world.emit(event);
  }

  /** The variant the person's SDK logs for an engine result: the result, unless the fault lies. */
  private String loggedVariant(String flag, FlagResult result) {
    String key = result == null ? OFF : result.variantKey();
    if (fault == null || !flag.equals(fault.flagKey())) {
      return key;
    }
    return switch (fault) {
      case BUCKET, CONFIG_VERSION_UNKNOWN -> flipped(key);
      case DEPENDENCY, EXCLUDED_BUT_ASSIGNED -> believedVariant;
      case SEGMENT -> "monthly-first";
      default -> key;
    };
  }

  private static String flipped(String variant) {
    return switch (variant) {
      case "control" -> "treatment";
      case "treatment" -> "control";
      default -> throw new IllegalStateException("cannot flip " + variant);
    };
  }

  private static boolean isDefault(String variant) {
    return variant == null || variant.equals(OFF);
  }

  private static long version(FlagSnapshot snapshot, String flag) {
    return snapshot.flag(flag).flagVersion();
  }

  private Map<String, Object> userProperties(boolean leak) {
    Map<String, Object> properties = new LinkedHashMap<>(baseProperties);
    experimentProperties.forEach((flag, variant) -> {
      if (leak && flag.equals(CHECKOUT)) {
        if (leakAsNull) {
          properties.put(SampleEvent.EXPERIMENT_PREFIX + flag, null);
        }
      } else {
        properties.put(SampleEvent.EXPERIMENT_PREFIX + flag, variant);
      }
    });
    return properties;
  }

  private void observe(String flag, String logged, long version, FlagResult result) {
    observations.computeIfAbsent(flag, k -> new ArrayList<>())
        .add(new Observation(logged, version, result == null ? null : result.bucketingValue(),
            result == null ? null : result.segmentName(), result == null ? OFF : result.variantKey()));
  }

  // ---------------------------------------------------------------- truth

  private List<Finding> findings() {
    Set<Finding> findings = new LinkedHashSet<>();
    if (fault == Fault.UNEXPLAINED) {
      findings.add(new Finding(Fault.ASSIGNMENT_MISMATCH, Fault.BUCKET.cause(), CHECKOUT));
    } else if (fault != null && !fault.check().equals(Fault.VARIANT_JUMP)) {
      findings.add(new Finding(fault.check(), fault.cause(), fault.flagKey()));
    }
    for (Map.Entry<String, List<Observation>> entry : observations.entrySet()) {
      String cause = jumpCause(entry.getValue());
      if (cause != null) {
        findings.add(new Finding(Fault.VARIANT_JUMP, cause, entry.getKey()));
      }
    }
    if (fault != null && fault.check().equals(Fault.VARIANT_JUMP)
        && !findings.contains(new Finding(Fault.VARIANT_JUMP, fault.cause(), fault.flagKey()))) {
      throw new IllegalStateException(
          "person " + amplitudeId + " was meant to jump with " + fault + " but logged " + observations);
    }
    return List.copyOf(findings);
  }

  /**
   * The jump cause of one flag's observations, or null when fewer than two distinct non-default
   * variants were logged: from the first change between consecutive observations, the bucketing
   * value, then the config version (with the recomputed variant), then the segment.
   */
  private static String jumpCause(List<Observation> observed) {
    Set<String> variants = new LinkedHashSet<>();
    for (Observation o : observed) {
      if (!isDefault(o.logged())) {
        variants.add(o.logged());
      }
    }
    if (variants.size() < 2) {
      return null;
    }
    for (int i = 1; i < observed.size(); i++) {
      Observation a = observed.get(i - 1);
      Observation b = observed.get(i);
      if (a.logged().equals(b.logged())) {
        continue;
      }
      if (!Objects.equals(a.bucketingValue(), b.bucketingValue())) {
        return Fault.IDENTITY_CHANGE.cause();
      }
      if (a.version() != b.version() && !a.recomputed().equals(b.recomputed())) {
        return Fault.CONFIG_CHANGE.cause();
      }
      if (!Objects.equals(a.segment(), b.segment())) {
        return Fault.TARGETING_CHANGE.cause();
      }
      return Fault.UNEXPLAINED.cause();
    }
    return Fault.UNEXPLAINED.cause();
  }

  // ---------------------------------------------------------------- randomness

  private long uniform(long from, long to) {
    return from + (long) (rng.nextDouble() * (to - from));
  }

  private int poisson(double mean) {
    double limit = Math.exp(-mean);
    int k = 0;
    double p = rng.nextDouble();
    while (p > limit) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  private String token(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(rng.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private String uuid() {
    long high = rng.nextLong();
    long low = rng.nextLong();
    high = (high & ~0xF000L) | 0x4000L; // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new java.util.UUID(high, low).toString();
  }
}
