package io.expaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  private static final String FLAGS =
      """
      [{"key": "exp", "metadata": {"flagVersion": 3},
        "variants": {"off": {"key": "off", "metadata": {"default": true}},
                     "on": {"key": "on", "value": "on"}},
        "segments": [
          {"metadata": {"segmentName": "Regex"},
           "conditions": [[{"selector": ["context", "user", "user_properties", "path"],
                            "op": "regex match", "values": ["("]}]], "variant": "on"},
          {"metadata": {"segmentName": "Odd"},
           "conditions": [[{"selector": ["context", "user", "country"], "op": "sounds like",
                            "values": ["x"]}]], "variant": "on"},
          {"metadata": {"segmentName": "All Other Users"},
           "bucket": {"selector": ["context", "user", "device_id"], "salt": "AbC12345",
                      "allocations": [{"range": [0, 100],
                                       "distributions": [{"variant": "on", "range": [0, 42949673]}]}]},
           "variant": "off"}]}]
      """;

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String flags, String contexts, String... extra) throws IOException {
    Path flagsFile = dir.resolve("flags.json");
    Path contextsFile = dir.resolve("contexts.jsonl");
    Files.writeString(flagsFile, flags, StandardCharsets.UTF_8);
    Files.writeString(contextsFile, contexts, StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[3 + extra.length];
    args[0] = "evaluate";
    args[1] = "--flags=" + flagsFile;
    args[2] = "--contexts=" + contextsFile;
    System.arraycopy(extra, 0, args, 3, extra.length);
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void writesOneLinePerContextInInputOrder() throws IOException {
    Run run = run(FLAGS, """
        {"id": 2, "context": {"user": {"device_id": "d2"}}}

        {"id": "a", "context": {"user": {}}}
        """);
    assertThat(run.exit()).isZero();
    assertThat(run.out().split("\n"))
        .containsExactly("{\"id\":2,\"variants\":{\"exp\":\"on\"}}", "{\"id\":\"a\",\"variants\":{\"exp\":\"off\"}}");
  }

  @Test
  void fullAddsTheReasonSegmentVersionAndBuckets() throws IOException {
    Run run = run(FLAGS, "{\"id\": 1, \"context\": {\"user\": {\"device_id\": \"user-0\"}}}\n", "--full");
    assertThat(run.out())
        .contains("\"reason\":\"bucketed\"", "\"segment\":2", "\"segment_name\":\"All Other Users\"",
            "\"flag_version\":3", "\"bucketing_value\":\"user-0\"", "\"hash\":");
    Run missing = run(FLAGS, "{\"id\": 1, \"context\": {}}\n", "--full");
    assertThat(missing.out()).contains("\"reason\":\"missing_bucketing_value\"");
  }

  @Test
  void aContextThatReachesAnInvalidRegexGetsAnErrorAndTheRunGoesOn() throws IOException {
    Run run = run(FLAGS, """
        {"id": 1, "context": {"user": {"user_properties": {"path": "x"}}}}
        {"id": 2, "context": {"user": {"device_id": "d"}}}
        """);
    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).startsWith("{\"id\":1,\"error\":\"invalid regex /(/");
    assertThat(lines[1]).isEqualTo("{\"id\":2,\"variants\":{\"exp\":\"on\"}}");
    assertThat(run.err()).contains("1 of 2 contexts could not be evaluated");
  }

  @Test
  void unknownOperatorsAreReportedOnceOnStderr() throws IOException {
    Run run = run(FLAGS, "{\"id\": 1, \"context\": {}}\n{\"id\": 2, \"context\": {}}\n");
    assertThat(run.err()).containsOnlyOnce("unknown operator 'sounds like'");
    assertThat(run.out()).doesNotContain("sounds like");
  }

  @Test
  void aMalformedContextLineStopsWithExit2NamingFileAndLine() throws IOException {
    Run run = run(FLAGS, "{\"id\": 1, \"context\": {}}\n{\"id\": 2, \"context\": \n");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("contexts.jsonl:2: not valid JSON");
    Run wrongShape = run(FLAGS, "{\"id\": 1, \"user\": {}}\n");
    assertThat(wrongShape.exit()).isEqualTo(2);
    assertThat(wrongShape.err()).contains("contexts.jsonl:1: expected {\"id\": ..., \"context\": {...}}");
  }

  @Test
  void aMalformedFlagStopsWithExit2NamingFileLineAndField() throws IOException {
    Run run = run("[\n {\"key\": \"ok\", \"variants\": {}, \"segments\": []},\n {\"key\": \"bad\", \"variants\": {}}\n]", "");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("flags.json:3: flag #2 'bad': missing 'segments'");
    Run notJson = run("[{\"key\": ", "");
    assertThat(notJson.exit()).isEqualTo(2);
    assertThat(notJson.err()).contains("flags.json:1: not valid JSON");
  }

  @Test
  void aDependencyCycleStopsWithExit2NamingTheFlags() throws IOException {
    Run run = run("""
        [{"key": "a", "dependencies": ["b"], "variants": {}, "segments": []},
         {"key": "b", "dependencies": ["a"], "variants": {}, "segments": []}]
        """, "");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Detected a cycle between flags a, b");
  }

  @Test
  void jsSemanticsIsSelectable() throws IOException {
    Run run = run(FLAGS, "{\"id\": 1, \"context\": {}}\n", "--semantics=js");
    assertThat(run.exit()).isZero();
    Run bad = run(FLAGS, "", "--semantics=python");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown semantics 'python'");
  }
}
