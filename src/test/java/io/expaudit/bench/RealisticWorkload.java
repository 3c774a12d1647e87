package io.expaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.JsonValues;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, realistic evaluation workload for the engine benchmarks: 50 flags in the
 * evaluation format (spec §2) and N evaluation contexts, both from a fixed seed.
 *
 * <p>The flags: two holdout groups and two mutual-exclusion groups ({@code deployed:false}); ten
 * experiments that depend on them through a {@code flag-dependencies} segment
 * ({@code result.<group>.key is not [...]}); ten more experiments; three release flags gated on
 * another release flag (prerequisites); the rest plain release flags. Each non-group flag has
 * about three segments: individual inclusions ({@code user_id} / {@code device_id} {@code is}
 * lists), a targeting segment with one to three conditions (country, platform, version,
 * user properties, cohorts; {@code is}, {@code is not}, {@code contains}, numeric, version, set
 * and a few anchored regex operators) and a bucket, and {@code All Other Users} with a bucket
 * (50/50 or 33/33/34, rollout 10–100 %). Flags are written in shuffled order, so the dependency
 * sort matters.
 *
 * <p>The contexts ({@code {"user": {...}}}) vary {@code user_id} (missing for ~8 %),
 * {@code device_id} (missing for ~4 %), country, platform, version, language and user properties
 * (strings, integers, booleans) and cohort memberships. Values avoid the corners where the Kotlin and JS
 * engines disagree (no fractional numbers, no {@code +build} versions, anchored regexes), so both
 * semantics should give the same assignments and the node run can be checked against the Java
 * runs.
 *
 * <p>Run {@code main} to write {@code flags.json} (a bare array, as {@code /sdk/v2/flags}
 * serves it) and {@code contexts.jsonl} (one context per line) to a directory.
 */
public final class RealisticWorkload {
  public static final long DEFAULT_SEED = 0x5EED_2024L;
  public static final int DEFAULT_CONTEXTS = 10_000;
  public static final int FLAG_COUNT = 50;
  public static final String FLAGS_FILE = "flags.json";
  public static final String CONTEXTS_FILE = "contexts.jsonl";

  /** Full distribution range, {@code [0, 42949673)} (spec §3.2). */
  private static final long FULL = 42_949_673L;

  /** Users whose ids are {@code user-0 … user-(USER_SPACE-1)}: inclusion lists pick from here. */
  private static final int USER_SPACE = 200_000;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String[] COUNTRIES = {
    "United States", "India", "Germany", "United Kingdom", "Brazil", "Japan", "Canada", "France",
    "Spain", "Mexico", "Australia", "Netherlands", "Poland", "Turkey", "South Korea", "Italy"
  };
  private static final int[] COUNTRY_WEIGHTS = {34, 10, 8, 8, 6, 5, 5, 5, 3, 3, 3, 2, 2, 2, 2, 2};
  private static final String[] PLATFORMS = {"iOS", "Android", "Web"};
  private static final int[] PLATFORM_WEIGHTS = {40, 40, 20};
  private static final String[] LANGUAGES = {"English", "German", "Spanish", "French", "Japanese",
    "Portuguese", "Hindi", "Turkish"};
  private static final String[] PLANS = {"free", "pro", "team", "enterprise"};
  private static final int[] PLAN_WEIGHTS = {60, 25, 10, 5};
  private static final String[] EMAIL_DOMAINS = {"gmail.com", "yahoo.com", "outlook.com",
    "acme.com", "example.org", "corp.example.com"};
  private static final String[] COHORTS = {"c0a1b2", "c3d4e5", "c6f7a8", "c9b0c1", "cd2e3f",
    "c4a5b6"};
  private static final String[] WORDS = {"checkout", "onboarding", "search", "pricing", "paywall",
    "feed", "profile", "cart", "recs", "signup", "banner", "dark-mode", "chat", "share", "invite",
    "trial", "upsell", "nav", "player", "editor", "export", "sync", "alerts", "home"};

  private final Random random;

  private RealisticWorkload(long seed) {
    this.random = new Random(seed);
  }

  /** The 50 flags, in served (shuffled) order. */
  public static ArrayNode flags(long seed) {
    return new RealisticWorkload(seed).buildFlags();
  }

