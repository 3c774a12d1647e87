package io.expaudit.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 endpoint for tests: s3proxy with its in-memory backend, in a child JVM listening on a
 * free port of 127.0.0.1 (spark-stack-spike.md §3). The child keeps s3proxy's Jetty and jclouds off
 * Spark's classpath. Test credentials only; they never leave the loopback interface.
 *
 * <p>The in-memory backend keeps every object on the child's heap; when it runs out, a write can be
 * lost while the writer reports success (spike §3, problem 3). So tests read back through {@link
 * #client()}, an S3 client independent of s3a, and compare what they find.
 */
public final class LocalS3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "expaudit-test-access-key";
  public static final String SECRET_KEY = "expaudit-test-secret-key";
  public static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final Path log;
  private final S3Client client;
  private final Thread reaper;

  private LocalS3Server(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.client = S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    // a test JVM that dies must not leave the server behind (spike §5, pitfall 9)
    this.reaper = new Thread(process::destroyForcibly, "s3proxy-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts s3proxy from the jar Maven copied to {@code target/s3proxy/} and waits until it accepts. */
  public static LocalS3Server start(Path workDir) throws IOException, InterruptedException {
    String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("s3proxy jar not found at " + jar
          + " (maven-dependency-plugin copies it at process-test-resources)");
    }
    int port = freePort();
    Path conf = workDir.resolve("s3proxy.properties");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        // Hadoop 3.5 / SDK 2.35 send x-amz-checksum-crc32 on DeleteObjects (spike §3, problem 1)
        "s3proxy.ignore-unknown-headers=true",
        // in memory; the nio2 backends break s3a rename (spike §3, problem 2)
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + SECRET_KEY,
        ""), UTF_8);
    Path log = workDir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", jar, "--properties", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    LocalS3Server server = new LocalS3Server(process, port, log);
    try {
      server.awaitListening(Duration.ofSeconds(60));
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ": " + logTail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("s3proxy did not listen on port " + port + " within " + timeout + ": " + logTail());
  }

  /** The last lines of the server's log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** An S3 client of its own (not s3a), for setting up buckets and reading results back. */
  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** Uploads every file under {@code dir} to {@code bucket} under {@code prefix}, keeping relative paths. */
  public int upload(Path dir, String bucket, String prefix) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
      for (Path file : regular) {
        String key = prefix + dir.relativize(file).toString().replace('\\', '/');
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
      }
      return regular.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void putText(String bucket, String key, String text) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text, UTF_8));
  }

  /** The object's text, or null when there is no such key. */
  public String text(String bucket, String key) {
    try {
      return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(UTF_8);
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** Every key under {@code prefix}, sorted. */
  public List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      keys.add(o.key());
    }
    keys.sort(null);
    return keys;
  }

  /**
   * The s3a settings that reach this server for one bucket (spike §3): endpoint over plain HTTP,
   * path-style access, a pinned region, and the test credentials from the Hadoop configuration.
   * Per-bucket keys, so that they affect nothing else in a shared configuration.
   */
  public Map<String, String> s3aBucketSettings(String bucket) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "endpoint", endpoint());
    settings.put(prefix + "endpoint.region", REGION);
    settings.put(prefix + "path.style.access", "true");
    settings.put(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put(prefix + "access.key", ACCESS_KEY);
    settings.put(prefix + "secret.key", SECRET_KEY);
    return settings;
  }

  @Override
  public void close() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
