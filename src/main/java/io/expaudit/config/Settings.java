package io.expaudit.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The audit's settings: the documented defaults of {@code conf/expaudit.properties} (bundled in the
 * jar), then a {@code --conf} file, then {@code --set key=value} overrides, each validated when it
 * is applied so a bad key or value stops the run before any work, naming where it came from.
 *
 * <p>The defaults file is the one list of keys: a key is known when it has a default there (or
 * starts with an open prefix such as {@code context.field.}), and every known key has a validator
 * below (a test holds the two lists together). Immutable and serializable.
 */
public final class Settings implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DEFAULTS = "/expaudit.properties";
  public static final String CONTEXT_FIELD = "context.field.";
  public static final String LINT_SEVERITY = "lint.severity.";
  /** Keys open to any suffix, each validated like its prefix. */
  private static final List<String> OPEN_PREFIXES = List.of(CONTEXT_FIELD, LINT_SEVERITY);
  private static final Set<String> IDS = Set.of("amplitude_id", "user_id", "device_id");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.\\-]*");

  /** Checks one value; throws IllegalArgumentException saying what is wrong. */
  private static final Map<String, Consumer<String>> VALIDATORS = validators();

  private final Map<String, String> values;
  private final List<String> defaultOrder;

  private Settings(Map<String, String> values, List<String> defaultOrder) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.defaultOrder = List.copyOf(defaultOrder);
  }

  private static Map<String, Consumer<String>> validators() {
    Map<String, Consumer<String>> v = new TreeMap<>();
    v.put("unit.precedence", value -> {
      List<String> ids = list(value);
      if (ids.isEmpty() || !IDS.containsAll(ids) || Set.copyOf(ids).size() != ids.size()) {
        throw new IllegalArgumentException(
            "must list amplitude_id, user_id and/or device_id, each at most once");
      }
    });
    v.put(CONTEXT_FIELD, value -> {
      if (!value.isEmpty() && !FIELD_NAME.matcher(value).matches()) {
        throw new IllegalArgumentException("must be a context field name or empty");
      }
    });
    v.put("srm.alpha", value -> doubleIn(value, Double.MIN_VALUE, 1));
    v.put("srm.bayes_factor_threshold", value -> doubleIn(value, 1 + 1e-9, Double.MAX_VALUE));
    v.put("srm.prior_concentration", value -> doubleIn(value, Double.MIN_VALUE, Double.MAX_VALUE));
    v.put("srm.min_units_per_variant", value -> intAtLeast(value, 0));
    v.put("srm.min_effect", value -> {
      if (!value.isEmpty()) {
        doubleIn(value, Double.MIN_VALUE, 1);
      }
    });
    v.put("srm.slice_dimensions", value -> {
      for (String dimension : list(value)) {
        if (!FIELD_NAME.matcher(dimension).matches()) {
          throw new IllegalArgumentException("'" + dimension + "' is not a dimension name");
        }
      }
    });
    v.put("srm.drilldown_slices", value -> intAtLeast(value, 0));
    v.put("lint.naming.flag_pattern", Settings::regex);
    v.put("lint.naming.variant_pattern", Settings::regex);
    v.put("lint.fallback.control_pattern", Settings::regex);
    v.put("lint.stale.days", value -> intAtLeast(value, 1));
    v.put("lint.weights.tolerance", value -> doubleIn(value, 0, 1));
    v.put("lint.disabled", value -> { });
    v.put(LINT_SEVERITY, value -> {
      if (!Set.of("INFO", "WARN", "ERROR").contains(value)) {
        throw new IllegalArgumentException("must be INFO, WARN or ERROR");
      }
    });
    return v;
  }

  private static void regex(String value) {
    try {
      Pattern.compile(value);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription());
    }
  }

  private static void intAtLeast(String value, int min) {
    try {
      if (Integer.parseInt(value) >= min) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a whole number of at least " + min);
  }

  /** A number in [min, max). */
  private static void doubleIn(String value, double min, double max) {
    try {
      double d = Double.parseDouble(value);
      if (d >= min && d < max) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a number in [" + min + ", " + max + ")");
  }

  /** The bundled defaults. */
  public static Settings defaults() {
    Map<String, String> values = new LinkedHashMap<>();
    try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + DEFAULTS);
      }
      read(new InputStreamReader(in, StandardCharsets.UTF_8), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Settings(values, new ArrayList<>(values.keySet()));
  }

  /**
   * These settings with a properties file's values over them.
   *
   * @throws ConfigException naming {@code source} and the key for an unknown key or a bad value
   */
  public Settings withFile(String text, String source) {
    Map<String, String> file = new LinkedHashMap<>();
    try {
      read(new StringReader(text), file);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(source + ": not a properties file: " + e.getMessage());
    }
    Map<String, String> merged = new TreeMap<>(values);
    file.forEach((key, value) -> merged.put(key, validate(key, value, source)));
    return new Settings(merged, defaultOrder).checkContextFields(source);
  }

  /**
   * These settings with one {@code key=value} override ({@code --set}).
   *
   * @throws ConfigException for a malformed override, an unknown key or a bad value
   */
  public Settings with(String keyEqualsValue) {
    int eq = keyEqualsValue.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set " + keyEqualsValue + ": expected key=value");
    }
    String key = keyEqualsValue.substring(0, eq).trim();
    Map<String, String> merged = new TreeMap<>(values);
    merged.put(key, validate(key, keyEqualsValue.substring(eq + 1).trim(), "--set"));
    return new Settings(merged, defaultOrder).checkContextFields("--set");
  }

  /**
   * This, after checking that no two event fields fill one context field and none fills
   * {@code user_properties}, where the event's user properties go.
   */
  private Settings checkContextFields(String source) {
    Map<String, String> byContextField = new TreeMap<>();
    contextFields().forEach((event, context) -> {
      String other = byContextField.put(context, event);
      if (other != null || context.equals("user_properties")) {
        throw new ConfigException(source + ": " + CONTEXT_FIELD + event + " = '" + context + "': "
            + (other != null ? "context field already filled by " + CONTEXT_FIELD + other
                : "that context field holds the event's user properties"));
      }
    });
    return this;
  }

  private String validate(String key, String value, String source) {
    Consumer<String> validator = VALIDATORS.get(key);
    String prefix = openPrefix(key);
    if (prefix != null && key.length() > prefix.length()) {
      validator = VALIDATORS.get(prefix);
    } else if (validator == null || !values.containsKey(key)) {
      throw new ConfigException(source + ": unknown key '" + key + "' (the keys are documented in"
          + " conf/expaudit.properties)");
    }
    try {
      validator.accept(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + key + " = '" + value + "': " + e.getMessage());
    }
    return value;
  }

  /** Reads properties into {@code into} in file order (Properties itself keeps no order). */
  private static String openPrefix(String key) {
    for (String prefix : OPEN_PREFIXES) {
      if (key.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  private static void read(Reader reader, Map<String, String> into) throws IOException {
    Properties inOrder = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        into.put(((String) key).trim(), ((String) value).trim());
        return super.put(key, value);
      }
    };
    inOrder.load(reader);
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** Every key and its value, sorted by key: what the run used, for {@code summary.json}. */
  public Map<String, String> asMap() {
    return values;
  }

  /** Known keys without a validator or validators without a default: must be empty. */
  static List<String> undocumentedOrUnvalidated() {
    Settings defaults = defaults();
    List<String> out = new ArrayList<>();
    for (String key : defaults.values.keySet()) {
      if (!VALIDATORS.containsKey(key) && openPrefix(key) == null) {
        out.add(key + " has no validator");
      }
    }
    for (String key : VALIDATORS.keySet()) {
      if (!defaults.values.containsKey(key) && !OPEN_PREFIXES.contains(key)) {
        out.add(key + " has no default in conf/expaudit.properties");
      }
    }
    return out;
  }

  /** A key's value (validated when set); null for an open-prefix key that is not set. */
  public String get(String key) {
    return values.get(key);
  }

  public int getInt(String key) {
    return Integer.parseInt(values.get(key));
  }

  public double getDouble(String key) {
    return Double.parseDouble(values.get(key));
  }

  /** A comma-separated value as a list, blanks dropped. */
  public List<String> getList(String key) {
    return list(values.get(key));
  }

  /** The keys under an open prefix (e.g. {@code lint.severity.}), without it, to their values. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        out.put(key.substring(prefix.length()), value);
      }
    });
    return out;
  }

  /** {@code unit.precedence}: the ids that key an analysis unit, first present wins. */
  public List<String> unitPrecedence() {
    return list(values.get("unit.precedence"));
  }

  /**
   * The {@code context.field.*} mapping, event field → {@code context.user} field, in the order of
   * the defaults file and then by key; empty values (fields left out) are dropped.
   */
  public Map<String, String> contextFields() {
    List<String> keys = new ArrayList<>();
    for (String key : defaultOrder) {
      if (key.startsWith(CONTEXT_FIELD)) {
        keys.add(key);
      }
    }
    for (String key : values.keySet()) {
      if (key.startsWith(CONTEXT_FIELD) && !keys.contains(key)) {
        keys.add(key);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : keys) {
      String value = values.get(key);
      if (value != null && !value.isEmpty()) {
        out.put(key.substring(CONTEXT_FIELD.length()), value);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
