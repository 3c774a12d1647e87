package io.expaudit.eval;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.BucketConfig;
import io.expaudit.config.ConditionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.VariantConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flag configs compiled once for one {@link Semantics}: dependencies ordered, conditions,
 * buckets and merged metadata prepared. Immutable, serializable (broadcast it to Spark
 * executors) and safe to share between threads.
 *
 * <p>{@link #evaluate} implements spec §3: segments top to bottom; a segment whose conditions
 * match ends the search if it yields a variant (the bucketed one, else the segment's default),
 * and falls through only when it yields none or names a key missing from {@code variants}.
 */
public final class FlagEvaluator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

  private final Semantics semantics;
  private final CompiledFlag[] flags;
  private final List<String> warnings;
  private final Map<String, Integer> slotOf;

  private FlagEvaluator(Semantics semantics, CompiledFlag[] flags, List<String> warnings) {
    this.semantics = semantics;
    this.flags = flags;
    this.warnings = warnings;
    Map<String, Integer> slots = new HashMap<>();
    for (int i = 0; i < flags.length; i++) {
      slots.put(flags[i].config.key(), i);
    }
    this.slotOf = slots;
  }

  /** Compiles every flag of a payload. */
  public static FlagEvaluator compile(List<FlagConfig> configs, Semantics semantics) {
    return compile(configs, semantics, Set.of());
  }

  /**
   * Compiles the {@code requested} flags and their transitive dependencies (all flags when
   * empty), in the SDKs' topological order.
   *
   * @throws DependencyCycleException when dependencies form a cycle
   */
  public static FlagEvaluator compile(
      List<FlagConfig> configs, Semantics semantics, Set<String> requested) {
    Map<String, FlagConfig> byKey = TopologicalOrder.byKey(configs, semantics);
    List<FlagConfig> ordered = TopologicalOrder.sort(byKey, requested);
    List<String> warnings = new ArrayList<>();
    CompiledFlag[] compiled = new CompiledFlag[ordered.size()];
    for (int i = 0; i < compiled.length; i++) {
      FlagConfig flag = ordered.get(i);
      for (String dependency : flag.dependencies()) {
        if (!byKey.containsKey(dependency)) {
          warnings.add(
              "flag '" + flag.key() + "' depends on '" + dependency
                  + "', which is not in the payload: its result.* reads see nothing (spec §4.1)");
        }
      }
      compiled[i] = new CompiledFlag(flag, semantics, warnings);
    }
    return new FlagEvaluator(semantics, compiled, Collections.unmodifiableList(warnings));
  }

  public Semantics semantics() {
    return semantics;
  }

  /** Flag keys in evaluation order. */
  public List<String> flagKeys() {
    List<String> keys = new ArrayList<>(flags.length);
    for (CompiledFlag flag : flags) {
      keys.add(flag.config.key());
    }
    return keys;
  }

  /** The config of an evaluated flag, or null when it is not one. */
  public FlagConfig config(String flagKey) {
    for (CompiledFlag flag : flags) {
      if (flag.config.key().equals(flagKey)) {
        return flag.config;
      }
    }
    return null;
  }

  /** The configs in evaluation order. */
  public List<FlagConfig> configs() {
    List<FlagConfig> configs = new ArrayList<>(flags.length);
    for (CompiledFlag flag : flags) {
      configs.add(flag.config);
    }
    return configs;
  }

  /**
   * What the configs hold that the engines silently treat as false or missing: unknown operators,
   * selectors that select nothing, invalid regexes, dependencies absent from the payload.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Evaluates every compiled flag for {@code context} ({@code {"user": {...}, "groups": {...}}}
   * as plain Java values).
   *
   * @throws EvaluationException when a reached regex condition is invalid or too expensive
   */
  public Evaluation evaluate(Map<String, Object> context) {
    FlagResult[] outcomes = new FlagResult[flags.length];
    ResultSlots results = new ResultSlots(slotOf, outcomes);
    for (int i = 0; i < flags.length; i++) {
      outcomes[i] = flags[i].evaluate(context, results);
    }
    return new Evaluation(outcomes, results, semantics);
  }

  private static final class CompiledFlag implements Serializable {
    private static final long serialVersionUID = 1L;
    final FlagConfig config;
    final CompiledSegment[] segments;
    final FlagResult notEligible;

    CompiledFlag(FlagConfig config, Semantics semantics, List<String> warnings) {
      this.config = config;
      this.notEligible = new FlagResult(config.key(), null, null, -1, null, Reason.NOT_ELIGIBLE, null, -1);
      this.segments = new CompiledSegment[config.segments().size()];
      for (int i = 0; i < segments.length; i++) {
        segments[i] = new CompiledSegment(config, i, semantics, warnings);
      }
    }

    FlagResult evaluate(Map<String, Object> context, Map<String, FlagResult> results) {
      for (CompiledSegment segment : segments) {
        if (!segment.matches(context, results)) {
          continue;
        }
        FlagResult result = segment.bucket(context, results);
        if (result != null) {
          return result;
        }
      }
      return notEligible;
    }
  }

  private static final class CompiledSegment implements Serializable {
    private static final long serialVersionUID = 1L;
    final String flagKey;
    final int index;
    final String name;
    final Semantics semantics;
    final CompiledCondition[][] conditions;
    final boolean readsResult;
    final String defaultVariant;
    final Selector bucketSelector;
    final byte[] saltPrefix;
    final int[] allocations; // start, end pairs
    final int[][] distributions; // per allocation: start, end pairs
    final String[][] distributionVariants;
    final Map<String, VariantConfig> variants;
    final Map<String, Map<String, Object>> mergedMetadata;
    FlagResult fixedResult; // no bucket: the one possible result (null: falls through)
    FlagResult missingResult; // bucketing value missing (null)

    CompiledSegment(FlagConfig flag, int index, Semantics semantics, List<String> warnings) {
      SegmentConfig config = flag.segments().get(index);
      String where = "flag '" + flag.key() + "' segment " + (index + 1);
      this.flagKey = flag.key();
      this.index = index;
      this.name = config.segmentName();
      this.semantics = semantics;
      this.variants = new HashMap<>(flag.variants());
      boolean result = false;
      if (config.conditions() == null) {
        this.conditions = null;
      } else {
        this.conditions = new CompiledCondition[config.conditions().size()][];
        for (int g = 0; g < conditions.length; g++) {
          List<ConditionConfig> group = config.conditions().get(g);
          conditions[g] = new CompiledCondition[group.size()];
          for (int c = 0; c < group.size(); c++) {
            CompiledCondition condition = new CompiledCondition(group.get(c), semantics);
            conditions[g][c] = condition;
            result |= condition.selector.readsResult();
            if (condition.op == Operator.UNKNOWN) {
              warnings.add(where + ": unknown operator '" + condition.opName
                  + "' on " + condition.selector + ": the condition is always false (spec §6.3)");
            }
            if (!condition.selector.isKnownRoot()) {
              warnings.add(where + ": selector '" + condition.selector
                  + "' does not start with context or result: it always selects nothing");
            }
            for (String error : condition.regexErrors()) {
              warnings.add(where + ": invalid regex " + error
                  + ": evaluating a context that reaches it fails");
            }
          }
        }
      }
      this.readsResult = result;
      // spec §6.9 row 14: JS looks up a variant named "null" for an explicit null
      this.defaultVariant =
          config.variantExplicitNull() && semantics == Semantics.JS ? "null" : config.variant();
      BucketConfig bucket = config.bucket();
      if (bucket == null) {
        bucketSelector = null;
        saltPrefix = null;
        allocations = null;
        distributions = null;
        distributionVariants = null;
      } else {
        bucketSelector = new Selector(bucket.selector(), semantics);
        if (!bucketSelector.isKnownRoot()) {
          warnings.add(where + ": bucket selector '" + bucketSelector
              + "' does not start with context: every unit gets the segment default");
        }
        byte[] salt = new byte[Utf8.maxBytes(bucket.salt().length() + 1)];
        int n = Utf8.encode(bucket.salt() + "/", salt, 0, semantics);
        saltPrefix = java.util.Arrays.copyOf(salt, n);
        int count = bucket.allocations().size();
        allocations = new int[count * 2];
        distributions = new int[count][];
        distributionVariants = new String[count][];
        for (int a = 0; a < count; a++) {
          AllocationConfig allocation = bucket.allocations().get(a);
          allocations[2 * a] = allocation.start();
          allocations[2 * a + 1] = allocation.end();
          int d = allocation.distributions().size();
          distributions[a] = new int[d * 2];
          distributionVariants[a] = new String[d];
          for (int j = 0; j < d; j++) {
            distributions[a][2 * j] = allocation.distributions().get(j).start();
            distributions[a][2 * j + 1] = allocation.distributions().get(j).end();
            distributionVariants[a][j] = allocation.distributions().get(j).variant();
          }
        }
      }
      this.mergedMetadata = new HashMap<>();
      for (Map.Entry<String, VariantConfig> v : flag.variants().entrySet()) {
        mergedMetadata.put(v.getKey(), merge(flag.metadata(), config.metadata(), v.getValue().metadata()));
      }
      fixedResult = result(defaultVariant, readsResult ? Reason.DEPENDENCY_GATE : Reason.SEGMENT_VARIANT, null, -1);
      missingResult = result(defaultVariant, Reason.MISSING_BUCKETING_VALUE, null, -1);
    }

    private static Map<String, Object> merge(
        Map<String, Object> a, Map<String, Object> b, Map<String, Object> c) {
      Map<String, Object> merged = new LinkedHashMap<>();
      if (a != null) {
        merged.putAll(a);
      }
      if (b != null) {
        merged.putAll(b);
      }
      if (c != null) {
        merged.putAll(c);
      }
      return merged.isEmpty() ? null : Collections.unmodifiableMap(merged);
    }

    boolean matches(Map<String, Object> context, Map<String, FlagResult> results) {
      if (conditions == null) {
        return true; // absent conditions always match
      }
      for (CompiledCondition[] group : conditions) { // OR
        boolean all = true;
        for (CompiledCondition condition : group) { // AND, short-circuit
          if (!condition.matches(context, results)) {
            all = false;
            break;
          }
        }
        if (all) {
          return true;
        }
      }
      return false;
    }

    /** The segment's result, or null when it yields no known variant (fall through). */
    FlagResult bucket(Map<String, Object> context, Map<String, FlagResult> results) {
      if (bucketSelector == null) {
        return fixedResult;
      }
      String value = Coercion.coerceString(bucketSelector.select(context, results), semantics);
      if (value == null) {
        return missingResult;
      }
      if (value.isEmpty()) {
        return result(defaultVariant, Reason.MISSING_BUCKETING_VALUE, value, -1);
      }
      long hash = hash(value);
      long allocationValue = hash % 100;
      long distributionValue = hash / 100;
      for (int a = 0; a < distributions.length; a++) {
        if (allocationValue >= allocations[2 * a] && allocationValue < allocations[2 * a + 1]) {
          int[] ranges = distributions[a];
          for (int j = 0; j < distributionVariants[a].length; j++) {
            if (distributionValue >= ranges[2 * j] && distributionValue < ranges[2 * j + 1]) {
              return result(distributionVariants[a][j], Reason.BUCKETED, value, hash);
            }
          }
        }
      }
      return result(defaultVariant, Reason.EXCLUDED_BY_ROLLOUT, value, hash);
    }

    private long hash(String value) {
      int need = saltPrefix.length + Utf8.maxBytes(value.length());
      byte[] buffer = SCRATCH.get();
      if (buffer.length < need) {
        buffer = new byte[Math.max(need, buffer.length * 2)];
        SCRATCH.set(buffer);
      }
      System.arraycopy(saltPrefix, 0, buffer, 0, saltPrefix.length);
      int length = Utf8.encode(value, buffer, saltPrefix.length, semantics);
      return Murmur3.unsigned(buffer, length, 0);
    }

    private FlagResult result(String variantKey, Reason reason, String bucketingValue, long hash) {
      VariantConfig variant = variantKey == null ? null : variants.get(variantKey);
      if (variant == null) {
        return null;
      }
      return new FlagResult(flagKey, variant, mergedMetadata.get(variantKey), index, name, reason,
          bucketingValue, hash);
    }
  }
}
