package io.expaudit.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.AllocationConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.JsonValues;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.Snapshot;
import io.expaudit.config.VariantConfig;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Reason;
import io.expaudit.eval.Semantics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A small, independent reading of the auditor's unit-level definitions (DESIGN.md; the
 * generate-sample brief) over a generated world's files, written without the generator's
 * internals: it parses the snapshots and event exports as an auditor would, recomputes every
 * event with the engine and applies each check literally. The generator's ground truth must equal
 * its output.
 */
final class ReferenceAudit {
  record Finding(String check, String cause, String flagKey, String unitId) {}

  record Result(Set<Finding> findings, long rowsRead, long malformed, long duplicates) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final Pattern VARIANT_KEY = Pattern.compile("^(?:\\[Experiment] )?(.+)\\.variant$");
  private static final Pattern DETAILS_VERSION = Pattern.compile("^v(\\d+) ");
  private static final String PREFIX = "[Experiment] ";

  private final FlagHistory history;
  private final Map<String, FlagEvaluator> evaluators = new HashMap<>();

  private ReferenceAudit(FlagHistory history) {
    this.history = history;
  }

  /** One valid, deduplicated event. */
  private record Event(String unit, long time, String insertId, JsonNode node) {}

  /** What the engine recomputes for one flag at one event. */
  private record Expected(FlagResult result, long version, FlagConfig config) {
    boolean isDefault() {
      return result == null || result.isDefault();
    }

    String variant() {
      return result == null ? null : result.variantKey();
    }
  }

  /** An assignment-carrying observation: an assignment entry or an exposure with a variant. */
  private record Observation(long time, String logged, boolean assignment, Expected expected) {}

  static Result run(Path world) throws IOException {
    List<Snapshot> snapshots = new ArrayList<>();
    try (Stream<Path> files = Files.list(world.resolve("flags"))) {
      for (Path file : files.sorted().toList()) {
        snapshots.add(Snapshot.parse(Files.readString(file, StandardCharsets.UTF_8),
            file.getFileName().toString()));
      }
    }
    ReferenceAudit audit = new ReferenceAudit(FlagHistory.of(snapshots));
    long[] counts = new long[3];
    Map<String, List<Event>> units = audit.readEvents(world.resolve("events"), counts);
    Set<String> flagsWithAssignments = new HashSet<>();
    for (List<Event> events : units.values()) {
      for (Event event : events) {
        if (isAssignment(event)) {
          event.node().path("event_properties").fieldNames().forEachRemaining(name -> {
            Matcher m = VARIANT_KEY.matcher(name);
            if (m.matches()) {
              flagsWithAssignments.add(m.group(1));
            }
          });
        }
      }
    }
    Set<Finding> findings = new LinkedHashSet<>();
    for (Map.Entry<String, List<Event>> unit : units.entrySet()) {
      audit.auditUnit(unit.getKey(), unit.getValue(), flagsWithAssignments, findings);
    }
    return new Result(findings, counts[0], counts[1], counts[2]);
  }

