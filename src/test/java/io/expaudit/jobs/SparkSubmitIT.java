package io.expaudit.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.spark.LocalS3Server;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs/expaudit-submit} for real: the wrapper runs Spark's own {@code SparkSubmit} entry
 * point in local mode with the shaded jar of the {@code cluster} profile, on a classpath of Spark
 * alone (as a cluster's distribution provides it), reading configs and events from and writing
 * the results to a local S3 server. The S3 credentials reach s3a the documented way only: as
 * environment variables, through the AWS SDK's default provider chain the wrapper configures.
 * Runs under failsafe after {@code package} ({@code mvn -Pcluster verify}).
 */
class SparkSubmitIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORLD = Path.of("sample-data/world");
  private static final String BUCKET = "expaudit-nightly";

  @TempDir static Path work;
  private static LocalS3Server s3;
  private static Path sparkSubmit;

  @BeforeAll
  static void startS3AndASparkOnlySparkSubmit() throws Exception {
    s3 = LocalS3Server.start(work);
    s3.createBucket(BUCKET);
    s3.upload(WORLD.resolve("flags"), BUCKET, "flags/");
    s3.upload(WORLD.resolve("events"), BUCKET, "events/");

    Path classpathDir = Path.of(System.getProperty("spark.classpath.dir"));
    String classpath = Files.readString(classpathDir.resolve("spark.txt")).trim() + File.pathSeparator
        + Files.readString(classpathDir.resolve("shared.txt")).trim();
    // the point of the exercise: nothing the jar must bring itself is on Spark's classpath
    assertThat(classpath.split(File.pathSeparator))
        .anyMatch(jar -> jar.contains("spark-core_2.13"))
        .noneMatch(jar -> jar.matches(".*/(hadoop-aws|guava|picocli|commons-math3)-[^/]*\\.jar"))
        .noneMatch(jar -> jar.contains("/software/amazon/"));
    // A cluster's core-site.xml, as a tripwire: any s3a client that does not get the job's
    // spark.hadoop.* settings goes to a closed port on 127.0.0.1 and fails, instead of passing
    // or reaching out to AWS.
    Path hadoopConf = Files.createDirectories(work.resolve("hadoop-conf"));
    Files.writeString(hadoopConf.resolve("core-site.xml"), "<?xml version=\"1.0\"?>\n<configuration>\n"
        + "  <property><name>fs.s3a.endpoint</name><value>http://127.0.0.1:1</value></property>\n"
        + "  <property><name>fs.s3a.endpoint.region</name><value>" + LocalS3Server.REGION + "</value></property>\n"
        + "  <property><name>fs.s3a.attempts.maximum</name><value>1</value></property>\n"
        + "  <property><name>fs.s3a.retry.limit</name><value>1</value></property>\n"
        + "</configuration>\n", UTF_8);
    // what $SPARK_HOME/bin/spark-submit comes down to: spark-class starts SparkSubmit with the
    // launcher's JVM options (spike §2), the Hadoop configuration folder and the distribution's jars
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    sparkSubmit = work.resolve("spark-submit");
    Files.writeString(sparkSubmit, "#!/bin/sh\nexec '" + java + "' " + System.getProperty("spark.jvm.opens")
        + " -Xmx1g -cp '" + hadoopConf + File.pathSeparator + classpath
        + "' org.apache.spark.deploy.SparkSubmit \"$@\"\n", UTF_8);
    assertThat(sparkSubmit.toFile().setExecutable(true)).isTrue();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private record Run(int exit, String log) {}

  private static Run submit(List<String> args) throws IOException, InterruptedException {
    return submit(args, Map.of());
  }

  private static Run submit(List<String> args, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "jobs/expaudit-submit", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        // what Sessions sets for local mode itself: few shuffle partitions for a small world, and
        // rare heartbeats against Spark 4.2's heartbeat race under load
        "--conf", "spark.sql.shuffle.partitions=8",
        "--conf", "spark.executor.heartbeatInterval=600s", "--conf", "spark.network.timeout=1800s",
        "--conf", "spark.hadoop.fs.s3a.endpoint=" + s3.endpoint(),
        "--conf", "spark.hadoop.fs.s3a.endpoint.region=" + LocalS3Server.REGION,
        "--conf", "spark.hadoop.fs.s3a.path.style.access=true",
        "--"));
    command.addAll(args);
    Path log = Files.createTempFile(work, "spark-submit", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SPARK_"));
    env.put("SPARK_SUBMIT", sparkSubmit.toString());
    env.put("EXPAUDIT_JAR", System.getProperty("expaudit.submit.jar"));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("AWS_ACCESS_KEY_ID", LocalS3Server.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", LocalS3Server.SECRET_KEY);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(extraEnv);
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in 10 minutes:\n" + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  @Test
  void theAuditRunsThroughSparkSubmitOnS3AndItsExitStatusComesThrough() throws Exception {
    Run run = submit(List.of("audit", "--flags", "s3a://" + BUCKET + "/flags/",
        "--events", "s3a://" + BUCKET + "/events/", "--out", "s3a://" + BUCKET + "/runs/week",
        "--format", "json"));
    // the sample holds ERROR findings: exit 1, as the nightly task must see it
    assertThat(run.exit()).as(run.log()).isEqualTo(1);
    assertThat(run.log()).contains("expaudit audit: [").contains("read 3").contains("wrote s3a://" + BUCKET + "/runs/week");

    JsonNode summary = JSON.readTree(s3.text(BUCKET, "runs/week/summary.json"));
    JsonNode truth = counts();
    assertThat(summary.path("input").path("rows_read").asLong()).isEqualTo(sampleLines());
    assertThat(summary.path("input").path("rows_quarantined").asLong()).isEqualTo(truth.path("malformed_lines").asLong());
    assertThat(summary.path("input").path("duplicates_dropped").asLong()).isEqualTo(truth.path("duplicates").asLong());

    Set<String> found = new HashSet<>();
    for (String key : s3.keys(BUCKET, "runs/week/findings/")) {
      if (key.endsWith(".json")) {
        for (String line : s3.text(BUCKET, key).split("\n")) {
          JsonNode f = JSON.readTree(line);
          found.add(f.path("check").asText() + " " + f.path("cause").asText() + " " + f.path("flag_key").asText()
              + " " + f.path("unit_id").asText());
        }
      }
    }
    List<String> expected = groundTruthFindings();
    assertThat(expected).hasSizeGreaterThan(50);
    assertThat(found).containsAll(expected);
  }

  @Test
  void badInputExitsWithTwoThroughSparkSubmit() throws Exception {
    Run run = submit(List.of("audit", "--flags", "s3a://" + BUCKET + "/flags/",
        "--events", "s3a://" + BUCKET + "/no-such-events/", "--out", "s3a://" + BUCKET + "/runs/bad"));
    assertThat(run.exit()).as(run.log()).isEqualTo(2);
    assertThat(run.log()).contains("events path does not exist: s3a://" + BUCKET + "/no-such-events/");
    assertThat(s3.keys(BUCKET, "runs/bad")).isEmpty();
  }

  /** The DAG's first task: snapshot-flags writes to S3 with the settings the job was given. */
  @Test
  void snapshotFlagsWritesItsSnapshotToS3ThroughSparkSubmit() throws Exception {
    String payload = Files.readString(Path.of("sample-data/flags.json"), UTF_8);
    try (MockWebServer amplitude = new MockWebServer()) {
      amplitude.start();
      amplitude.enqueue(new MockResponse.Builder().code(200).body(payload).build());
      Run run = submit(List.of("snapshot-flags", "--out", "s3a://" + BUCKET + "/snapshots/",
              "--server-url", amplitude.url("/").toString(), "--deployment-key-env", "AMPLITUDE_DEPLOYMENT_KEY"),
          Map.of("AMPLITUDE_DEPLOYMENT_KEY", "test-deployment-key"));
      assertThat(run.exit()).as(run.log()).isZero();
      assertThat(run.log()).doesNotContain("test-deployment-key");
      RecordedRequest request = amplitude.takeRequest();
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Api-Key test-deployment-key");
    }
    // "snapshots/" itself is s3a's directory marker
    List<String> keys = s3.keys(BUCKET, "snapshots/").stream().filter(k -> !k.endsWith("/")).toList();
    assertThat(keys).singleElement().asString().matches("snapshots/flags-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.json");
    JsonNode snapshot = JSON.readTree(s3.text(BUCKET, keys.get(0)));
    assertThat(snapshot.path("captured_at").asText()).isNotEmpty();
    assertThat(snapshot.path("flags")).isEqualTo(JSON.readTree(payload));
  }

  /** Every non-blank line of the sample's event exports, counted here from the files themselves. */
  private static long sampleLines() throws IOException {
    long lines = 0;
    try (Stream<Path> files = Files.walk(WORLD.resolve("events"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file),
            UTF_8))) {
          lines += in.lines().filter(l -> !l.isBlank()).count();
        }
      }
    }
    return lines;
  }

  private static List<String> groundTruthFindings() throws IOException {
    List<String> findings = new ArrayList<>();
    for (String line : Files.readAllLines(WORLD.resolve("ground-truth.jsonl"), UTF_8)) {
      JsonNode n = JSON.readTree(line);
      if (n.has("unit_id")) {
        findings.add(n.path("check").asText() + " " + n.path("cause").asText() + " " + n.path("flag_key").asText()
            + " " + n.path("unit_id").asText());
      }
    }
    return findings;
  }

  private static JsonNode counts() throws IOException {
    for (String line : Files.readAllLines(WORLD.resolve("ground-truth.jsonl"), UTF_8)) {
      JsonNode n = JSON.readTree(line);
      if (n.has("malformed_lines")) {
        return n;
      }
    }
    throw new AssertionError("ground-truth.jsonl has no counts line");
  }
}
