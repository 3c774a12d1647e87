package io.expaudit.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flags of the synthetic company and the week of config changes, in Amplitude's evaluation
 * format (spec §2). The configs do not depend on the seed: only people and events do.
 *
 * <ul>
 *   <li>{@value #HOLDOUT}: holdout group ({@code deployed: false}), 10 % held out by {@code user_id}.
 *   <li>{@value #CHECKOUT}: experiment in that holdout ({@code flag-dependencies} segment), 50/50 by
 *       {@code user_id}.
 *   <li>{@value #PRICING}: targeted experiment: "US iOS" (control / annual-first), "EU" with a 20 %
 *       rollout raised to 40 % mid-week (control / monthly-first, default {@code off}), "All Other
 *       Users" (control / monthly-first); one salt for all segments, as Amplitude serves it.
 *   <li>{@value #SEARCH}: experiment bucketed by {@code device_id}, 34/33/33.
 *   <li>{@value #ONBOARDING}: experiment reweighted mid-week from 50/50 to 20/80 (v2 to v3).
 *   <li>{@value #SHIPPING}: the clean experiment: {@code user_id}, 50/50, an inclusion list nobody
 *       matches, never changed.
 *   <li>{@value #NEW_NAV}: release flag, on for beta testers and a {@code user_id} rollout raised from
 *       20 % to 50 %; only exposures are logged for it (a client-side flag).
 * </ul>
 */
final class SampleFlags {
  static final Instant WINDOW_START = Instant.parse("2026-11-16T00:00:00Z");
  static final Instant WINDOW_END = Instant.parse("2026-11-23T00:00:00Z");
  /** {@value #PRICING} v6: the EU rollout goes from 20 % to 40 %. */
  static final Instant PRICING_ROLLOUT = Instant.parse("2026-11-18T09:00:00Z");
  /** {@value #ONBOARDING} v3: weights go from 50/50 to 20/80. */
  static final Instant ONBOARDING_REWEIGHT = Instant.parse("2026-11-19T14:00:00Z");
  /** {@value #NEW_NAV} v8: the rollout goes from 20 % to 50 %; captured in the object form. */
  static final Instant NEW_NAV_ROLLOUT = Instant.parse("2026-11-21T00:00:00Z");

  static final String HOLDOUT = "holdout-q4";
  static final String CHECKOUT = "checkout-redesign";
  static final String PRICING = "pricing-page";
  static final String SEARCH = "search-ranking";
  static final String ONBOARDING = "onboarding-tour";
  static final String SHIPPING = "shipping-estimate";
  static final String NEW_NAV = "new-nav";

  /** Every flag, in the order the payload lists them. */
  static final List<String> ALL_FLAGS =
      List.of(CHECKOUT, PRICING, SEARCH, ONBOARDING, SHIPPING, NEW_NAV, HOLDOUT);

  /** A {@value #CHECKOUT} version that no snapshot holds (published and reverted in between). */
  static final long UNCAPTURED_CHECKOUT_VERSION = 4;

  static final String OFF = "off";
  static final String ALL_OTHER_USERS = "All Other Users";
  static final String US_IOS = "US iOS";
  static final String EU = "EU";
  static final List<String> EU_COUNTRIES = List.of("Germany", "France", "Spain", "Italy", "Netherlands");

  /** The distribution range end Amplitude uses (spec §3.2). */
  private static final long RANGE_END = 42949673L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * One snapshot of the payload.
   *
   * @param capturedAt capture time
   * @param fileName file name under {@code flags/}, with the capture time stamped in it
   * @param json the file's content: a bare array, or the {@code captured_at} object
   * @param flags the payload parsed back with {@link FlagConfigParser}
   * @param evaluator the payload compiled with Kotlin semantics
   */
  record FlagSnapshot(
      Instant capturedAt, String fileName, String json, List<FlagConfig> flags, FlagEvaluator evaluator) {

    FlagConfig flag(String key) {
      return evaluator.config(key);
    }
  }

  private SampleFlags() {}

  /** The snapshots of the week, oldest first: the start, then one per config change. */
  static List<FlagSnapshot> snapshots() {
    List<FlagSnapshot> snapshots = new ArrayList<>();
    snapshots.add(snapshot(WINDOW_START, payload(20, 20), false));
    snapshots.add(snapshot(PRICING_ROLLOUT, payload(40, 20), false));
    snapshots.add(snapshot(ONBOARDING_REWEIGHT, payload(40, 20, true), false));
    snapshots.add(snapshot(NEW_NAV_ROLLOUT, payload(40, 50, true), true));
    return List.copyOf(snapshots);
  }

  private static ArrayNode payload(int euRollout, int newNavRollout) {
    return payload(euRollout, newNavRollout, false);
  }

  private static ArrayNode payload(int euRollout, int newNavRollout, boolean reweighted) {
    ArrayNode flags = NODES.arrayNode();
    flags.add(checkout());
    flags.add(pricing(euRollout));
    flags.add(search());
    flags.add(onboarding(reweighted));
    flags.add(shipping());
    flags.add(newNav(newNavRollout));
    flags.add(holdout());
    return flags;
  }

  private static FlagSnapshot snapshot(Instant capturedAt, ArrayNode flags, boolean objectForm) {
    String fileName = "flags-" + STAMP.format(capturedAt) + ".json";
    Object document = flags;
    if (objectForm) {
      ObjectNode wrapper = NODES.objectNode();
      wrapper.put("captured_at", capturedAt.toString());
      wrapper.set("flags", flags);
      document = wrapper;
    }
    String json;
    try {
      json = JSON.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    List<FlagConfig> parsed = FlagConfigParser.parse(json, fileName);
    return new FlagSnapshot(
        capturedAt, fileName, json, parsed, FlagEvaluator.compile(parsed, Semantics.KOTLIN));
  }

  private static ObjectNode holdout() {
    ObjectNode flag = flag(HOLDOUT, "holdout-group", 1, null, false);
    ObjectNode payload = NODES.objectNode();
    payload.putArray("flagIds").add("19284").add(CHECKOUT);
    ObjectNode variants = flag.putObject("variants");
    variants.set("holdout", variant("holdout").set("payload", payload.deepCopy()));
    variants.set("on", variant("on").set("payload", payload.deepCopy()));
    variants.set(OFF, off());
    flag.putArray("segments")
        .add(bucketed(ALL_OTHER_USERS, null, "user_id", "hQ4x9Lp2", 100,
            new String[] {"holdout", "on"}, new int[] {10, 90}));
    return flag;
  }

  private static ObjectNode checkout() {
    ObjectNode flag = flag(CHECKOUT, "experiment", 3, "exp-1", true);
    flag.putArray("dependencies").add(HOLDOUT);
    variants(flag, "control", "treatment");
    ArrayNode segments = flag.putArray("segments");
    ObjectNode gate = segment("flag-dependencies");
    gate.putArray("conditions").addArray().add(condition(List.of("result", HOLDOUT, "key"), "is not", "on"));
    gate.put("variant", OFF);
    segments.add(gate);
    segments.add(bucketed(ALL_OTHER_USERS, null, "user_id", "cR7dQe1z", 100,
        new String[] {"control", "treatment"}, new int[] {50, 50}));
    return flag;
  }

  private static ObjectNode pricing(int euRollout) {
    ObjectNode flag = flag(PRICING, "experiment", euRollout == 20 ? 5 : 6, "exp-2", true);
    variants(flag, "control", "annual-first", "monthly-first");
    ArrayNode segments = flag.putArray("segments");
    ArrayNode usIos = NODES.arrayNode();
    usIos.addArray()
        .add(condition(List.of("context", "user", "country"), "is", "United States"))
        .add(condition(List.of("context", "user", "platform"), "is", "iOS"));
    segments.add(bucketed(US_IOS, usIos, "user_id", "pP3kW8sn", 100,
        new String[] {"control", "annual-first"}, new int[] {50, 50}));
    ArrayNode eu = NODES.arrayNode();
    eu.addArray().add(condition(List.of("context", "user", "country"), "is",
        EU_COUNTRIES.toArray(String[]::new)));
    segments.add(bucketed(EU, eu, "user_id", "pP3kW8sn", euRollout,
        new String[] {"control", "monthly-first"}, new int[] {50, 50}));
    segments.add(bucketed(ALL_OTHER_USERS, null, "user_id", "pP3kW8sn", 100,
        new String[] {"control", "monthly-first"}, new int[] {50, 50}));
    return flag;
  }

  private static ObjectNode search() {
    ObjectNode flag = flag(SEARCH, "experiment", 2, "exp-3", true);
    variants(flag, "control", "hybrid", "semantic");
    flag.putArray("segments")
        .add(bucketed(ALL_OTHER_USERS, null, "device_id", "sR2vN6ty", 100,
            new String[] {"control", "hybrid", "semantic"}, new int[] {34, 33, 33}));
    return flag;
  }

  private static ObjectNode onboarding(boolean reweighted) {
    ObjectNode flag = flag(ONBOARDING, "experiment", reweighted ? 3 : 2, "exp-4", true);
    variants(flag, "control", "tour");
    flag.putArray("segments")
        .add(bucketed(ALL_OTHER_USERS, null, "user_id", "oT5mB3qa", 100,
            new String[] {"control", "tour"}, reweighted ? new int[] {20, 80} : new int[] {50, 50}));
    return flag;
  }

  private static ObjectNode shipping() {
    ObjectNode flag = flag(SHIPPING, "experiment", 1, "exp-5", true);
    variants(flag, "control", "fast-estimate");
    ArrayNode segments = flag.putArray("segments");
    ObjectNode inclusions = segment("individual-inclusions");
    inclusions.putArray("conditions").addArray()
        .add(condition(List.of("context", "user", "user_id"), "is", "qa-tester-1", "qa-tester-2"));
    inclusions.put("variant", "fast-estimate");
    segments.add(inclusions);
    segments.add(bucketed(ALL_OTHER_USERS, null, "user_id", "sE8gH4uc", 100,
        new String[] {"control", "fast-estimate"}, new int[] {50, 50}));
    return flag;
  }

  private static ObjectNode newNav(int rollout) {
    ObjectNode flag = flag(NEW_NAV, "release", rollout == 20 ? 7 : 8, null, true);
    ObjectNode variants = flag.putObject("variants");
    variants.set("on", variant("on"));
    variants.set(OFF, off());
    ArrayNode segments = flag.putArray("segments");
    ObjectNode beta = segment("Beta testers");
    beta.putArray("conditions").addArray()
        .add(condition(List.of("context", "user", "user_properties", "beta"), "is", "true"));
    beta.put("variant", "on");
    segments.add(beta);
    segments.add(bucketed(ALL_OTHER_USERS, null, "user_id", "nN1cF7xe", rollout,
        new String[] {"on"}, new int[] {1}));
    return flag;
  }

  private static ObjectNode flag(
      String key, String type, long version, String experimentKey, boolean deployed) {
    ObjectNode flag = NODES.objectNode();
    flag.put("key", key);
    ObjectNode metadata = flag.putObject("metadata");
    metadata.put("deployed", deployed);
    metadata.put("evaluationMode", "local");
    if (experimentKey != null) {
      metadata.put("experimentKey", experimentKey);
    }
    metadata.put("flagType", type);
    metadata.put("flagVersion", version);
    return flag;
  }

  private static void variants(ObjectNode flag, String... keys) {
    ObjectNode variants = flag.putObject("variants");
    for (String key : keys) {
      variants.set(key, variant(key));
    }
    variants.set(OFF, off());
  }

  private static ObjectNode variant(String key) {
    ObjectNode variant = NODES.objectNode();
    variant.put("key", key);
    variant.put("value", key);
    return variant;
  }

  private static ObjectNode off() {
    ObjectNode variant = NODES.objectNode();
    variant.put("key", OFF);
    variant.putObject("metadata").put("default", true);
    return variant;
  }

  private static ObjectNode segment(String name) {
    ObjectNode segment = NODES.objectNode();
    segment.putObject("metadata").put("segmentName", name);
    return segment;
  }

  private static ObjectNode condition(List<String> selector, String op, String... values) {
    ObjectNode condition = NODES.objectNode();
    ArrayNode path = condition.putArray("selector");
    selector.forEach(path::add);
    condition.put("op", op);
    ArrayNode list = condition.putArray("values");
    for (String value : values) {
      list.add(value);
    }
    return condition;
  }

  /** A segment bucketing {@code context.user.<idField>} with one allocation {@code [0, rollout)}. */
  private static ObjectNode bucketed(
      String name, ArrayNode conditions, String idField, String salt, int rollout,
      String[] variants, int[] weights) {
    ObjectNode segment = segment(name);
    if (conditions != null) {
      segment.set("conditions", conditions);
    }
    ObjectNode bucket = segment.putObject("bucket");
    bucket.putArray("selector").add("context").add("user").add(idField);
    bucket.put("salt", salt);
    ObjectNode allocation = bucket.putArray("allocations").addObject();
    allocation.putArray("range").add(0).add(rollout);
    ArrayNode distributions = allocation.putArray("distributions");
    long total = 0;
    for (int weight : weights) {
      total += weight;
    }
    long cumulative = 0;
    for (int i = 0; i < variants.length; i++) {
      long previous = cumulative;
      cumulative += weights[i];
      ObjectNode distribution = distributions.addObject();
      distribution.put("variant", variants[i]);
      // spec §3.2: start = floor(42949673·C(i-1)/W), end = ceil(42949673·C(i)/W)
      distribution.putArray("range")
          .add(RANGE_END * previous / total)
          .add(Math.floorDiv(-RANGE_END * cumulative, total) * -1);
    }
    segment.put("variant", OFF);
    return segment;
  }
}