  private Map<String, List<Event>> readEvents(Path root, long[] counts) throws IOException {
    Map<String, List<Event>> units = new LinkedHashMap<>();
    Set<String> insertIds = new HashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
    }
    for (Path file : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          counts[0]++;
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            counts[1]++;
            continue;
          }
          String unit = text(node, "amplitude_id");
          if (unit == null) {
            unit = text(node, "user_id");
          }
          if (unit == null) {
            unit = text(node, "device_id");
          }
          String time = text(node, "event_time");
          if (!node.isObject() || time == null || unit == null) {
            counts[1]++;
            continue;
          }
          String insertId = text(node, "$insert_id");
          if (insertId != null && !insertIds.add(insertId)) {
            counts[2]++;
            continue;
          }
          long epochMs = LocalDateTime.parse(time, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
          units.computeIfAbsent(unit, k -> new ArrayList<>())
              .add(new Event(unit, epochMs, insertId, node));
        }
      }
    }
    for (List<Event> events : units.values()) {
      events.sort(Comparator.comparingLong(Event::time).thenComparing(Event::insertId));
    }
    return units;
  }

  private void auditUnit(
      String unit, List<Event> events, Set<String> flagsWithAssignments, Set<Finding> findings) {
    Map<String, List<Observation>> observations = new LinkedHashMap<>();
    for (Event event : events) {
      JsonNode properties = event.node().path("event_properties");
      if (isAssignment(event)) {
        for (String name : iterable(properties.fieldNames())) {
          Matcher m = VARIANT_KEY.matcher(name);
          if (!m.matches()) {
            continue;
          }
          String flag = m.group(1);
          String logged = properties.get(name).asText();
          String prefix = name.startsWith(PREFIX) ? PREFIX : "";
          String details = text(properties, prefix + flag + ".details");
          Long version = null;
          if (details != null) {
            Matcher v = DETAILS_VERSION.matcher(details);
            if (v.find()) {
              version = Long.parseLong(v.group(1));
            }
          }
          if (version != null && history.version(flag, version) == null) {
            findings.add(new Finding("ASSIGNMENT_MISMATCH", "CONFIG_VERSION_UNKNOWN", flag, unit));
            observations.computeIfAbsent(flag, k -> new ArrayList<>())
                .add(new Observation(event.time(), logged, true, null));
            continue;
          }
          Expected expected = expected(flag, event, version);
          observe(unit, flag, logged, true, event, expected, observations, findings);
        }
      } else if (isExposure(event)) {
        boolean raw = text(event.node(), "event_type").equals("$exposure");
        String flag = text(properties, raw ? "flag_key" : "[Experiment] Flag Key");
        String variant = text(properties, raw ? "variant" : "[Experiment] Variant");
        Expected expected = expected(flag, event, null);
        if (variant == null) {
          if (!expected.isDefault()) {
            findings.add(new Finding("NULL_PROPERTY_LEAK", "EXPOSURE_WITHOUT_VARIANT", flag, unit));
          }
          continue;
        }
        observe(unit, flag, variant, false, event, expected, observations, findings);
      }
    }
    for (Map.Entry<String, List<Observation>> entry : observations.entrySet()) {
      String flag = entry.getKey();
      List<Observation> observed = entry.getValue();
      jump(unit, flag, observed, events, findings);
      leaks(unit, flag, observed, events, flagsWithAssignments, findings);
    }
    // jumps seen only in the user property (no assignment-carrying observation of the flag)
    for (String flag : history.flagKeys()) {
      if (!observations.containsKey(flag) && propertyVariants(flag, events).size() >= 2) {
        findings.add(new Finding("VARIANT_JUMP", "UNEXPLAINED", flag, unit));
      }
    }
  }

  private void observe(
      String unit, String flag, String logged, boolean assignment, Event event, Expected expected,
      Map<String, List<Observation>> observations, Set<Finding> findings) {
    observations.computeIfAbsent(flag, k -> new ArrayList<>())
        .add(new Observation(event.time(), logged, assignment, expected));
    boolean loggedDefault = isDefaultKey(expected.config(), logged);
    if ((loggedDefault && expected.isDefault()) || logged.equals(expected.variant())) {
      return;
    }
    String cause;
    if (expected.result() != null && expected.result().reason() == Reason.DEPENDENCY_GATE
        && !loggedDefault) {
      cause = "DEPENDENCY";
    } else if (expected.isDefault() && !loggedDefault) {
      cause = "EXCLUDED_BUT_ASSIGNED";
    } else if (!expected.isDefault()
        && distributionVariants(expected.config(), expected.result().segmentIndex()).contains(logged)) {
      cause = "BUCKET";
    } else {
      cause = "SEGMENT";
    }
    findings.add(new Finding("ASSIGNMENT_MISMATCH", cause, flag, unit));
  }

  private void jump(
      String unit, String flag, List<Observation> observed, List<Event> events, Set<Finding> findings) {
    Set<String> variants = propertyVariants(flag, events);
    for (Observation o : observed) {
      if (o.expected() == null || !isDefaultKey(o.expected().config(), o.logged())) {
        variants.add(o.logged());
      }
    }
    if (variants.size() < 2) {
      return;
    }
    String cause = "UNEXPLAINED";
    for (int i = 1; i < observed.size(); i++) {
      Observation a = observed.get(i - 1);
      Observation b = observed.get(i);
      if (a.logged().equals(b.logged()) || a.expected() == null || b.expected() == null) {
        continue;
      }
      FlagResult ra = a.expected().result();
      FlagResult rb = b.expected().result();
      if (!Objects.equals(ra == null ? null : ra.bucketingValue(), rb == null ? null : rb.bucketingValue())) {
        cause = "IDENTITY_CHANGE";
      } else if (a.expected().version() != b.expected().version()
          && !Objects.equals(a.expected().variant(), b.expected().variant())) {
        cause = "CONFIG_CHANGE";
      } else if (!Objects.equals(ra == null ? null : ra.segmentName(), rb == null ? null : rb.segmentName())) {
        cause = "TARGETING_CHANGE";
      }
      break;
    }
    findings.add(new Finding("VARIANT_JUMP", cause, flag, unit));
  }

  private void leaks(
      String unit, String flag, List<Observation> observed, List<Event> events,
      Set<String> flagsWithAssignments, Set<Finding> findings) {
    Long firstAssignment = null;
    Long firstVariantAssignment = null;
    for (Observation o : observed) {
      if (!o.assignment()) {
        continue;
      }
      if (firstAssignment == null) {
        firstAssignment = o.time();
      }
      if (firstVariantAssignment == null
          && (o.expected() == null || !isDefaultKey(o.expected().config(), o.logged()))) {
        firstVariantAssignment = o.time();
      }
    }
    for (Observation o : observed) {
      if (o.assignment()) {
        continue;
      }
      if (firstAssignment != null && o.time() < firstAssignment) {
        findings.add(new Finding("NULL_PROPERTY_LEAK", "EXPOSURE_BEFORE_ASSIGNMENT", flag, unit));
      }
      if (firstAssignment == null && flagsWithAssignments.contains(flag)) {
        findings.add(new Finding("NULL_PROPERTY_LEAK", "EXPOSURE_WITHOUT_ASSIGNMENT", flag, unit));
      }
    }
    if (firstVariantAssignment == null) {
      return;
    }
    for (Event event : events) {
      if (event.time() <= firstVariantAssignment) {
        continue;
      }
      JsonNode property = event.node().path("user_properties").get(PREFIX + flag);
      if ((property == null || property.isNull()) && !expected(flag, event, null).isDefault()) {
        findings.add(new Finding("NULL_PROPERTY_LEAK", "PROPERTY_UNSET_AFTER_ASSIGNMENT", flag, unit));
        return;
      }
    }
  }

  /** Non-default variants the unit's user property showed for the flag. */
  private Set<String> propertyVariants(String flag, List<Event> events) {
    Set<String> variants = new TreeSet<>();
    for (Event event : events) {
      String value = text(event.node().path("user_properties"), PREFIX + flag);
      FlagHistory.FlagVersion first = history.versions(flag).isEmpty() ? null : history.versions(flag).get(0);
      if (value != null && (first == null || !isDefaultKey(first.config(), value))) {
        variants.add(value);
      }
    }
    return variants;
  }

  /**
   * The recomputed variant of {@code flag} at {@code event}: with the {@code details} version
   * when given, else the newest version first captured at or before the event; the rest of the
   * payload is the newest snapshot at or before the event.
   */
  private Expected expected(String flag, Event event, Long detailsVersion) {
    java.time.Instant time = java.time.Instant.ofEpochMilli(event.time());
    FlagHistory.FlagVersion version = detailsVersion != null
        ? history.version(flag, detailsVersion) : history.versionInForce(flag, time);
    int snapshot = history.snapshotIndexAt(time);
    String key = snapshot + "/" + flag + "/" + version.version();
    FlagEvaluator evaluator = evaluators.computeIfAbsent(key, k -> {
      List<FlagConfig> payload = new ArrayList<>();
      for (FlagConfig config : history.snapshots().get(snapshot).flags()) {
        payload.add(config.key().equals(flag) ? version.config() : config);
      }
      return FlagEvaluator.compile(payload, Semantics.KOTLIN);
    });
    FlagResult result = evaluator.evaluate(context(event.node())).results().get(flag);
    return new Expected(result, version.version(), version.config());
  }

  /** DESIGN.md, "Context from an event". */
  static Map<String, Object> context(JsonNode event) {
    Map<String, Object> user = new LinkedHashMap<>();
    String[][] fields = {
      {"user_id", "user_id"}, {"device_id", "device_id"}, {"amplitude_id", "amplitude_id"},
      {"platform", "platform"}, {"os_name", "os"}, {"version_name", "version"},
      {"country", "country"}, {"region", "region"}, {"city", "city"}, {"language", "language"},
      {"device_model", "device_model"}, {"device_brand", "device_brand"},
      {"device_manufacturer", "device_manufacturer"}, {"carrier", "carrier"}
    };
    for (String[] field : fields) {
      String value = text(event, field[0]);
      if (value != null) {
        user.put(field[1], value);
      }
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    JsonValues.toJavaMap(event.path("user_properties")).forEach((k, v) -> {
      if (!k.startsWith(PREFIX)) {
        properties.put(k, v);
      }
    });
    user.put("user_properties", properties);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", user);
    JsonNode groups = event.path("groups");
    context.put("groups", groups.isObject() ? JsonValues.toJavaMap(groups) : Map.of());
    return context;
  }

  private static Set<String> distributionVariants(FlagConfig config, int segmentIndex) {
    Set<String> variants = new HashSet<>();
    SegmentConfig segment = config.segments().get(segmentIndex);
    if (segment.bucket() != null) {
      for (AllocationConfig allocation : segment.bucket().allocations()) {
        for (DistributionConfig distribution : allocation.distributions()) {
          variants.add(distribution.variant());
        }
      }
    }
    return variants;
  }

  private static boolean isDefaultKey(FlagConfig config, String key) {
    VariantConfig variant = config.variants().get(key);
    return variant != null && variant.isDefault();
  }

  private static boolean isAssignment(Event event) {
    return "[Experiment] Assignment".equals(text(event.node(), "event_type"));
  }

  private static boolean isExposure(Event event) {
    String type = text(event.node(), "event_type");
    return "$exposure".equals(type) || "[Experiment] Exposure".equals(type);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    List<T> list = new ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
