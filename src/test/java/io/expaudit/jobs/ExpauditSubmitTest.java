package io.expaudit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code jobs/expaudit-submit} builds the spark-submit command line, against a fake
 * spark-submit that records its arguments; {@code SparkSubmitIT} runs it against Spark's own.
 */
class ExpauditSubmitTest {
  @TempDir Path work;
  private Path fakeSubmit;
  private Path recorded;
  private Path jar;

  @BeforeEach
  void fakeSparkSubmit() throws Exception {
    recorded = work.resolve("argv.txt");
    fakeSubmit = work.resolve("spark-submit");
    Files.writeString(fakeSubmit, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + recorded
        + "'\nexit \"${FAKE_EXIT:-0}\"\n");
    assertThat(fakeSubmit.toFile().setExecutable(true)).isTrue();
    jar = Files.writeString(work.resolve("expaudit-spark-submit.jar"), "not a real jar");
  }

  private record Run(int exit, String err, List<String> argv) {}

  private Run submit(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "jobs/expaudit-submit"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("EXPAUDIT_"));
    builder.environment().put("SPARK_SUBMIT", fakeSubmit.toString());
    builder.environment().put("EXPAUDIT_JAR", jar.toString());
    builder.environment().putAll(extraEnv);
    Process p = builder.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    List<String> argv = Files.exists(recorded) ? Files.readAllLines(recorded) : null;
    return new Run(p.exitValue(), err, argv);
  }

  @Test
  void optionsBeforeTheDoubleDashGoToSparkSubmitAfterTheWrappersDefaultsAndTheRestToExpaudit() throws Exception {
    Run run = submit(Map.of("SPARK_MASTER", "yarn"), "--conf", "spark.executor.memory=8g", "--master", "local[2]",
        "--", "audit", "--flags", "s3a://b/flags with space/", "--fail-on", "WARN");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.argv()).containsExactly(
        "--class", "io.expaudit.cli.Main", "--name", "expaudit audit", "--master", "yarn",
        "--deploy-mode", "client",
        "--conf", "spark.hadoop.fs.s3a.aws.credentials.provider=software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
        "--conf", "spark.executor.memory=8g", "--master", "local[2]",
        jar.toString(), "audit", "--flags", "s3a://b/flags with space/", "--fail-on", "WARN");
    assertThat(run.err()).contains("expaudit-submit: ");
  }

  @Test
  void withoutADoubleDashEverythingIsTheCommandAndAnEmptyProviderKeepsTheClustersOwn() throws Exception {
    Run run = submit(Map.of("EXPAUDIT_AWS_CREDENTIALS_PROVIDER", "", "SPARK_DEPLOY_MODE", "cluster"),
        "audit", "--flags", "f");
    assertThat(run.argv()).containsExactly("--class", "io.expaudit.cli.Main", "--name", "expaudit audit",
        "--deploy-mode", "cluster", jar.toString(), "audit", "--flags", "f");
  }

  @Test
  void theExitStatusOfSparkSubmitIsTheWrappers() throws Exception {
    for (int status : new int[] {0, 1, 2, 3}) {
      assertThat(submit(Map.of("FAKE_EXIT", Integer.toString(status)), "audit").exit()).isEqualTo(status);
    }
  }

  @Test
  void credentialsOnTheCommandLineAreRefusedWithoutBeingEchoed() throws Exception {
    for (String option : List.of("spark.hadoop.fs.s3a.secret.key=TOPSECRET",
        "spark.hadoop.fs.s3a.bucket.data.access.key=TOPSECRET", "spark.hadoop.fs.s3a.session.token=TOPSECRET",
        "spark.executorEnv.AWS_SECRET_ACCESS_KEY=TOPSECRET", "spark.yarn.appMasterEnv.AWS_SESSION_TOKEN=TOPSECRET")) {
      Run run = submit(Map.of(), "--conf", option, "--", "audit");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.argv()).as("spark-submit must not run").isNull();
      assertThat(run.err()).contains("refusing S3 credentials").doesNotContain("TOPSECRET");
    }
  }

  @Test
  void noCommandOrAMissingJarIsAUsageError() throws Exception {
    assertThat(submit(Map.of(), "--master", "yarn", "--").exit()).isEqualTo(2);
    Run missing = submit(Map.of("EXPAUDIT_JAR", work.resolve("nope.jar").toString()), "audit");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.jar does not exist");
    assertThat(missing.argv()).isNull();
  }
}