  /** {@code count} contexts; independent of the flags' random stream. */
  public static List<ObjectNode> contexts(long seed, int count) {
    RealisticWorkload w = new RealisticWorkload(seed ^ 0x00C0_47E7L);
    List<ObjectNode> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(w.context(i));
    }
    return out;
  }

  /** Writes {@code flags.json} and {@code contexts.jsonl} to {@code dir}. */
  public static void write(Path dir, long seed, int count) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(FLAGS_FILE),
        MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(flags(seed))
            + "\n",
        StandardCharsets.UTF_8);
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(CONTEXTS_FILE), StandardCharsets.UTF_8)) {
      for (ObjectNode context : contexts(seed, count)) {
        out.write(MAPPER.writeValueAsString(context));
        out.write('\n');
      }
    }
  }

  /** Reads {@code contexts.jsonl} into plain Java contexts ({@link JsonValues#toJavaMap}). */
  public static List<Map<String, Object>> readContexts(Path file) {
    try {
      List<Map<String, Object>> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(JsonValues.toJavaMap(MAPPER.readTree(line)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same contexts without a round trip through files. */
  public static List<Map<String, Object>> javaContexts(long seed, int count) {
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (JsonNode context : contexts(seed, count)) {
      out.add(JsonValues.toJavaMap(context));
    }
    return out;
  }

  /**
   * {@code RealisticWorkload <dir> [--contexts N] [--seed S]}: writes the workload to
   * {@code dir}.
   */
  public static void main(String[] args) throws IOException {
    Path dir = null;
    int count = DEFAULT_CONTEXTS;
    long seed = DEFAULT_SEED;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--contexts" -> count = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.decode(args[++i]);
        default -> {
          if (dir != null || args[i].startsWith("-")) {
            System.err.println("usage: RealisticWorkload <dir> [--contexts N] [--seed S]");
            System.exit(2);
          }
          dir = Path.of(args[i]);
        }
      }
    }
    if (dir == null) {
      System.err.println("usage: RealisticWorkload <dir> [--contexts N] [--seed S]");
      System.exit(2);
    }
    write(dir, seed, count);
    System.err.printf(Locale.ROOT, "wrote %d flags and %d contexts (seed %#x) to %s%n",
        FLAG_COUNT, count, seed, dir);
  }

  // ---------------------------------------------------------------------------------------------
  // flags

  private ArrayNode buildFlags() {
    List<ObjectNode> flags = new ArrayList<>();
    String holdoutA = "holdout-q3-growth";
    String holdoutB = "holdout-q3-monetization";
    String mutexA = "mutex-checkout-surface";
    String mutexB = "mutex-home-banner";
    flags.add(holdout(holdoutA, 1, "device_id", 5));
    flags.add(holdout(holdoutB, 2, "user_id", 10));
    flags.add(mutexWithSlots(mutexA, 3, 3));
    flags.add(mutexSingleSlot(mutexB, 4));

    int serial = 100;
    List<String> releaseKeys = new ArrayList<>();
    // 10 experiments inside holdouts / mutexes
    for (int i = 0; i < 10; i++) {
      String key = "exp-" + word(i) + "-" + (serial++);
      List<String[]> gates = new ArrayList<>(); // {groupKey, passing variant}
      gates.add(new String[] {i % 2 == 0 ? holdoutA : holdoutB, "on"});
      if (i < 6) {
        gates.add(i < 4
            ? new String[] {mutexA, "slot-" + (i % 3 + 1)}
            : new String[] {mutexB, "slot-1"});
      }
      flags.add(experiment(key, serial, gates));
    }
    // 10 standalone experiments
    for (int i = 0; i < 10; i++) {
      flags.add(experiment("exp-" + word(10 + i) + "-" + (serial++), serial, List.of()));
    }
    // 23 release flags, three of them gated on an earlier release flag
    int releaseCount = FLAG_COUNT - flags.size() - 3;
    for (int i = 0; i < releaseCount; i++) {
      String key = "release-" + word(3 * i + 1) + "-" + (serial++);
      releaseKeys.add(key);
      flags.add(release(key, serial, null));
    }
    for (int i = 0; i < 3; i++) {
      String parent = releaseKeys.get(random.nextInt(releaseKeys.size()));
      flags.add(release("release-" + word(5 * i + 2) + "-v2-" + (serial++), serial, parent));
    }
    if (flags.size() != FLAG_COUNT) {
      throw new IllegalStateException("built " + flags.size() + " flags");
    }
    Collections.shuffle(flags, random);
    ArrayNode array = F.arrayNode();
    flags.forEach(array::add);
    return array;
  }

  private String word(int i) {
    return WORDS[Math.floorMod(i, WORDS.length)];
  }

  private ObjectNode holdout(String key, int version, String unit, int percent) {
    ObjectNode flag = flagShell(key, false, "holdout-group", version, null);
    ObjectNode variants = flag.putObject("variants");
    variants.set("holdout", variant("holdout", payload("flagIds", List.of())));
    variants.set("off", offVariant());
    variants.set("on", variant("on", payload("flagIds", List.of("42953", "42954"))));
    long split = FULL * percent / 100;
    ObjectNode bucket = bucket(unit, 100, List.of("holdout", "on"), new long[] {0, split, FULL});
    flag.putArray("segments").add(segment("All Other Users", null, bucket, "off"));
    return flag;
  }

  private ObjectNode mutexWithSlots(String key, int version, int slots) {
    ObjectNode flag = flagShell(key, false, "mutual-exclusion-group", version, null);
    ObjectNode variants = flag.putObject("variants");
    variants.set("off", offVariant());
    List<String> names = new ArrayList<>();
    for (int s = 1; s <= slots; s++) {
      names.add("slot-" + s);
      variants.set("slot-" + s, variant("slot-" + s, payload("flagIds", List.of("4300" + s))));
    }
    variants.set("unallocated", variant("unallocated", payload("flagIds", List.of())));
    names.add("unallocated");
    // 30 % per slot, 10 % unallocated
    long[] edges = new long[slots + 2];
    for (int s = 1; s <= slots; s++) {
      edges[s] = FULL * 30 * s / 100;
    }
    edges[slots + 1] = FULL;
    ObjectNode bucket = bucket("user_id", 100, names, edges);
    flag.putArray("segments").add(segment("All Other Users", null, bucket, "off"));
    return flag;
  }

  private ObjectNode mutexSingleSlot(String key, int version) {
    ObjectNode flag = flagShell(key, false, "mutual-exclusion-group", version, null);
    ObjectNode variants = flag.putObject("variants");
    variants.set("off", offVariant());
    variants.set("slot-1", variant("slot-1", payload("flagIds", List.of("43101"))));
    variants.set("unallocated", variant("unallocated", payload("flagIds", List.of())));
    flag.putArray("segments").add(segment("All Other Users", null, null, "slot-1"));
    return flag;
  }

  /** {@code gates}: {groupKey, variant that lets the user in}. */
  private ObjectNode experiment(String key, int version, List<String[]> gates) {
    ObjectNode flag = flagShell(key, true, "experiment", version, "exp-" + version);
    boolean threeWay = random.nextInt(3) == 0;
    List<String> arms = threeWay
        ? List.of("control", "treatment", "treatment-b")
        : List.of("control", "treatment");
    ObjectNode variants = flag.putObject("variants");
    variants.set("off", offVariant());
    for (String arm : arms) {
      variants.set(arm, random.nextInt(4) == 0
          ? variant(arm, payload("layout", arm.equals("control") ? "classic" : "v" + arm.length()))
          : variant(arm, null));
    }
    ArrayNode segments = flag.putArray("segments");
    if (!gates.isEmpty()) {
      ArrayNode dependencies = flag.putArray("dependencies");
      ArrayNode orGroups = F.arrayNode();
      for (String[] gate : gates) {
        dependencies.add(gate[0]);
        orGroups.addArray().add(condition(List.of("result", gate[0], "key"), "is not", gate[1]));
      }
      segments.add(segment("flag-dependencies", orGroups, null, "off"));
    }
    String unit = random.nextInt(10) < 7 ? "user_id" : "device_id";
    segments.add(inclusions(arms.get(1)));
    segments.add(targeting(unit, arms, 10 + random.nextInt(91)));
    segments.add(everyoneElse(unit, arms, 10 + random.nextInt(91)));
    return flag;
  }

  private ObjectNode release(String key, int version, String parent) {
    ObjectNode flag = flagShell(key, true, "release", version, null);
    ObjectNode variants = flag.putObject("variants");
    variants.set("off", offVariant());
    variants.set("on", random.nextInt(3) == 0
        ? variant("on", payload("limit", List.of(String.valueOf(5 + random.nextInt(20)))))
        : variant("on", null));
    List<String> arms = List.of("on");
    ArrayNode segments = flag.putArray("segments");
    if (parent != null) {
      flag.putArray("dependencies").add(parent);
      segments.add(segment("flag-dependencies",
          F.arrayNode().add(F.arrayNode().add(condition(List.of("result", parent, "key"), "is not", "on"))),
          null, "off"));
    }
    String unit = random.nextInt(2) == 0 ? "user_id" : "device_id";
    segments.add(inclusions("on"));
    segments.add(targeting(unit, arms, 10 + random.nextInt(91)));
    if (random.nextInt(5) == 0) {
      segments.add(segment("All Other Users", null, null, "off")); // targeted users only
    } else {
      segments.add(everyoneElse(unit, arms, 10 + random.nextInt(91)));
    }
    return flag;
  }

  private ObjectNode flagShell(String key, boolean deployed, String type, int version,
      String experimentKey) {
    ObjectNode flag = F.objectNode();
    flag.put("key", key);
    ObjectNode metadata = flag.putObject("metadata");
    metadata.put("deployed", deployed);
    metadata.put("evaluationMode", "local");
    metadata.put("flagType", type);
    metadata.put("flagVersion", version);
    if (experimentKey != null) {
      metadata.put("experimentKey", experimentKey);
    }
    return flag;
  }

  private ObjectNode inclusions(String variant) {
    ArrayNode orGroups = F.arrayNode();
    ArrayNode users = F.arrayNode();
    int n = 5 + random.nextInt(16);
    for (int i = 0; i < n; i++) {
      users.add("user-" + random.nextInt(USER_SPACE));
    }
    orGroups.addArray().add(condition(List.of("context", "user", "user_id"), "is", users));
    if (random.nextBoolean()) {
      ArrayNode devices = F.arrayNode();
      int d = 1 + random.nextInt(4);
      for (int i = 0; i < d; i++) {
        devices.add(deviceId(random.nextInt(USER_SPACE)));
      }
      orGroups.addArray().add(condition(List.of("context", "user", "device_id"), "is", devices));
    }
    return segment("individual-inclusions", orGroups, null, variant);
  }

  private ObjectNode targeting(String unit, List<String> arms, int rollout) {
    int n = 1 + random.nextInt(3);
    ArrayNode and = F.arrayNode();
    List<Integer> used = new ArrayList<>();
    while (and.size() < n) {
      int kind = random.nextInt(12);
      if (used.contains(kind)) {
        continue;
      }
      used.add(kind);
      and.add(targetingCondition(kind));
    }
    ObjectNode bucket = bucket(unit, rollout, arms, split(arms.size()));
    String name = "Segment " + (1 + random.nextInt(3));
    return segment(name, F.arrayNode().add(and), bucket, "off");
  }

  private ObjectNode targetingCondition(int kind) {
    return switch (kind) {
      case 0, 1 -> condition(user("country"), "is", pick(COUNTRIES, 2 + random.nextInt(4)));
      case 2 -> condition(user("country"), "is not", pick(COUNTRIES, 1 + random.nextInt(2)));
      case 3 -> condition(user("platform"), "is", pick(PLATFORMS, 1 + random.nextInt(2)));
      case 4 -> condition(user("version"), "version greater or equal",
          "4." + random.nextInt(12) + ".0");
      case 5 -> condition(user("version"), "version less", "5." + random.nextInt(3));
      case 6 -> condition(property("plan"), "is", pick(PLANS, 1 + random.nextInt(2)));
      case 7 -> condition(property("sessions"), "greater or equal",
          String.valueOf(5 + random.nextInt(30)));
      case 8 -> condition(property("email"), "does not contain", "@example.org");
      case 9 -> condition(property("beta_tester"), "is", "true");
      case 10 -> condition(user("cohort_ids"), "set contains any",
          pick(COHORTS, 1 + random.nextInt(2)));
      default -> condition(property("email"), "regex match",
          "^[a-z0-9.]+@(acme\\.com|corp\\.example\\.com)$");
    };
  }

  private ObjectNode everyoneElse(String unit, List<String> arms, int rollout) {
    return segment("All Other Users", null, bucket(unit, rollout, arms, split(arms.size())), "off");
  }

  /** 50/50 or 33/33/34 edges over the full distribution range. */
  private static long[] split(int arms) {
    if (arms == 1) {
      return new long[] {0, FULL};
    }
    if (arms == 2) {
      return new long[] {0, FULL / 2, FULL};
    }
    return new long[] {0, FULL * 33 / 100, FULL * 66 / 100, FULL};
  }

  /**
   * A bucket on {@code context.user.<unit>} with one allocation {@code [0, rollout)} and one
   * distribution per variant between consecutive {@code edges}; as Amplitude serves them,
   * neighbouring ranges overlap by one value.
   */
  private ObjectNode bucket(String unit, int rollout, List<String> variants, long[] edges) {
    ObjectNode bucket = F.objectNode();
    bucket.set("selector", strings(List.of("context", "user", unit)));
    bucket.put("salt", salt());
    ObjectNode allocation = bucket.putArray("allocations").addObject();
    allocation.putArray("range").add(0).add(rollout);
    ArrayNode distributions = allocation.putArray("distributions");
    for (int i = 0; i < variants.size(); i++) {
      ObjectNode d = distributions.addObject();
      d.put("variant", variants.get(i));
      long end = i == variants.size() - 1 ? edges[i + 1] : edges[i + 1] + 1;
      d.putArray("range").add(edges[i]).add(end);
    }
    return bucket;
  }

  private String salt() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static ObjectNode segment(String name, ArrayNode conditions, ObjectNode bucket,
      String variant) {
    ObjectNode segment = F.objectNode();
    segment.putObject("metadata").put("segmentName", name);
    if (conditions != null) {
      segment.set("conditions", conditions);
    }
    if (bucket != null) {
      segment.set("bucket", bucket);
    }
    if (variant != null) {
      segment.put("variant", variant);
    }
    return segment;
  }

  private static ObjectNode condition(List<String> selector, String op, String value) {
    return condition(selector, op, F.arrayNode().add(value));
  }

  private static ObjectNode condition(List<String> selector, String op, ArrayNode values) {
    ObjectNode condition = F.objectNode();
    condition.set("selector", strings(selector));
    condition.put("op", op);
    condition.set("values", values);
    return condition;
  }

  private static List<String> user(String field) {
    return List.of("context", "user", field);
  }

  private static List<String> property(String name) {
    return List.of("context", "user", "user_properties", name);
  }

  private ArrayNode pick(String[] from, int n) {
    List<String> copy = new ArrayList<>(List.of(from));
    Collections.shuffle(copy, random);
    return strings(copy.subList(0, Math.min(n, copy.size())));
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = F.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static ObjectNode variant(String key, ObjectNode payload) {
    ObjectNode v = F.objectNode();
    v.put("key", key);
    v.put("value", key);
    if (payload != null) {
      v.set("payload", payload);
    }
    return v;
  }

  private static ObjectNode offVariant() {
    ObjectNode v = F.objectNode();
    v.put("key", "off");
    v.putObject("metadata").put("default", true);
    return v;
  }

  private static ObjectNode payload(String field, Object value) {
    ObjectNode p = F.objectNode();
    if (value instanceof List<?> list) {
      ArrayNode array = p.putArray(field);
      list.forEach(e -> array.add(String.valueOf(e)));
    } else {
      p.put(field, String.valueOf(value));
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // contexts

  private ObjectNode context(int i) {
    ObjectNode context = F.objectNode();
    ObjectNode user = context.putObject("user");
    int id = random.nextInt(USER_SPACE);
    if (random.nextInt(100) >= 8) {
      user.put("user_id", "user-" + id);
    }
    if (random.nextInt(100) >= 4) {
      user.put("device_id", deviceId(id));
    }
    user.put("country", weighted(COUNTRIES, COUNTRY_WEIGHTS));
    String platform = weighted(PLATFORMS, PLATFORM_WEIGHTS);
    user.put("platform", platform);
    user.put("os", switch (platform) {
      case "iOS" -> "ios 17." + random.nextInt(6);
      case "Android" -> "android " + (11 + random.nextInt(4));
      default -> random.nextBoolean() ? "Chrome 126" : "Safari 17";
    });
    if (random.nextInt(100) >= 5) {
      user.put("version", random.nextInt(20) == 0
          ? "5.0.0-beta." + (1 + random.nextInt(3))
          : (3 + random.nextInt(2)) + "." + random.nextInt(14) + "." + random.nextInt(10));
    }
    user.put("language", LANGUAGES[random.nextInt(LANGUAGES.length)]);
    user.put("library", "experiment-js-client/1.10." + random.nextInt(4));
    ObjectNode props = user.putObject("user_properties");
    props.put("plan", weighted(PLANS, PLAN_WEIGHTS));
    props.put("sessions", random.nextInt(60));
    if (random.nextInt(3) > 0) {
      props.put("email", "u" + id + "@" + EMAIL_DOMAINS[random.nextInt(EMAIL_DOMAINS.length)]);
    }
    if (random.nextInt(4) == 0) {
      props.put("beta_tester", random.nextBoolean());
    }
    props.put("signup_month", "2024-" + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(12)));
    if (random.nextInt(3) == 0) {
      user.set("cohort_ids", pick(COHORTS, 1 + random.nextInt(3)));
    }
    return context;
  }

  private static String deviceId(int id) {
    // a stable UUID-looking device id per user number
    long h = id * 0x9E3779B97F4A7C15L;
    return String.format(Locale.ROOT, "%08x-%04x-4%03x-a%03x-%012x",
        (int) (h >>> 32), (int) (h >>> 16) & 0xffff, (int) h & 0xfff, id & 0xfff,
        (h ^ (h >>> 29)) & 0xffffffffffffL);
  }

  private String weighted(String[] values, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < values.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }
}
