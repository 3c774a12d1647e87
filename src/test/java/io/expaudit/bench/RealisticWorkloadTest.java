package io.expaudit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark workload valid, deterministic and like-for-like between semantics. */
class RealisticWorkloadTest {
  private static final long SEED = RealisticWorkload.DEFAULT_SEED;

  @Test
  void generationIsDeterministic() {
    assertThat(RealisticWorkload.flags(SEED)).isEqualTo(RealisticWorkload.flags(SEED));
    assertThat(RealisticWorkload.contexts(SEED, 200)).isEqualTo(RealisticWorkload.contexts(SEED, 200));
    assertThat(RealisticWorkload.flags(SEED + 1)).isNotEqualTo(RealisticWorkload.flags(SEED));
  }

  @Test
  void fiftyFlagsWithGroupsAndDependencies() {
    List<FlagConfig> flags = FlagConfigParser.parse(RealisticWorkload.flags(SEED).toString(), "generated");
    assertThat(flags).hasSize(RealisticWorkload.FLAG_COUNT);
    assertThat(flags.stream().filter(f -> !f.deployed())).hasSize(4);
    assertThat(flags.stream().filter(f -> f.key().startsWith("exp-") && !f.dependencies().isEmpty()))
        .hasSize(10);
    FlagEvaluator evaluator = FlagEvaluator.compile(flags, Semantics.KOTLIN);
    assertThat(evaluator.warnings()).isEmpty();
    // dependencies come before their dependents
    List<String> order = evaluator.flagKeys();
    for (FlagConfig flag : flags) {
      for (String dependency : flag.dependencies()) {
        assertThat(order.indexOf(dependency)).isLessThan(order.indexOf(flag.key()));
      }
    }
  }

  @Test
  void bothSemanticsAssignTheSameAndNotEveryoneIsOff() {
    List<FlagConfig> flags = FlagConfigParser.parse(RealisticWorkload.flags(SEED).toString(), "generated");
    List<Map<String, Object>> contexts = RealisticWorkload.javaContexts(SEED, 1_000);
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    AssignmentDigest kotlin =
        AssignmentDigest.of(FlagEvaluator.compile(flags, Semantics.KOTLIN), contexts, counts);
    AssignmentDigest js = AssignmentDigest.of(FlagEvaluator.compile(flags, Semantics.JS), contexts);
    assertThat(js).isEqualTo(kotlin);
    // every group variant and most experiment arms occur: the workload exercises all paths
    assertThat(counts.get("holdout-q3-growth")).containsKeys("holdout", "on");
    assertThat(counts.get("mutex-checkout-surface")).containsKeys("slot-1", "slot-2", "slot-3", "unallocated");
    long nonOff = counts.values().stream()
        .flatMap(m -> m.entrySet().stream())
        .filter(e -> !e.getKey().equals("off"))
        .mapToLong(Map.Entry::getValue)
        .sum();
    assertThat(nonOff).isBetween(kotlin.results() / 5, kotlin.results() * 4 / 5);
  }
}
