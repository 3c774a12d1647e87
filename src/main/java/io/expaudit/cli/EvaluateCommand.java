package io.expaudit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.ConfigException;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.JsonValues;
import io.expaudit.eval.DependencyCycleException;
import io.expaudit.eval.Evaluation;
import io.expaudit.eval.EvaluationException;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Semantics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit evaluate}: recomputes the variants of every flag for each context, like the
 * SDKs' {@code evaluateV2} (DESIGN.md, Command line). Reads JSON lines
 * {@code {"id": ..., "context": {...}}} and writes, in input order, one line
 * {@code {"id": ..., "variants": {"<flag>": "<variant key>"}}} each, default variants and
 * {@code deployed: false} flags included. Only those lines go to stdout; warnings and errors go
 * to stderr.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates flag configs for JSON-lines contexts {\"id\":...,\"context\":{...}}; prints one"
          + " {\"id\":...,\"variants\":{flag: variant}} line per context, in input order."
    })
public final class EvaluateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--flags", required = true, paramLabel = "FILE",
      description = "Evaluation-format flag configs (/sdk/v2/flags JSON, or a snapshot).")
  Path flags;

  @Option(names = "--contexts", required = true, paramLabel = "FILE",
      description = "JSON lines {\"id\": ..., \"context\": {...}}; - for standard input.")
  String contexts;

  @Option(names = "--semantics", defaultValue = "kotlin", paramLabel = "kotlin|js",
      description = "Whose corner cases to reproduce: kotlin (JVM engine 2.3.0, default) or js"
          + " (@amplitude/experiment-core 0.13.6).")
  String semantics;

  @Option(names = "--full",
      description = "Add per-flag details: variant, value, payload, metadata, segment, flag"
          + " version, reason, bucketing value, hash and buckets; flags without a result too.")
  boolean full;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Semantics mode;
    try {
      mode = Semantics.parse(semantics);
    } catch (IllegalArgumentException e) {
      err.println("expaudit evaluate: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    FlagEvaluator evaluator;
    try {
      List<FlagConfig> configs = FlagConfigParser.parse(flags);
      evaluator = FlagEvaluator.compile(configs, mode);
    } catch (ConfigException e) {
      err.println("expaudit evaluate: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (DependencyCycleException e) {
      err.println("expaudit evaluate: " + flags + ": " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    for (String warning : evaluator.warnings()) {
      err.println("expaudit evaluate: warning: " + flags + ": " + warning);
    }
    String source = contexts.equals("-") ? "<stdin>" : contexts;
    long lines = 0;
    long evaluated = 0;
    long failed = 0;
    Writer out = spec.commandLine().getOut();
    try (BufferedReader in = open(contexts)) {
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry;
        try {
          entry = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          out.flush();
          err.println("expaudit evaluate: " + source + ":" + lines + ": not valid JSON: "
              + e.getOriginalMessage());
          return Main.EXIT_USAGE;
        }
        if (entry == null || !entry.isObject() || !entry.path("context").isObject()) {
          out.flush();
          err.println("expaudit evaluate: " + source + ":" + lines
              + ": expected {\"id\": ..., \"context\": {...}}");
          return Main.EXIT_USAGE;
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("id", entry.get("id"));
        try {
          Evaluation evaluation = evaluator.evaluate(JsonValues.toJavaMap(entry.get("context")));
          ObjectNode variants = result.putObject("variants");
          evaluation.resultsInEngineOrder().forEach((k, v) -> variants.put(k, v.variantKey()));
          if (full) {
            ObjectNode details = result.putObject("details");
            for (FlagResult outcome : evaluation.outcomes()) {
              details.set(outcome.flagKey(), details(outcome, evaluator));
            }
          }
          evaluated++;
        } catch (EvaluationException e) {
          result.put("error", e.getMessage());
          failed++;
        }
        out.write(JSON.writeValueAsString(result));
        out.write('\n');
      }
    }
    out.flush();
    if (failed > 0) {
      err.println("expaudit evaluate: " + failed + " of " + (evaluated + failed)
          + " contexts could not be evaluated (see their \"error\")");
    }
    return Main.EXIT_OK;
  }

  private static BufferedReader open(String path) throws IOException {
    if (path.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
  }

  private static ObjectNode details(FlagResult outcome, FlagEvaluator evaluator) {
    ObjectNode node = JSON.createObjectNode();
    node.put("variant", outcome.variantKey());
    if (outcome.variant() != null) {
      node.set("value", JSON.valueToTree(outcome.variant().value()));
      node.set("payload", JSON.valueToTree(outcome.variant().payload()));
      node.set("metadata", JSON.valueToTree(outcome.metadata() == null ? Map.of() : outcome.metadata()));
    }
    node.put("reason", outcome.reason().name().toLowerCase(Locale.ROOT));
    if (outcome.segmentIndex() >= 0) {
      node.put("segment", outcome.segmentIndex());
      node.put("segment_name", outcome.segmentName());
    }
    Long version = evaluator.config(outcome.flagKey()).flagVersion();
    if (version != null) {
      node.put("flag_version", version);
    }
    if (outcome.bucketingValue() != null) {
      node.put("bucketing_value", outcome.bucketingValue());
    }
    if (outcome.hash() >= 0) {
      node.put("hash", outcome.hash());
      node.put("allocation_bucket", outcome.allocationBucket());
      node.put("distribution_bucket", outcome.distributionBucket());
    }
    return node;
  }
}
