package io.expaudit.eval.differential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import io.expaudit.eval.Semantics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A seeded random, adversarial "world" for the differential test: a payload of evaluation-format
 * flags (spec §2) and evaluation contexts (spec §5.1), both as JSON text, built with Jackson.
 * The same seed, sizes and target always give the same text.
 *
 * <p>What it covers (spec sections in brackets):
 *
 * <ul>
 *   <li>multi-segment waterfalls with and without segment default variants, catch-alls in the
 *       middle, segments naming unknown variant keys, explicit {@code "variant": null} with and
 *       without a variant named {@code "null"} (§3, §6.9 row 14), empty outer condition lists
 *       and empty inner groups;
 *   <li>buckets keyed by user fields, user properties, group names, lists, whole maps, results
 *       and array indices; Unicode salts (CJK, emoji, combining marks, {@code /}, empty);
 *       allocation ranges 0/1/50/99/100 % and odd, overlapping, empty, reversed and out-of-range
 *       ones; 1–5 uneven variant weights turned into distribution ranges the way Amplitude serves
 *       them (§3.2), plus odd hand ranges, and ranges whose ends sit exactly on the hash of one of
 *       the world's known ids, so that {@code [start, end)} is tested at both ends (§3, §3.2);
 *   <li>all 20 operators and unknown ones, filter values of mixed kinds: numbers as strings,
 *       versions, booleans in varied case, {@code (none)}, {@code ""}, JSON-array strings,
 *       Unicode, duplicates (§6.9 row 10), set filters built from the list they test, regexes
 *       incl. anchored ones and ones derived from the values they test (§6);
 *   <li>property values of mixed JSON types: strings, ints, longs, doubles ({@code 1.0},
 *       {@code 1.5}, {@code 1e21}, {@code -0.0}, {@code 1e400}), booleans, arrays with duplicates,
 *       {@code ""} and nulls, nested objects with integer-like keys, JSON-array strings (also
 *       kotlinx's lenient number forms such as {@code [1e2]}, {@code [1e]}), null and missing
 *       (§6.2, §6.3);
 *   <li>Unicode and integer-like flag keys (§6.9 row 16), duplicate flag keys (the later wins),
 *       Unicode user ids, empty and missing bucketing values (§3 item 4);
 *   <li>holdout and mutual-exclusion groups ({@code deployed: false}) with {@code result.<flag>.key}
 *       conditions, chains of dependencies, dependencies missing from the payload, result
 *       conditions on flags that are not declared dependencies (§4); reads of result values,
 *       payloads (§6.9 row 8), metadata (merged, overridden by segments, empty) and whole result
 *       objects.
 * </ul>
 *
 * <p>To make rare disagreements observable, each world draws from a smaller vocabulary (so
 * values and filters coincide), a third of the flags are "probes" whose single condition decides
 * {@code on}/{@code off} (no waterfall hides it), and regex probes on a free-text field walk
 * through the regex lists from a seed-dependent offset.
 *
 * <p>What it leaves out on purpose, all documented engine non-goals or dialect gaps:
 *
 * <ul>
 *   <li>keys named like {@code Object.prototype} members ({@code constructor}, {@code __proto__},
 *       {@code toString}, ...), spec §6.9 row 15;
 *   <li>lone UTF-16 surrogates, spec §6.9 row 9;
 *   <li>regexes whose meaning differs between ECMAScript and {@code java.util.regex} beyond what
 *       the engine translates: inline flags, possessive and atomic groups, lookbehind of
 *       unbounded length, {@code \b}, {@code \p} and other identity escapes of letters, Annex B
 *       octal escapes and back references to missing groups. For {@link Semantics#KOTLIN} the
 *       patterns only ECMAScript accepts (<code>a{</code>, {@code []}, {@code [^]}, {@code \0})
 *       are left out too, so that they do not turn most contexts into errors;
 *   <li>variant objects with explicit {@code null} {@code value}/{@code payload}, unknown fields
 *       or a field order other than key, value, payload, metadata: they only matter when a
 *       selector reads a whole result object.
 * </ul>
 *
 * <p>Invalid regexes are reached on purpose by a small share of contexts (a "trap" flag gated by
 * a rare user id), so that the error-versus-no-error agreement is tested too.
 */
public final class RandomWorld {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The 20 operators by their served names. */
  static final List<String> OPERATORS =
      List.of(
          "is", "is not", "contains", "does not contain", "less", "less or equal", "greater",
          "greater or equal", "version less", "version less or equal", "version greater",
          "version greater or equal", "set is", "set is not", "set contains",
          "set does not contain", "set contains any", "set does not contain any", "regex match",
          "regex does not match");

  private static final List<String> UNKNOWN_OPERATORS =
      List.of("glob match", "IS", "", "is  not", "set contains all", "regex");

  /** Adversarial strings used as property values and filter values. No lone surrogates. */
  private static final List<String> STRINGS =
      List.of(
          "", "a", "A", "b", "abc", "ABC", "Abc", "xaby", "ab", "abc\n", "foo", "bar",
          "true", "TRUE", "True", "false", "FALSE", "fAlSe", "yes", "falſe", "tRuE ",
          "(none)", "none", "null", "undefined",
          "0", "1", "01", "1.0", "1.5", "-1", "-0", "+5", "0x10", "0b11", "1e3", "1E3", " 12 ",
          "\u00a012", "12abc", "Infinity", "-Infinity", "NaN", "1d", "5.", ".5", "1_000",
          "9007199254740993", "1e21", "1e400", "100", "42",
          "1.2.3", "1.10.0", "1.9.0", "1.9", "01.02.03", "2.0.0-beta", "1.0.0-alpha.1",
          "1.0.0-a1.23", "1.0.0-a1.5", "1.0.0-01", "1.0.0-a_b", "10.0.0+meta", "1.0.0-",
          "1.2.3.4", "v1.2.3", "99999999999.0.0", "1.2.99999999999", "1.0.0-rc.1+build.5",
          "[\"a\",\"b\"]", "[\"a\"]", "[]", "[abc]", "[1,2]", "[1.0,true,null]", " [\"a\"]",
          "[\"a\",\"a\",\"\"]", "[", "[\"a\",]", "[[\"x\"]]", "[{\"k\":1}]", "['a']", "{\"a\":1}",
          "[01]", "[\"(none)\"]", "[\"TRUE\",\"x\"]", "[\"日本\",\"😀\"]", "[ \"a\" , \"b\" ]",
          "日本", "日本語", "東京", "😀", "🚀 launch", "👩‍💻", "🇺🇸", "e\u0301", "é", "É",
          "İstanbul", "ß", "STRASSE", "ΟΔΟΣ", "οδος", "Kelvin \u212a", "ſ", "Привет", "привет",
          "\u2028", "line\nbreak", "tab\there", "\u00a0", "\ufeff", "a.c", "a😀c", "x{2}",
          "$", "^", "\\", "quote\"d", "/path/x", "US", "us", "DE", "iOS", "ios", "Android");

  /** Filter values for selectors that end at a whole result object, its metadata or all results. */
  private static final List<String> WHOLE_RESULT_VALUES =
      List.of("EvaluationVariant(key=on", "{\"key\":\"on\"", "key=off", "{\"key\":\"", "metadata={",
          "payload=null", "\"metadata\":{}", "E", "F", "Ev", "{", "{}", "\"default\":true",
          "default=true", "{\"segmentName\":\"All Other Users\"}", "segmentName=probe", "=");

  /** In every world's vocabulary: the strings where the dialects most often part ways. */
  private static final List<String> ALWAYS =
      List.of("", "true", "TRUE", "(none)", "\u00a0", "\u00a012", "abc\n", "1.0", "[\"a\",\"b\"]",
          "日本", "a😀c", "\u2028", "-0", "0x10", "x\u2028");

  /** Strings that look like JSON arrays, valid or not (spec §6.2 coerceStringList). */
  private static final List<String> JSON_ARRAY_STRINGS =
      List.of(
          "[\"a\",\"b\"]", "[\"a\"]", "[]", "[abc]", "[1,2]", "[1.0,true,null]", " [\"a\"]",
          "[\"a\",\"a\",\"\"]", "[", "[\"a\",]", "[[\"x\"]]", "[{\"k\":1}]", "['a']", "[01]",
          "[\"(none)\"]", "[\"TRUE\",\"x\"]", "[\"日本\",\"😀\"]", "[ \"a\" , \"b\" ]",
          "[\"c1\",\"c2\"]", "[1e400]", "[\"\\u00e9\"]", "[true]", "[-0]", "[1e2]", "[1e]", "[-e5]",
          "[120e-1]", "[1e19]", "[99999999999999999999]", "[+5]", "[3e2,\"300\"]", "[1E2,1.5e3]",
          "[9223372036854775808]", "[1d]", "[0x10]");

  private static final List<String> NUMBER_VALUES =
      List.of(
          "0", "1", "-1", "1.5", "10", "100", "42", "1e3", "0x10", "0b11", " 5 ", "abc", "",
          "NaN", "Infinity", "-Infinity", "1d", "-0", "9007199254740993", "1e21", "1.0", "01",
          "+5", ".5", "3000000000", "0.1", "1e-7", "\u00a07");

  private static final List<String> VERSION_VALUES =
      List.of(
          "1.2.3", "1.10.0", "1.9", "1.9.0", "2.0.0", "1.0.0-alpha", "1.0.0-alpha.1",
          "1.0.0-a1.5", "1.0.0", "10.0.0", "2.1.0", "01.02", "1.0.0-", "1.0.0-01", "1.0.0-a_b",
          "1.2.3.4", "v1", "abc", "", "99999999999.0", "1.2.99999999999", "10.0.0+meta",
          "0.0.0", "1.0", "2");

  private static final List<String> BOOLEAN_VALUES =
      List.of("true", "TRUE", "True", "false", "False", "FALSE", "yes", "1", "falſe", "tRUE");

  private static final List<String> SET_VALUES =
      List.of("a", "b", "c1", "c2", "x", "1", "2", "true", "TRUE", "(none)", "", "日本", "😀",
          "[\"a\",\"b\"]", "[]", "{\"k\":1}", "1.0");

  /** Regexes with the same meaning in ECMAScript (after the engine's translation) and Java. */
  private static final List<String> REGEXES_BOTH =
      List.of(
          "", "a", "abc", "^abc$", "^a", "c$", "^$", "b", "^(true|false)$", "^[0-9]+$",
          "\\d{2,}", "^-?\\d+(\\.\\d+)?$", "^1\\.\\d+", "(foo|bar|abc)", "日本", "^日", "😀",
          "🚀", "e\u0301", "^[a-z]+$", "[A-Z]", "\\s", "\\S+", "^\\s*$", "^\\w+$", ".*", ".+",
          "^.+$", "x{2}", "(?:ab)+", "a(?=b)", "(?<!x)b", "(a)\\1", "\\[", "^\\[.*\\]$", "\\$",
          "\\.", "[.]", "[\\]]", "[^a-z]", "(none)", "(?<n>ab)\\k<n>", "ab|", "\\u00e9",
          "\\x41", "[\\u4e00-\\u9fff]", "\\/", "^-?\\d+$", "true", "TRUE", "^(?:TRUE|true)$",
          "c\\n?$", "^\\d{1,3}$", "[\\s\\S]", "a}", "a]", "}", "]", "\\n", "^[^\\n]*$",
          "\\u2028", "^\\S*$");

  /**
   * Valid in ECMAScript, invalid in Java, or where ECMAScript (no u flag, UTF-16 code units) and
   * Java (code points) part ways on astral characters, {@code \v} or {@code [\b]}: patterns the
   * engine translates for JS. Only for {@link Semantics#JS}.
   */
  private static final List<String> REGEXES_JS_ONLY =
      List.of("a{", "x{1,", "x{,5}", "{", "[^]", "[]", "\\0", "{\"a\":1}", "[\\b]", "[\\0]",
          "a.c", "^.$", "^..$", "^.{2}$", "\\uD83D", "\\uD83D\\uDE00", "[\\uD800-\\uDBFF]",
          "[\\u0080-\\uFFFF]", "^[^a]$", "^\\S\\S$", "^[😀]$", "[😀]", "😀+", "^[\\u0000-\\uFFFF]{2}$",
          "[\\uDC00-\\uFFFF]", "[a-\\uD83D]", "\\v", "[\\v]", "[\\t-\\r]", "[\\d-z]", "[a-]",
          "^.?c$", "^a.$", "^\\W$", "^[\\s\\S]$", "[\\u00e9-\\u00ff]", "[^\\x00-\\x7F]", "\\e",
          "\\x", "[\\k]", "\\p{L}", "\\c1", "\\q+", "[\\x]");

  /** Invalid in both dialects. */
  private static final List<String> REGEXES_INVALID =
      List.of("(", "[", "*a", "a{2,1}", "(?<", "\\", "a)", "+", "?");

  private static final Pattern REGEX_META = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  private static final List<String> VARIANT_KEYS =
      List.of("on", "control", "treatment", "a", "b", "c", "d", "e", "slot-1", "holdout",
          "variant-日本", "🚀", "null", "true", "0", "1", "A", "Control", "e\u0301");

  private static final List<String> PROPERTY_NAMES =
      List.of("plan", "age", "score", "tags", "beta", "app_version", "nums", "meta", "json_list",
          "名前", "emoji 🎉", "[Experiment] exp", "0", "17", "with space", "ratio", "empty",
          "nullish", "e\u0301t\u00e9", "length");

  private static final List<String> GROUP_TYPES = List.of("org", "team 队", "0", "company");

  private static final List<String> COHORTS =
      List.of("c1", "c2", "cohortA", "u0qtvwla", "", "C1", "日本", "1");

  private static final Map<String, List<String>> USER_FIELDS = new LinkedHashMap<>();

  static {
    USER_FIELDS.put("country", List.of("US", "us", "DE", "日本", "", "United States", "(none)"));
    USER_FIELDS.put("platform", List.of("iOS", "Android", "Web", "ios", "", "true"));
    USER_FIELDS.put("version", List.of("1.2.3", "1.10.0", "2.0", "10.0.0+meta", "1.0.0-beta.1", "",
        "v1", "1.9"));
    USER_FIELDS.put("language", List.of("en", "EN", "de-DE", "日本語", "zh-Hans"));
    USER_FIELDS.put("os", List.of("iOS 17.1", "Android 14", "Windows", "macOS 14.2.1"));
    USER_FIELDS.put("city", List.of("Berlin", "東京", "São Paulo", "İzmir", ""));
  }

  private static final List<String> SALTS_FIXED =
      List.of("吉星高照", "🦎🚀", "e\u0301\u0302", "", "with/slash", "nI33zio8", "AbC12345", "Xy9",
          "ΣΑΛΤ", "👩‍👩‍👧‍👦", "a b");

  private static final List<String> ID_PREFIXES =
      List.of("user-", "u", "用户-", "👩‍💻", "e\u0301", "Ünïcödé-", "", "device:", "🇺🇸-", "ß");

  private enum Kind { HOLDOUT, MUTEX, MEMBER, CHAIN, REGULAR, PROBE, REGEX_PROBE, TRAP }

  private static final class Plan {
    final int rank;
    final String key;
    final Kind kind;
    final List<String> variantKeys = new ArrayList<>();
    /** Flag metadata keys that a segment's metadata overrides. */
    final List<String> overriddenMetadata = new ArrayList<>();

    Plan(int rank, String key, Kind kind) {
      this.rank = rank;
      this.key = key;
      this.kind = kind;
    }
  }

  private final long seed;
  private final Semantics target;
  private final SplittableRandom rnd;
  private final List<String> regexes;
  private final List<String> propertyNames = new ArrayList<>();
  private final Map<String, List<JsonNode>> propertyPools = new LinkedHashMap<>();
  private final List<String> knownIds = new ArrayList<>();
  private final List<String> trapIds = new ArrayList<>();
  private final List<Plan> plans = new ArrayList<>();
  /** This world's share of {@link #STRINGS}: a smaller vocabulary makes coincidences likely. */
  private final List<String> words;
  private final Map<String, Integer> propertyFlavors = new LinkedHashMap<>();
  private int jsOnlyProbes;
  private int bothProbes;
  private final ArrayNode flags = NODES.arrayNode();
  private final List<String> contextLines = new ArrayList<>();
  private final List<JsonNode> contexts = new ArrayList<>();

  private RandomWorld(long seed, Semantics target) {
    this.seed = seed;
    this.target = target;
    this.rnd = new SplittableRandom(seed);
    List<String> shuffled = new ArrayList<>(new LinkedHashSet<>(STRINGS));
    Collections.shuffle(shuffled, new Random(rnd.nextLong()));
    List<String> vocabulary = new ArrayList<>(ALWAYS);
    for (String w : shuffled.subList(0, 40)) {
      if (!vocabulary.contains(w)) {
        vocabulary.add(w);
      }
    }
    this.words = List.copyOf(vocabulary);
    List<String> patterns = new ArrayList<>(REGEXES_BOTH);
    if (target == Semantics.JS) {
      patterns.addAll(REGEXES_JS_ONLY);
    }
    for (String s : words) {
      if (!REGEX_META.matcher(s).find()) {
        patterns.add(s); // literal strings mean the same in both dialects
      }
    }
    this.regexes = List.copyOf(patterns);
  }

  /**
   * Generates a world.
   *
   * @param seed the seed; the same arguments always give the same world
   * @param flagCount how many flag objects the payload holds (a few may share a key)
   * @param contextCount how many contexts
   * @param target the engine the world is meant for: only the regex pool depends on it
   */
  public static RandomWorld generate(long seed, int flagCount, int contextCount, Semantics target) {
    RandomWorld world = new RandomWorld(seed, target);
    world.buildSchema();
    world.buildFlags(Math.max(1, flagCount));
    for (int i = 0; i < contextCount; i++) {
      world.addContext(i);
    }
    return world;
  }

  public long seed() {
    return seed;
  }

  public Semantics target() {
    return target;
  }

  /** The payload: a JSON array of flags. */
  public String flagsJson() {
    return write(flags);
  }

  /** The flags as a Jackson tree, in payload order. */
  public ArrayNode flags() {
    return flags;
  }

  /** One {@code {"id": i, "context": {...}}} per context, i = 0, 1, ... */
  public List<String> contextLines() {
    return Collections.unmodifiableList(contextLines);
  }

  /** The context of line {@code i}. */
  public JsonNode context(int i) {
    return contexts.get(i);
  }

  /** The flag object with this key that the engines keep (the last one), or null. */
  public JsonNode flag(String key) {
    JsonNode found = null;
    for (JsonNode flag : flags) {
      if (flag.path("key").asText().equals(key)) {
        found = flag;
      }
    }
    return found;
  }

  /** Writes {@code flags.json} and {@code contexts.jsonl} into {@code dir}. */
  public void writeTo(Path dir, String flagsFile, String contextsFile) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(flagsFile), flagsJson(), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve(contextsFile), String.join("\n", contextLines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ helpers

  private boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  private int between(int lo, int hiInclusive) {
    return lo + rnd.nextInt(hiInclusive - lo + 1);
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private String alnum(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static ArrayNode strings(String... values) {
    ArrayNode array = NODES.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static ArrayNode range(long start, long end) {
    ArrayNode array = NODES.arrayNode();
    array.add(start);
    array.add(end);
    return array;
  }

  // ------------------------------------------------------------------ values

  /** A typed JSON value: string, int, long, double, boolean, array, object or special numbers. */
  private JsonNode anyValue(int depth) {
    int k = rnd.nextInt(100);
    if (k < 40) {
      return NODES.textNode(pick(words));
    } else if (k < 52) {
      return intValue();
    } else if (k < 64) {
      return doubleValue();
    } else if (k < 70) {
      return NODES.booleanNode(rnd.nextBoolean());
    } else if (k < 85 && depth < 2) {
      return arrayValue(depth + 1);
    } else if (k < 93 && depth < 2) {
      return objectValue(depth + 1);
    } else if (k < 96) {
      return NODES.textNode(pick(SET_VALUES));
    } else {
      return NODES.textNode(pick(VERSION_VALUES));
    }
  }

  private JsonNode intValue() {
    return switch (rnd.nextInt(12)) {
      case 0 -> NODES.numberNode(0);
      case 1 -> NODES.numberNode(1);
      case 2 -> NODES.numberNode(-1);
      case 3 -> NODES.numberNode(42);
      case 4 -> NODES.numberNode(100);
      case 5 -> NODES.numberNode(2147483648L);
      case 6 -> NODES.numberNode(3000000000L);
      case 7 -> NODES.numberNode(-2147483649L);
      case 8 -> NODES.numberNode(9007199254740993L);
      case 9 -> NODES.numberNode(new BigInteger("12345678901234567890"));
      case 10 -> NODES.numberNode(7);
      default -> NODES.numberNode(between(-5, 120));
    };
  }

  private JsonNode doubleValue() {
    return switch (rnd.nextInt(16)) {
      case 0 -> NODES.numberNode(1.0);
      case 1 -> NODES.numberNode(1.5);
      case 2 -> NODES.numberNode(-0.0);
      case 3 -> NODES.numberNode(0.1);
      case 4 -> NODES.numberNode(1e21);
      case 5 -> NODES.numberNode(1e-7);
      case 6 -> NODES.numberNode(1e16);
      case 7 -> NODES.numberNode(123456789.125);
      case 8 -> NODES.numberNode(0.1 + 0.2);
      case 9 -> NODES.numberNode(Double.MIN_VALUE);
      case 10 -> NODES.numberNode(Double.MAX_VALUE);
      case 11 -> NODES.numberNode(100.0);
      case 12 -> NODES.numberNode(-3.75);
      case 13 -> chance(0.3) ? NODES.numberNode(new BigDecimal("1E+400")) // Infinity once parsed
          : NODES.numberNode(-1e-300);
      case 14 -> NODES.numberNode(42.0);
      default -> NODES.numberNode(between(0, 1000) / 8.0);
    };
  }

  private JsonNode arrayValue(int depth) {
    ArrayNode array = NODES.arrayNode();
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(100);
      if (k < 55) {
        array.add(pick(SET_VALUES));
      } else if (k < 65) {
        array.add("");
      } else if (k < 70) {
        array.addNull();
      } else if (k < 80) {
        array.add(intValue());
      } else if (k < 85) {
        array.add(doubleValue());
      } else if (k < 90) {
        array.add(rnd.nextBoolean());
      } else {
        array.add(depth < 3 ? anyValue(depth + 1) : NODES.textNode("deep"));
      }
    }
    if (n > 0 && chance(0.3)) {
      array.add(array.get(rnd.nextInt(array.size())).deepCopy()); // a duplicate
    }
    return array;
  }

  private JsonNode objectValue(int depth) {
    ObjectNode object = NODES.objectNode();
    switch (rnd.nextInt(6)) {
      case 0 -> object.put("a", 1);
      case 1 -> {
        object.put("2", "x");
        object.put("1", "y");
        object.put("b", 1.0);
      }
      case 2 -> { }
      case 3 -> object.set("nested", NODES.objectNode().put("k", "v").put("n", 1.5));
      case 4 -> object.putNull("k");
      default -> {
        object.set("inner", depth < 3 ? anyValue(depth + 1) : NODES.textNode("deep"));
        object.set("list", strings("a", "", "a"));
      }
    }
    return object;
  }

  /** Strings that a filter value might use to match {@code value}. */
  private String stringFormOf(JsonNode value) {
    if (value == null || value.isNull()) {
      return "(none)";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      String s = Boolean.toString(value.booleanValue());
      return switch (rnd.nextInt(3)) {
        case 0 -> s;
        case 1 -> s.toUpperCase(Locale.ROOT);
        default -> Character.toUpperCase(s.charAt(0)) + s.substring(1);
      };
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isNumber()) {
      double d = value.doubleValue();
      if (chance(0.5) && d == Math.rint(d) && Math.abs(d) < 1e21) {
        return Long.toString((long) d); // how JS prints it
      }
      return Double.toString(d); // how the JVM prints it
    }
    if (value.isArray()) {
      if (value.size() > 0 && chance(0.7)) {
        return stringFormOf(value.get(rnd.nextInt(value.size())));
      }
      return write(value);
    }
    return write(value);
  }

  // ------------------------------------------------------------------ schema

  private void buildSchema() {
    List<String> names = new ArrayList<>(PROPERTY_NAMES);
    Collections.shuffle(names, new Random(rnd.nextLong()));
    for (String name : names.subList(0, between(5, 10))) {
      propertyNames.add(name);
      int flavor = rnd.nextInt(8);
      propertyFlavors.put(name, flavor);
      List<JsonNode> pool = new ArrayList<>();
      int size = between(3, 8);
      for (int i = 0; i < size; i++) {
        pool.add(
            switch (flavor) {
              case 0 -> NODES.textNode(pick(words));
              case 1 -> chance(0.5) ? (chance(0.5) ? intValue() : doubleValue())
                  : NODES.textNode(pick(NUMBER_VALUES));
              case 2 -> NODES.textNode(pick(VERSION_VALUES));
              case 3 -> chance(0.5) ? NODES.booleanNode(rnd.nextBoolean())
                  : NODES.textNode(pick(BOOLEAN_VALUES));
              case 4 -> chance(0.6) ? arrayValue(1) : NODES.textNode(pick(JSON_ARRAY_STRINGS));
              case 5 -> objectValue(1);
              case 6 -> anyValue(0);
              default -> chance(0.8) ? arrayValue(1) : NODES.textNode(pick(JSON_ARRAY_STRINGS));
            });
      }
      propertyPools.put(name, pool);
    }
    for (int i = 0; i < 12; i++) {
      knownIds.add(userId());
    }
    for (int i = 0; i < 3; i++) {
      trapIds.add("trap-" + i + "-" + alnum(4));
    }
  }

  private String userId() {
    String prefix = pick(ID_PREFIXES);
    return prefix + (chance(0.5) ? Integer.toString(rnd.nextInt(1_000_000)) : alnum(between(1, 12)));
  }

  private String salt() {
    return switch (rnd.nextInt(4)) {
      case 0 -> pick(SALTS_FIXED);
      case 1 -> pick(SALTS_FIXED) + alnum(4);
      default -> alnum(8);
    };
  }

  // ------------------------------------------------------------------ flags

  private String flagKey(int rank) {
    return switch (rnd.nextInt(20)) {
      case 0 -> pick(List.of("0", "1", "17", "42", "4294967294", "4294967295", "007", "-1",
          "1.5", "9"));
      case 1 -> Integer.toString(rank * 7 + 3);
      case 2 -> "フラグ-" + rank;
      case 3 -> "🚀-" + rank;
      case 4 -> "Flag With Space " + rank;
      case 5 -> "e\u0301-" + rank;
      case 6 -> "a/b." + rank;
      default -> "flag-" + rank + "-" + alnum(3);
    };
  }

  private void buildFlags(int count) {
    Set<String> used = new LinkedHashSet<>();
    int trapRank = rnd.nextInt(count);
    for (int rank = 0; rank < count; rank++) {
      Kind kind;
      if (rank == trapRank && count >= 4) {
        kind = Kind.TRAP;
      } else {
        int k = rnd.nextInt(100);
        kind = k < 7 ? Kind.HOLDOUT : k < 13 ? Kind.MUTEX : k < 26 ? Kind.MEMBER
            : k < 33 ? Kind.CHAIN : k < 55 ? Kind.REGULAR : k < 80 ? Kind.PROBE
            : Kind.REGEX_PROBE;
      }
      String key;
      boolean duplicate = kind == Kind.REGULAR && rank > 2 && chance(0.04);
      if (duplicate) {
        key = plans.get(rnd.nextInt(rank)).key; // a later flag with an earlier key wins
      } else {
        do {
          key = flagKey(rank);
        } while (used.contains(key));
      }
      used.add(key);
      plans.add(new Plan(rank, key, kind));
    }
    List<ObjectNode> built = new ArrayList<>();
    for (Plan plan : plans) {
      built.add(buildFlag(plan));
    }
    if (chance(0.6)) {
      Collections.shuffle(built, new Random(rnd.nextLong())); // dependents before dependencies
    }
    built.forEach(flags::add);
  }

  private ObjectNode buildFlag(Plan plan) {
    ObjectNode flag = switch (plan.kind) {
      case HOLDOUT -> holdout(plan);
      case MUTEX -> mutex(plan);
      case TRAP -> trap(plan);
      case PROBE -> probe(plan);
      case REGEX_PROBE -> regexProbe(plan);
      default -> regular(plan);
    };
    int m = rnd.nextInt(100);
    if (m < 8) {
      flag.remove("metadata"); // merged metadata may then be empty: Kotlin null, JS {}
    } else if (m < 10) {
      flag.putNull("metadata");
    }
    return flag;
  }

  private ObjectNode metadata(String flagType, boolean deployed) {
    ObjectNode m = NODES.objectNode();
    m.put("deployed", deployed);
    m.put("evaluationMode", chance(0.9) ? "local" : "remote");
    m.put("flagType", flagType);
    m.put("flagVersion", between(1, 60));
    if (chance(0.2)) {
      m.put("experimentKey", "exp-" + alnum(3));
    }
    if (chance(0.1)) {
      m.put("1", "integer-like key");
      m.put("ratio", 1.0);
    }
    return m;
  }

  private ObjectNode variant(String key, boolean isDefault) {
    ObjectNode v = NODES.objectNode();
    v.put("key", chance(0.03) ? key + "-served" : key);
    if (!isDefault && chance(0.8)) {
      if (chance(0.9)) {
        v.put("value", key);
      } else {
        v.set("value", chance(0.5) ? NODES.numberNode(1.0) : NODES.objectNode().put("x", 1));
      }
    }
    if (chance(0.25)) {
      v.set("payload", switch (rnd.nextInt(4)) {
        case 0 -> NODES.objectNode().set("flagIds", strings("1", "2"));
        case 1 -> strings("p", "", "p");
        case 2 -> NODES.textNode("payload " + key);
        default -> NODES.numberNode(1.5);
      });
    }
    if (isDefault) {
      v.set("metadata", NODES.objectNode().put("default", true));
    } else if (chance(0.1)) {
      v.set("metadata", NODES.objectNode().put("note", "v-" + key).put("default", false));
    } else if (chance(0.08)) {
      v.set("metadata", NODES.objectNode().put("segmentName", "from-variant").put("flagVersion", 99)
          .put("1", "v"));
    }
    return v;
  }

  private ObjectNode holdout(Plan plan) {
    plan.variantKeys.addAll(List.of("holdout", "on", "off"));
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata("holdout-group", false));
    ObjectNode variants = flag.putObject("variants");
    for (String k : plan.variantKeys) {
      ObjectNode v = variant(k, k.equals("off"));
      if (!k.equals("off")) {
        v.set("payload", NODES.objectNode().set("flagIds", strings("101", "102")));
      }
      variants.set(k, v);
    }
    int holdoutPercent = pick(List.of(0, 1, 5, 10, 50, 99, 100, between(0, 100)));
    ObjectNode segment = NODES.objectNode();
    segment.set("metadata", segmentMetadata(plan, "All Other Users"));
    ObjectNode bucket = segment.putObject("bucket");
    bucket.set("selector", chance(0.8) ? strings("context", "user", "device_id")
        : strings("context", "user", "user_id"));
    bucket.put("salt", salt());
    ObjectNode allocation = bucket.putArray("allocations").addObject();
    allocation.set("range", range(0, chance(0.9) ? 100 : 99));
    allocation.set("distributions",
        distributionsFromWeights(List.of("holdout", "on"), List.of(holdoutPercent, 100 - holdoutPercent)));
    segment.put("variant", "off");
    flag.putArray("segments").add(segment);
    return flag;
  }

  private ObjectNode mutex(Plan plan) {
    int slots = between(1, 4);
    for (int i = 1; i <= slots; i++) {
      plan.variantKeys.add("slot-" + i);
    }
    boolean unallocated = slots > 1 && chance(0.6);
    if (unallocated) {
      plan.variantKeys.add("unallocated");
    }
    plan.variantKeys.add("off");
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata("mutual-exclusion-group", false));
    ObjectNode variants = flag.putObject("variants");
    for (String k : plan.variantKeys) {
      variants.set(k, variant(k, k.equals("off")));
    }
    ObjectNode segment = NODES.objectNode();
    segment.set("metadata", segmentMetadata(plan, "All Other Users"));
    if (slots == 1 && chance(0.6)) {
      segment.put("variant", "slot-1"); // the only slot: no bucket
    } else {
      ObjectNode bucket = segment.putObject("bucket");
      bucket.set("selector", bucketSelector());
      bucket.put("salt", salt());
      ObjectNode allocation = bucket.putArray("allocations").addObject();
      allocation.set("range", range(0, 100));
      List<String> keys = new ArrayList<>(plan.variantKeys.subList(0, plan.variantKeys.size() - 1));
      List<Integer> weights = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        weights.add(between(0, 100));
      }
      allocation.set("distributions", distributionsFromWeights(keys, weights));
      segment.put("variant", "off");
    }
    flag.putArray("segments").add(segment);
    return flag;
  }

  private ObjectNode trap(Plan plan) {
    plan.variantKeys.addAll(List.of("on", "off"));
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata("release", true));
    ObjectNode variants = flag.putObject("variants");
    variants.set("on", variant("on", false));
    variants.set("off", variant("off", true));
    ArrayNode segments = flag.putArray("segments");
    ObjectNode segment = segments.addObject();
    segment.set("metadata", NODES.objectNode().put("segmentName", "invalid regex"));
    ArrayNode and = segment.putArray("conditions").addArray();
    and.add(condition(strings("context", "user", "user_id"), "is", strings(trapIds)));
    ArrayNode values = NODES.arrayNode();
    if (chance(0.5)) {
      values.add("^never matches this$");
    }
    values.add(pick(REGEXES_INVALID));
    String property = pick(propertyNames);
    and.add(condition(strings("context", "user", "user_properties", property),
        pick(List.of("regex match", "regex does not match")), values));
    and.add(condition(strings("context", "user", "device_id"),
        pick(List.of("regex match", "regex does not match")), values.deepCopy()));
    segment.put("variant", "on");
    ObjectNode rest = segments.addObject();
    rest.set("metadata", NODES.objectNode().put("segmentName", "All Other Users"));
    rest.put("variant", "off");
    return flag;
  }

  /**
   * A flag whose result shows one condition's truth: {@code on} when it holds, else {@code off}
   * (or, now and then, no result), so no waterfall hides it.
   */
  private ObjectNode probe(Plan plan) {
    plan.variantKeys.addAll(List.of("on", "off"));
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata("release", chance(0.9)));
    ObjectNode variants = flag.putObject("variants");
    variants.set("on", variant("on", false));
    variants.set("off", variant("off", true));
    ArrayNode segments = flag.putArray("segments");
    ObjectNode segment = segments.addObject();
    segment.set("metadata", segmentMetadata(plan, "probe"));
    ArrayNode and = segment.putArray("conditions").addArray();
    Plan read = earlier(plan);
    if (read != null && chance(0.25)) {
      and.add(wholeResultCondition(read));
      flag.set("dependencies", strings(read.key));
    } else {
      and.add(randomCondition(plan, new ArrayList<>()));
    }
    if (chance(0.15)) {
      and.add(randomCondition(plan, new ArrayList<>()));
    }
    segment.put("variant", "on");
    if (chance(0.9)) {
      segments.addObject().put("variant", "off");
    }
    return flag;
  }

  /**
   * A condition on a whole result object ({@code ["result", key]}) or on all results so far
   * ({@code ["result"]}): JS reads {@code JSON.stringify} text, Kotlin an
   * {@code EvaluationVariant(key=..., ...)} toString (inside kotlinx JSON for the map).
   */
  private ObjectNode wholeResultCondition(Plan read) {
    ArrayNode selector = chance(0.7) ? strings("result", read.key) : strings("result");
    String op = pick(List.of("contains", "contains", "contains", "does not contain", "less",
        "greater", "is", "regex match", "regex match"));
    List<String> candidates = new ArrayList<>(WHOLE_RESULT_VALUES);
    for (String k : read.variantKeys) {
      candidates.add("{\"key\":\"" + k + "\"");
      candidates.add("EvaluationVariant(key=" + k + ", ");
      candidates.add("\"" + read.key + "\":{\"key\":\"" + k + "\"");
      candidates.add("\"" + read.key + "\":\"EvaluationVariant(key=" + k + ", ");
    }
    ArrayNode values = NODES.arrayNode();
    int n = between(1, 2);
    for (int i = 0; i < n; i++) {
      String v = pick(candidates);
      values.add(op.equals("regex match") ? regexFor(v) : v);
    }
    return condition(selector, op, values);
  }

  /**
   * A probe of one regex on the free-text field {@code user.bio}: the patterns where the dialects
   * differ most (for JS, those the engine translates) meet emoji, NBSP and line terminators.
   */
  private ObjectNode regexProbe(Plan plan) {
    plan.variantKeys.addAll(List.of("on", "off"));
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata("release", true));
    ObjectNode variants = flag.putObject("variants");
    variants.set("on", variant("on", false));
    variants.set("off", variant("off", true));
    ArrayNode segments = flag.putArray("segments");
    ObjectNode segment = segments.addObject();
    // each list is walked from an offset of 5 per seed, so consecutive seeds (a default run's
    // worlds) cover consecutive blocks: together every pattern
    String pattern;
    if (chance(0.2)) {
      pattern = regexFor(pick(words));
    } else if (target == Semantics.JS && chance(0.6)) {
      pattern = REGEXES_JS_ONLY.get(
          (int) Math.floorMod(seed * 5 + jsOnlyProbes++, (long) REGEXES_JS_ONLY.size()));
    } else {
      pattern = REGEXES_BOTH.get(
          (int) Math.floorMod(seed * 5 + bothProbes++, (long) REGEXES_BOTH.size()));
    }
    segment.putArray("conditions").addArray().add(condition(strings("context", "user", "bio"),
        chance(0.7) ? "regex match" : "regex does not match", strings(pattern)));
    segment.put("variant", "on");
    segments.addObject().put("variant", "off");
    return flag;
  }

  private static ObjectNode condition(ArrayNode selector, String op, ArrayNode values) {
    ObjectNode c = NODES.objectNode();
    c.set("selector", selector);
    c.put("op", op);
    c.set("values", values);
    return c;
  }

  private ObjectNode regular(Plan plan) {
    int n = between(1, 5);
    List<String> keys = new ArrayList<>(VARIANT_KEYS);
    Collections.shuffle(keys, new Random(rnd.nextLong()));
    plan.variantKeys.addAll(keys.subList(0, n));
    if (!plan.variantKeys.contains("null") && chance(0.2)) {
      plan.variantKeys.add("null"); // what JS finds for "variant": null (spec §6.9 row 14)
    }
    boolean hasOff = chance(0.85);
    if (hasOff) {
      plan.variantKeys.add("off");
    }
    ObjectNode flag = NODES.objectNode();
    flag.put("key", plan.key);
    flag.set("metadata", metadata(plan.kind == Kind.MEMBER || chance(0.5) ? "experiment" : "release",
        chance(0.9)));
    ObjectNode variants = flag.putObject("variants");
    for (String k : plan.variantKeys) {
      variants.set(k, variant(k, k.equals("off")));
    }
    ArrayNode segments = NODES.arrayNode();
    List<String> dependencies = new ArrayList<>();
    boolean duplicate = false;
    for (Plan other : plans) {
      if (other.rank < plan.rank && other.key.equals(plan.key)) {
        duplicate = true; // a replacing flag gets no dependencies, so no cycle can form
      }
    }
    if (plan.kind == Kind.MEMBER && !duplicate) {
      segments.add(dependencySegment(plan, dependencies));
    } else if (plan.kind == Kind.CHAIN && !duplicate) {
      int deps = between(1, 3);
      for (int i = 0; i < deps; i++) {
        Plan parent = earlier(plan);
        if (parent == null) {
          break;
        }
        dependencies.add(parent.key);
      }
      if (chance(0.15)) {
        dependencies.add("missing-" + alnum(4));
      }
    }
    int count = between(1, 5);
    for (int i = 0; i < count; i++) {
      boolean last = i == count - 1;
      segments.add(segment(plan, last, dependencies));
    }
    if (!dependencies.isEmpty()) {
      flag.set("dependencies", strings(dependencies));
    } else if (chance(0.05)) {
      flag.putArray("dependencies");
    }
    flag.set("segments", segments);
    return flag;
  }

  /** A random flag of lower rank, or null. */
  private Plan earlier(Plan plan) {
    if (plan.rank == 0) {
      return null;
    }
    return plans.get(rnd.nextInt(plan.rank));
  }

  private Plan earlierOfKind(Plan plan, Kind kind) {
    List<Plan> candidates = new ArrayList<>();
    for (int i = 0; i < plan.rank; i++) {
      if (plans.get(i).kind == kind) {
        candidates.add(plans.get(i));
      }
    }
    return candidates.isEmpty() ? null : pick(candidates);
  }

  /** The {@code flag-dependencies} segment of a holdout / mutex member (spec §2.2, §4.2). */
  private ObjectNode dependencySegment(Plan plan, List<String> dependencies) {
    ObjectNode segment = NODES.objectNode();
    segment.set("metadata", segmentMetadata(plan, "flag-dependencies"));
    ArrayNode or = segment.putArray("conditions");
    Plan holdout = earlierOfKind(plan, Kind.HOLDOUT);
    Plan mutex = earlierOfKind(plan, Kind.MUTEX);
    String holdoutKey = holdout != null && chance(0.85) ? holdout.key : "missing-holdout-" + alnum(3);
    dependencies.add(holdoutKey);
    String op = chance(0.85) ? "is not" : pick(List.of("is", "set does not contain any",
        "does not contain", "set is not"));
    or.addArray().add(condition(strings("result", holdoutKey, "key"), op,
        chance(0.9) ? strings("on") : strings("on", "holdout")));
    if (mutex != null && chance(0.8)) {
      dependencies.add(mutex.key);
      String slot = pick(mutex.variantKeys.subList(0, Math.max(1, mutex.variantKeys.size() - 1)));
      or.addArray().add(condition(strings("result", mutex.key, "key"),
          chance(0.9) ? "is not" : "set does not contain any", strings(slot)));
    }
    if (chance(0.1)) {
      dependencies.add(dependencies.get(0)); // a duplicate dependency
    }
    segment.put("variant", chance(0.9) ? "off" : pick(plan.variantKeys));
    return segment;
  }

  /** Segment metadata; now and then it overrides a flag metadata key (the later one wins). */
  private ObjectNode segmentMetadata(Plan plan, String segmentName) {
    ObjectNode metadata = NODES.objectNode();
    metadata.put("segmentName", segmentName);
    if (chance(0.3)) {
      String key = pick(List.of("flagType", "deployed", "flagType", "flagVersion"));
      metadata.put(key, pick(List.of("from-segment", "true", "0")));
      plan.overriddenMetadata.add(key);
    }
    return metadata;
  }

  private ObjectNode segment(Plan plan, boolean last, List<String> dependencies) {
    ObjectNode segment = NODES.objectNode();
    boolean catchAll = last ? chance(0.75) : chance(0.1);
    if (chance(0.85)) {
      segment.set("metadata",
          segmentMetadata(plan, catchAll && last ? "All Other Users" : "Segment " + alnum(2)));
    }
    if (!catchAll) {
      segment.set("conditions", conditions(plan, dependencies));
    } else if (chance(0.05)) {
      segment.putNull("conditions");
    }
    if (chance(last ? 0.5 : 0.6)) {
      segment.set("bucket", bucket(plan));
    }
    int v = rnd.nextInt(100);
    if (v < 45) {
      segment.put("variant", plan.variantKeys.contains("off") && chance(0.7) ? "off"
          : pick(plan.variantKeys));
    } else if (v < 52) {
      segment.put("variant", "ghost");
    } else if (v < 60) {
      segment.putNull("variant"); // spec §6.9 row 14
    } // else: no default variant, unallocated units fall through
    return segment;
  }

  private ArrayNode conditions(Plan plan, List<String> dependencies) {
    ArrayNode or = NODES.arrayNode();
    int k = rnd.nextInt(100);
    if (k < 3) {
      return or; // [] never matches
    }
    int groups = between(1, 3);
    for (int g = 0; g < groups; g++) {
      ArrayNode and = or.addArray();
      if (chance(0.04)) {
        continue; // [] matches
      }
      int n = between(1, 3);
      for (int i = 0; i < n; i++) {
        and.add(randomCondition(plan, dependencies));
      }
    }
    return or;
  }

  private ObjectNode randomCondition(Plan plan, List<String> dependencies) {
    String op;
    int o = rnd.nextInt(100);
    if (o < 4) {
      op = pick(UNKNOWN_OPERATORS);
    } else {
      op = pick(OPERATORS);
    }
    int s = rnd.nextInt(100);
    ArrayNode selector;
    List<JsonNode> pool;
    List<String> resultValues = null;
    String fitting = chance(0.5) ? fittingProperty(op) : null;
    if (fitting != null) {
      selector = chance(0.8)
          ? strings("context", "user", "user_properties", fitting)
          : strings("context", "groups", pick(GROUP_TYPES), "group_properties", fitting);
      return condition(selector, op, filterValues(op, propertyPools.get(fitting), null));
    }
    if (s < 25) {
      String field = pick(List.of("user_id", "device_id", "amplitude_id", "country", "platform",
          "version", "language", "os", "city"));
      selector = strings("context", "user", field);
      pool = new ArrayList<>();
      if (USER_FIELDS.containsKey(field)) {
        USER_FIELDS.get(field).forEach(x -> pool.add(NODES.textNode(x)));
      } else {
        knownIds.forEach(x -> pool.add(NODES.textNode(x)));
      }
    } else if (s < 58) {
      String property = pick(propertyNames);
      selector = strings("context", "user", "user_properties", property);
      pool = propertyPools.get(property);
    } else if (s < 63) {
      selector = strings("context", "user", "cohort_ids");
      pool = new ArrayList<>();
      COHORTS.forEach(x -> pool.add(NODES.textNode(x)));
      pool.add(strings("c1", "cohortA"));
      pool.add(strings("c1", "c1", "", "C1"));
    } else if (s < 72) {
      String type = pick(GROUP_TYPES);
      int g = rnd.nextInt(3);
      if (g == 0) {
        selector = strings("context", "groups", type, "group_name");
        pool = new ArrayList<>(List.of(NODES.textNode("acme"), NODES.textNode("Acme"),
            NODES.textNode("日本企業"), NODES.textNode("")));
      } else if (g == 1) {
        String property = pick(propertyNames);
        selector = strings("context", "groups", type, "group_properties", property);
        pool = propertyPools.get(property);
      } else {
        selector = strings("context", "groups", type, "cohort_ids");
        pool = new ArrayList<>();
        COHORTS.forEach(x -> pool.add(NODES.textNode(x)));
      }
    } else if (s < 90) {
      Plan other = chance(0.5) ? earlier(plan) : pick(plans);
      String key = other == null || chance(0.05) ? "missing-" + alnum(3) : other.key;
      if (other != null && other != plan && plan.kind == Kind.CHAIN && chance(0.3)
          && other.rank < plan.rank && !dependencies.isEmpty()) {
        dependencies.add(key);
      }
      int f = rnd.nextInt(100);
      if (f < 56) {
        selector = strings("result", key, "key");
      } else if (f < 64) {
        selector = strings("result", key, "value");
      } else if (f < 71) {
        selector = strings("result", key, "metadata", "segmentName");
      } else if (f < 84) {
        List<String> keys = other != null && !other.overriddenMetadata.isEmpty() && chance(0.7)
            ? other.overriddenMetadata
            : List.of("default", "deployed", "flagVersion", "flagType", "1", "note");
        selector = strings("result", key, "metadata", pick(keys));
      } else if (f < 90) {
        // JS reads a result's payload, Kotlin does not (spec §6.9 row 8)
        selector = chance(0.7) ? strings("result", key, "payload")
            : strings("result", key, "payload", "flagIds");
      } else if (f < 96) {
        selector = strings("result", key, "metadata"); // Kotlin: null when empty; JS: {}
      } else if (f < 99) {
        selector = strings("result", key);
      } else {
        selector = strings("result");
      }
      pool = new ArrayList<>();
      if (f >= 90) {
        // whole objects: JS reads JSON.stringify text, Kotlin an EvaluationVariant's toString
        resultValues = new ArrayList<>(WHOLE_RESULT_VALUES);
      } else {
        resultValues = new ArrayList<>(List.of("on", "off", "control", "treatment", "holdout",
            "slot-1", "true", "TRUE", "false", "All Other Users", "flag-dependencies", "release",
            "experiment", "from-segment", "from-variant", "99", "v", "integer-like key", "0",
            "1.5", "p", "1", "101", "(none)", "{\"flagIds\":[\"1\",\"2\"]}"));
      }
      if (other != null) {
        resultValues.addAll(other.variantKeys);
        if (f >= 90) {
          for (String k : other.variantKeys) {
            resultValues.add("{\"key\":\"" + k + "\"");
            resultValues.add("EvaluationVariant(key=" + k + ", ");
          }
        }
      }
    } else {
      String property = pick(propertyNames);
      selector = switch (rnd.nextInt(10)) {
        case 0 -> NODES.arrayNode();
        case 1 -> strings("context");
        case 2 -> strings("context", "user");
        case 3 -> strings("context", "user", "");
        case 4 -> strings("user", "user_id");
        case 5 -> strings("context", "user", "user_id", "x");
        case 6 -> strings("context", "user", "cohort_ids", "0");
        case 7 -> strings("context", "user", "user_properties", property, "length");
        case 8 -> strings("context", "user", "user_properties", property, "0");
        default -> strings("context", "user", "user_properties", property, "inner");
      };
      pool = propertyPools.get(property);
    }
    return condition(selector, op, filterValues(op, pool, resultValues));
  }

  private static final String META = "\\^$.|?*+()[]{}/";

  /**
   * A regex built from a value a property may hold, so that regex conditions match now and then:
   * the value escaped (maybe anchored), with white space and digits generalised to {@code \s}
   * and {@code \d}, or a prefix or suffix of it. Every construct used means the same in
   * ECMAScript (after the engine's translation) and Java: escaped metacharacters, literal
   * characters (no lone surrogates), {@code \s}, {@code \d}, {@code ^}, {@code $}, {@code +},
   * {@code *}; and {@code \v}, which Kotlin reads the Java way and the engine translates for JS.
   */
  private String regexFor(String subject) {
    if (!subject.isEmpty() && chance(0.5)
        && "\n\r\u2028\u2029\u0085".indexOf(subject.charAt(subject.length() - 1)) >= 0) {
      // JS $ is the end of input, Java $ also matches before a final line terminator
      return regexFor(subject.substring(0, subject.length() - 1)).replaceAll("\\$$", "") + "$";
    }
    StringBuilder out = new StringBuilder();
    boolean generalise = chance(0.4);
    int[] codePoints = subject.codePoints().toArray();
    int from = 0;
    int to = codePoints.length;
    int mode = rnd.nextInt(5);
    if (mode == 1 && to > 1) {
      to = between(1, to - 1); // a prefix
    } else if (mode == 2 && to > 1) {
      from = between(1, to - 1); // a suffix
    }
    if (mode == 1 || mode == 3) {
      out.append('^');
    }
    for (int i = from; i < to; i++) {
      int c = codePoints[i];
      if (generalise && Character.isDigit(c) && c < 128) {
        out.append("\\d");
        while (i + 1 < to && codePoints[i + 1] >= '0' && codePoints[i + 1] <= '9') {
          i++;
        }
        out.append('+');
      } else if (generalise && (c == '\n' || c == '\r' || c == '\f' || c == 0x2028 || c == 0x2029
          || c == 0x85) && chance(0.5)) {
        out.append("\\v"); // JS: VT only; Java: any vertical white space (engine translates it)
      } else if (generalise && (c == ' ' || c == '\t' || c == 0xa0 || c == 0xfeff || c == 0x2028
          || c == 0x3000 || c == '\n')) {
        out.append("\\s");
      } else if (c < 128 && META.indexOf(c) >= 0) {
        out.append('\\').appendCodePoint(c);
      } else {
        out.appendCodePoint(c);
      }
    }
    if (mode == 2 || mode == 3) {
      out.append('$');
    }
    if (mode == 4) {
      out.append(".*");
    }
    return out.toString();
  }

  /** The elements of a list value or of a string that parses as a JSON array, as strings. */
  private List<String> elementsOf(JsonNode value) {
    JsonNode array = value;
    if (value.isTextual() && value.textValue().startsWith("[")) {
      try {
        array = MAPPER.readTree(value.textValue());
      } catch (JsonProcessingException e) {
        return List.of();
      }
    }
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode e : array) {
        if (!e.isNull()) {
          out.add(e.isContainerNode() ? write(e) : stringFormOf(e));
        }
      }
    }
    return out;
  }

  /** Set operator filter values built from one list in the pool: all, some, more, dupes. */
  private ArrayNode setValuesFrom(List<String> elements) {
    ArrayNode values = NODES.arrayNode();
    List<String> shuffled = new ArrayList<>(elements);
    Collections.shuffle(shuffled, new Random(rnd.nextLong()));
    int take = switch (rnd.nextInt(4)) {
      case 0, 1 -> shuffled.size();
      case 2 -> Math.max(1, shuffled.size() - 1);
      default -> between(1, shuffled.size());
    };
    for (String e : shuffled.subList(0, take)) {
      if (e.equalsIgnoreCase("true") || e.equalsIgnoreCase("false")) {
        values.add(chance(0.5) ? e.toUpperCase(Locale.ROOT) : e);
      } else {
        values.add(e);
      }
    }
    if (chance(0.4)) {
      values.add(values.get(rnd.nextInt(values.size())).textValue()); // spec §6.9 row 10
    }
    if (chance(0.2)) {
      values.add(pick(SET_VALUES));
    }
    return values;
  }

  /** A property whose values suit {@code op} (lists for set operators, numbers, ...), or null. */
  private String fittingProperty(String op) {
    List<Integer> flavors = switch (op) {
      case "set is", "set is not", "set contains", "set does not contain", "set contains any",
          "set does not contain any" -> List.of(4, 7);
      case "less", "less or equal", "greater", "greater or equal" -> List.of(1);
      case "version less", "version less or equal", "version greater",
          "version greater or equal" -> List.of(2);
      case "is", "is not" -> List.of(0, 3, 6);
      case "regex match", "regex does not match", "contains", "does not contain" -> List.of(0, 6);
      default -> List.of();
    };
    List<String> candidates = new ArrayList<>();
    propertyFlavors.forEach((name, flavor) -> {
      if (flavors.contains(flavor)) {
        candidates.add(name);
      }
    });
    return candidates.isEmpty() ? null : pick(candidates);
  }

  private ArrayNode filterValues(String op, List<JsonNode> pool, List<String> resultValues) {
    if (op.startsWith("set ") && pool != null && !pool.isEmpty() && chance(0.6)) {
      List<String> elements = elementsOf(pick(pool));
      if (!elements.isEmpty()) {
        return setValuesFrom(elements);
      }
    }
    ArrayNode values = NODES.arrayNode();
    int n = chance(0.03) ? 0 : between(1, 4);
    boolean regex = op.startsWith("regex ");
    for (int i = 0; i < n; i++) {
      if (regex) {
        String derived = null;
        if (target == Semantics.JS && chance(0.2)) {
          derived = pick(REGEXES_JS_ONLY); // the translated corners, on purpose
        } else if (chance(0.5) && pool != null && !pool.isEmpty()) {
          derived = regexFor(stringFormOf(pick(pool)));
        } else if (chance(0.3) && resultValues != null) {
          derived = regexFor(pick(resultValues));
        }
        values.add(derived != null ? derived : pick(regexes));
        continue;
      }
      int k = rnd.nextInt(100);
      String value;
      if (k < 5) {
        value = "(none)";
      } else if (k < 8) {
        value = "";
      } else if (k < 55 && resultValues != null) {
        value = pick(resultValues);
      } else if (k < 55 && !pool.isEmpty()) {
        value = stringFormOf(pick(pool));
      } else if (k < 85) {
        value = switch (op) {
          case "less", "less or equal", "greater", "greater or equal" -> pick(NUMBER_VALUES);
          case "version less", "version less or equal", "version greater",
              "version greater or equal" -> pick(VERSION_VALUES);
          case "set is", "set is not", "set contains", "set does not contain",
              "set contains any", "set does not contain any" -> pick(SET_VALUES);
          case "is", "is not" -> chance(0.4) ? pick(BOOLEAN_VALUES) : pick(words);
          default -> pick(words);
        };
      } else {
        value = pick(words);
      }
      values.add(value);
    }
    if (values.size() > 0 && chance(0.06)) {
      values.add(values.get(rnd.nextInt(values.size())).textValue()); // a duplicate (row 10)
    }
    return values;
  }

  private ArrayNode bucketSelector() {
    int k = rnd.nextInt(100);
    if (k < 45) {
      return strings("context", "user", "device_id");
    } else if (k < 65) {
      return strings("context", "user", "user_id");
    } else if (k < 70) {
      return strings("context", "user", "amplitude_id");
    } else if (k < 78) {
      return strings("context", "groups", pick(GROUP_TYPES), "group_name");
    } else if (k < 88) {
      return strings("context", "user", "user_properties", pick(propertyNames));
    }
    return switch (k) {
      case 88, 89 -> strings("context", "user");
      case 90, 91 -> strings("context", "user", "cohort_ids");
      case 92, 93 -> strings("result", pick(plans).key, "key");
      case 94 -> NODES.arrayNode();
      case 95, 96 -> strings("context", "user", "nope");
      case 97 -> strings("context", "user", "cohort_ids", "0");
      default -> strings("context", "user", "country");
    };
  }

  private ObjectNode bucket(Plan plan) {
    ObjectNode bucket = NODES.objectNode();
    ArrayNode selector = bucketSelector();
    String salt = salt();
    bucket.set("selector", selector);
    bucket.put("salt", salt);
    ArrayNode allocations = bucket.putArray("allocations");
    String last = selector.size() == 3 ? selector.get(2).asText() : "";
    if ((last.equals("user_id") || last.equals("device_id")) && chance(0.3)) {
      edgeAllocations(plan, salt, allocations);
      return bucket;
    }
    int count = chance(0.7) ? 1 : between(0, 3);
    for (int i = 0; i < count; i++) {
      ObjectNode allocation = allocations.addObject();
      allocation.set("range", allocationRange());
      allocation.set("distributions", distributions(plan));
    }
    return bucket;
  }

  /** The unsigned MurmurHash3 x86_32 (seed 0) of {@code salt/value}, by Guava (spec §3.1). */
  static long hash(String salt, String value) {
    byte[] bytes = (salt + "/" + value).getBytes(StandardCharsets.UTF_8);
    return Integer.toUnsignedLong(Hashing.murmur3_32_fixed().hashBytes(bytes).asInt());
  }

  /**
   * Allocation and distribution ranges whose bounds sit exactly on the hash of one of the
   * world's known ids, so that the half-open {@code [start, end)} reading is tested at both ends.
   */
  private void edgeAllocations(Plan plan, String salt, ArrayNode allocations) {
    long h = hash(salt, pick(knownIds));
    int a = (int) (h % 100);
    int d = (int) (h / 100);
    List<String> keys = new ArrayList<>(plan.variantKeys);
    keys.remove("off");
    if (keys.isEmpty()) {
      keys.add("ghost");
    }
    String first = pick(keys);
    String second = pick(keys);
    ObjectNode allocation = allocations.addObject();
    allocation.set("range", switch (rnd.nextInt(5)) {
      case 0 -> range(a, a + 1);
      case 1 -> range(0, a);
      case 2 -> range(a, 100);
      case 3 -> range(0, a + 1);
      default -> range(0, 100);
    });
    ArrayNode distributions = allocation.putArray("distributions");
    int[][] ranges = switch (rnd.nextInt(6)) {
      case 0 -> new int[][] {{0, d}, {d, 42949673}};
      case 1 -> new int[][] {{0, d + 1}, {d, 42949673}};
      case 2 -> new int[][] {{d, d + 1}, {0, 42949673}};
      case 3 -> new int[][] {{0, d}, {d + 1, 42949673}};
      case 4 -> new int[][] {{d + 1, 42949673}, {0, d + 1}};
      default -> new int[][] {{Math.max(0, d - 1), d}, {d - 1 < 0 ? 0 : d, d + 2}};
    };
    for (int i = 0; i < ranges.length; i++) {
      ObjectNode dist = distributions.addObject();
      dist.put("variant", i == 0 ? first : second);
      dist.set("range", range(ranges[i][0], ranges[i][1]));
    }
    if (chance(0.5)) {
      ObjectNode rest = allocations.addObject(); // those outside the first allocation
      rest.set("range", range(0, 100));
      rest.set("distributions", distributions(plan));
    }
  }

  private ArrayNode allocationRange() {
    int k = rnd.nextInt(100);
    if (k < 60) {
      int end = pick(List.of(0, 1, 20, 50, 99, 100, 100, 100));
      return range(0, end);
    }
    ArrayNode r = switch (k % 10) {
      case 0 -> range(1, 100);
      case 1 -> range(99, 100);
      case 2 -> { // odd, maybe reversed
        int a = between(0, 100);
        int b = between(0, 100);
        yield range(a, b);
      }
      case 3 -> range(50, 50);
      case 4 -> range(-10, 200);
      case 5 -> range(100, 100);
      case 6 -> range(0, 101);
      case 7 -> range(37, 63);
      case 8 -> range(80, 20);
      default -> range(between(0, 50), between(50, 100));
    };
    if (chance(0.03)) {
      r.add(7); // the engines read only the first two numbers
    }
    return r;
  }

  private ArrayNode distributions(Plan plan) {
    List<String> keys = new ArrayList<>(plan.variantKeys);
    keys.remove("off");
    if (keys.isEmpty() || chance(0.05)) {
      keys.add("ghost");
    }
    Collections.shuffle(keys, new Random(rnd.nextLong()));
    int n = Math.min(keys.size(), between(1, 5));
    List<String> chosen = new ArrayList<>(keys.subList(0, n));
    if (chance(0.05)) {
      chosen.add(chance(0.5) ? "ghost" : "off");
    }
    if (chance(0.72)) {
      List<Integer> weights = new ArrayList<>();
      for (int i = 0; i < chosen.size(); i++) {
        weights.add(pick(List.of(0, 1, 1, 33, 34, 50, 99, between(0, 100), between(1, 1000))));
      }
      if (weights.stream().mapToInt(Integer::intValue).sum() == 0) {
        weights.set(0, 1);
      }
      return distributionsFromWeights(chosen, weights);
    }
    ArrayNode out = NODES.arrayNode();
    if (chance(0.04)) {
      return out; // no distributions
    }
    for (String key : chosen) {
      ObjectNode d = out.addObject();
      d.put("variant", key);
      d.set("range", switch (rnd.nextInt(12)) {
        case 0 -> range(0, 42949673);
        case 1 -> range(0, 0);
        case 2 -> range(30000000, 10000000);
        case 3 -> range(42949672, 42949673);
        case 4 -> range(0, 21474837);
        case 5 -> range(21474836, 42949673);
        case 6 -> range(-5, 5);
        case 7 -> range(0, Integer.MAX_VALUE);
        case 8 -> range(42949673, 50000000);
        case 9 -> range(0, 42949672);
        default -> {
          int a = rnd.nextInt(42949674);
          int b = rnd.nextInt(42949674);
          yield range(Math.min(a, b), Math.max(a, b));
        }
      });
    }
    return out;
  }

  /**
   * Ranges as Amplitude serves them for weights (spec §3.2): with b_i = 42949673 · C_i / W,
   * variant i gets {@code [floor(b_(i-1)), ceil(b_i)]}, so neighbours overlap by one value; now
   * and then the start is one lower still, as seen in a real 99/1 config.
   */
  private ArrayNode distributionsFromWeights(List<String> keys, List<Integer> weights) {
    long total = 0;
    for (int w : weights) {
      total += w;
    }
    ArrayNode out = NODES.arrayNode();
    if (total == 0) {
      total = 1;
    }
    long cumulative = 0;
    for (int i = 0; i < keys.size(); i++) {
      long previous = cumulative;
      cumulative += weights.get(i);
      long start = 42949673L * previous / total;
      long end = (42949673L * cumulative + total - 1) / total;
      if (start > 0 && chance(0.15)) {
        start--;
      }
      ObjectNode d = out.addObject();
      d.put("variant", keys.get(i));
      d.set("range", range(start, end));
    }
    return out;
  }

  // ------------------------------------------------------------------ contexts

  private void addContext(int id) {
    ObjectNode context = NODES.objectNode();
    int shape = rnd.nextInt(100);
    if (shape >= 3) {
      if (shape < 4) {
        context.set("user", chance(0.5) ? NODES.textNode("not a map") : strings("user_id"));
      } else {
        context.set("user", user());
      }
    }
    if (chance(0.4)) {
      ObjectNode groups = context.putObject("groups");
      for (String type : GROUP_TYPES) {
        if (chance(0.5)) {
          groups.set(type, group());
        }
      }
    }
    if (chance(0.05)) {
      context.putObject("page").put("url", "https://example.com/" + alnum(3));
    }
    contexts.add(context);
    ObjectNode line = NODES.objectNode();
    line.put("id", id);
    line.set("context", context);
    contextLines.add(write(line));
  }

  private JsonNode idValue(boolean trap) {
    if (trap) {
      return NODES.textNode(pick(trapIds));
    }
    int k = rnd.nextInt(100);
    if (k < 20) {
      return NODES.textNode(pick(knownIds));
    } else if (k < 85) {
      return NODES.textNode(userId());
    } else if (k < 90) {
      return NODES.textNode("");
    } else if (k < 93) {
      return intValue();
    } else if (k < 95) {
      return doubleValue();
    } else if (k < 97) {
      return NODES.nullNode();
    } else {
      return chance(0.5) ? NODES.booleanNode(true) : arrayValue(1);
    }
  }

  private ObjectNode user() {
    ObjectNode user = NODES.objectNode();
    if (chance(0.02)) {
      return user;
    }
    boolean trap = chance(0.015);
    if (trap || chance(0.88)) {
      user.set("user_id", idValue(trap));
    }
    if (chance(0.85)) {
      user.set("device_id", idValue(false));
    }
    if (chance(0.3)) {
      user.set("amplitude_id", chance(0.7) ? NODES.numberNode(rnd.nextLong(1L << 40))
          : idValue(false));
    }
    for (Map.Entry<String, List<String>> field : USER_FIELDS.entrySet()) {
      if (chance(0.5)) {
        user.put(field.getKey(), pick(field.getValue()));
      }
    }
    if (chance(0.85)) {
      user.put("bio", chance(0.3) ? pick(words) + " " + pick(words) : pick(words));
    }
    if (chance(0.8)) {
      user.set("user_properties", properties());
    }
    if (chance(0.4)) {
      int k = rnd.nextInt(100);
      if (k < 85) {
        ArrayNode cohorts = user.putArray("cohort_ids");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          cohorts.add(pick(COHORTS));
        }
      } else if (k < 93) {
        user.put("cohort_ids", "[\"c1\",\"cohortA\"]");
      } else {
        user.put("cohort_ids", "c1");
      }
    }
    return user;
  }

  private ObjectNode properties() {
    ObjectNode properties = NODES.objectNode();
    for (String name : propertyNames) {
      if (chance(0.6)) {
        if (chance(0.05)) {
          properties.putNull(name);
        } else if (chance(0.08)) {
          properties.set(name, anyValue(0));
        } else {
          properties.set(name, pick(propertyPools.get(name)).deepCopy());
        }
      }
    }
    return properties;
  }

  private ObjectNode group() {
    ObjectNode group = NODES.objectNode();
    int k = rnd.nextInt(100);
    if (k < 85) {
      group.put("group_name", pick(List.of("acme", "Acme", "日本企業", "", "org-" + alnum(3),
          "org-" + alnum(3), "🏢")));
    } else if (k < 92) {
      group.set("group_name", intValue());
    }
    if (chance(0.5)) {
      group.set("group_properties", properties());
    }
    if (chance(0.3)) {
      ArrayNode cohorts = group.putArray("cohort_ids");
      int n = rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        cohorts.add(pick(COHORTS));
      }
    }
    return group;
  }
}
