package io.expaudit.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.ConfigException;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.Snapshot;
import io.expaudit.spark.Sessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code expaudit snapshot-flags}: captures a deployment's evaluation-format flags ({@code GET
 * /sdk/v2/flags}, spec §2) into {@code --out} as {@code flags-<YYYY-MM-DDTHH-MM-SSZ>.json} holding
 * {@code {"captured_at": ..., "flags": [...]}}, the snapshot format the audit reads (DESIGN.md,
 * Inputs), but only when some flag's {@code (key, flagVersion)} differs from the newest snapshot
 * already there (a flag without a version is compared whole). The file appears whole or not at
 * all: it is written under a hidden temporary name and renamed.
 *
 * <p>The deployment key is read from the environment variable named by {@code
 * --deployment-key-env}; it is sent in the {@code Authorization} header and appears in no output,
 * log or exception message. 429 and 5xx answers, timeouts and connection failures are retried
 * with exponential backoff (a {@code Retry-After} in seconds is honoured up to a minute).
 *
 * <p>Exit status: 0 a snapshot written or nothing changed; 2 bad usage, no key, a key the server
 * refuses (401/403), another 4xx, an unreadable snapshot in {@code --out}; 3 the server kept
 * failing, or answered with something that is not a flag array (nothing is written).
 */
@Command(
    name = "snapshot-flags",
    mixinStandardHelpOptions = true,
    description = "Captures a deployment's flag configs (GET /sdk/v2/flags) into --out when a"
        + " flag version changed, for later audits and lints.")
public final class SnapshotFlagsCommand implements Callable<Integer> {
  static final String DEFAULT_SERVER_URL = "https://api.lab.amplitude.com";
  static final String DEFAULT_KEY_ENV = "AMPLITUDE_DEPLOYMENT_KEY";
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder of snapshots (local, s3a://, hdfs://); created if missing.")
  String out;

  @Option(names = "--server-url", defaultValue = DEFAULT_SERVER_URL, paramLabel = "URL",
      description = "Amplitude's flag server (default ${DEFAULT-VALUE}; EU:"
          + " https://api.lab.eu.amplitude.com).")
  String serverUrl;

  @Option(names = "--deployment-key-env", defaultValue = DEFAULT_KEY_ENV, paramLabel = "NAME",
      description = "Environment variable holding the deployment key (default ${DEFAULT-VALUE}).")
  String keyEnv;

  @Option(names = "--timeout-seconds", defaultValue = "30", paramLabel = "S",
      description = "Connect and answer timeout per attempt (default ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--max-attempts", defaultValue = "5", paramLabel = "N",
      description = "Attempts before giving up on 429, 5xx and timeouts (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--retry-backoff-ms", defaultValue = "1000", paramLabel = "MS",
      description = "Wait before the first retry, doubled for each next one, at most a minute"
          + " (default ${DEFAULT-VALUE}).")
  long backoffMillis;

  /** Where environment variables come from; tests replace it. */
  Function<String, String> environment = System::getenv;

  /** The capture time; tests replace it. */
  Clock clock = Clock.systemUTC();

  /** How to wait between attempts; tests replace it. */
  Sleeper sleeper = Thread::sleep;

  /** Waits between attempts. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** Why the command stops, with its exit code; the message never holds the key. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final int exit;

    Stop(int exit, String message) {
      super(message, null, false, false);
      this.exit = exit;
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String key = environment.apply(keyEnv);
    try {
      if (maxAttempts < 1 || !(timeoutSeconds > 0) || backoffMillis < 0) {
        throw new Stop(Main.EXIT_USAGE,
            "--max-attempts must be at least 1, --timeout-seconds above 0, --retry-backoff-ms 0 or more");
      }
      if (key == null || key.isBlank()) {
        throw new Stop(Main.EXIT_USAGE, "the environment variable " + keyEnv
            + " is not set or empty: it must hold the deployment key");
      }
      if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new Stop(Main.EXIT_USAGE, "the value of " + keyEnv
            + " is not a deployment key: it holds spaces, control or non-ASCII characters");
      }
      URI uri = flagsUri();
      String body = fetch(uri, key, err);
      JsonNode flags = readFlags(body, uri);
      return save(flags);
    } catch (Stop stop) {
      err.println("expaudit snapshot-flags: " + redact(stop.getMessage(), key));
      return stop.exit;
    } catch (IOException | RuntimeException e) {
      err.println("expaudit snapshot-flags: internal failure: " + redact(Main.describe(e), key));
      return Main.EXIT_INTERNAL;
    } finally {
      err.flush();
    }
  }

  private URI flagsUri() throws Stop {
    String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    try {
      URI uri = new URI(base + "/sdk/v2/flags");
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new Stop(Main.EXIT_USAGE, "--server-url must be an http(s) URL, not '" + serverUrl + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new Stop(Main.EXIT_USAGE, "--server-url is not a URL: " + e.getMessage());
    }
  }

  /** The answer's body after retries; redirects are not followed, so the key goes nowhere else. */
  private String fetch(URI uri, String key, PrintWriter err) throws Stop {
    Duration timeout = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Api-Key " + key)
        .header("Accept", "application/json")
        .GET()
        .build();
    long wait = backoffMillis;
    String failure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Long retryAfter = null;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response.body();
        }
        if (status == 401 || status == 403) {
          throw new Stop(Main.EXIT_USAGE, "HTTP " + status + " from " + uri + ": the server refused"
              + " the deployment key in " + keyEnv + "; check that it is a deployment key (not an"
              + " API or management key) of this project and region");
        }
        if (status != 429 && status < 500) {
          throw new Stop(Main.EXIT_USAGE, "HTTP " + status + " from " + uri + ": check --server-url");
        }
        failure = "HTTP " + status;
        retryAfter = retryAfterMillis(response);
      } catch (HttpTimeoutException e) {
        failure = "no answer within " + timeout.toMillis() + " ms";
      } catch (IOException e) {
        failure = "cannot reach the server (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stop(Main.EXIT_INTERNAL, "interrupted while fetching " + uri);
      }
      if (attempt < maxAttempts) {
        long delay = retryAfter != null ? retryAfter : wait;
        err.println(redact("expaudit snapshot-flags: attempt " + attempt + " of " + maxAttempts
            + " failed (" + failure + "); retrying in " + delay + " ms", key));
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Stop(Main.EXIT_INTERNAL, "interrupted while waiting to retry " + uri);
        }
        wait = Math.min(wait * 2, LONGEST_WAIT.toMillis());
      }
    }
    throw new Stop(Main.EXIT_INTERNAL, "gave up on " + uri + " after " + maxAttempts
        + " attempt" + (maxAttempts == 1 ? "" : "s") + "; the last one: " + failure
        + "; nothing written");
  }

  /** A {@code Retry-After} in seconds, capped at a minute; null when absent or a date. */
  private static Long retryAfterMillis(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null || !value.trim().matches("\\d{1,6}")) {
      return null;
    }
    return Math.min(Long.parseLong(value.trim()) * 1000, LONGEST_WAIT.toMillis());
  }

  /** The answer as a JSON array of flags that the parser accepts; else nothing is written. */
  private static JsonNode readFlags(String body, URI uri) throws Stop {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Stop(Main.EXIT_INTERNAL, "the answer from " + uri + " is not JSON ("
          + e.getOriginalMessage() + "); nothing written");
    }
    if (tree == null || !tree.isArray()) {
      throw new Stop(Main.EXIT_INTERNAL, "the answer from " + uri
          + " is not a JSON array of flags; nothing written");
    }
    try {
      FlagConfigParser.parse(body, uri.toString());
    } catch (ConfigException e) {
      throw new Stop(Main.EXIT_INTERNAL, "the answer is not a valid flag payload: " + e.getMessage()
          + "; nothing written");
    }
    return tree;
  }

  private int save(JsonNode flags) throws Stop, IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    Path dir = new Path(out);
    FileSystem fs = dir.getFileSystem(Sessions.hadoopConfiguration());
    fs.setWriteChecksum(false); // no .crc files next to the snapshots on local disks
    Map<String, Object> now = fingerprint(flags);
    Path newest = newestSnapshot(fs, dir);
    if (newest != null) {
      Map<String, Object> before = fingerprint(flagsOf(readTree(fs, newest), newest));
      if (before.equals(now)) {
        stdout.println("unchanged since " + newest + " (" + now.size()
            + " flags, same versions): nothing written");
        stdout.flush();
        return Main.EXIT_OK;
      }
      stdout.println("changes since " + newest + ": " + changes(before, now));
    }
    Instant capturedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String name = "flags-" + STAMP.format(capturedAt) + ".json";
    Path target = new Path(dir, name);
    if (fs.exists(target)) {
      throw new Stop(Main.EXIT_INTERNAL, target + " already exists: one capture per second");
    }
    ObjectNode snapshot = JSON.createObjectNode();
    snapshot.put("captured_at", capturedAt.toString());
    snapshot.set("flags", flags);
    fs.mkdirs(dir);
    Path temporary = new Path(dir, "." + name + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream stream = fs.create(temporary, false)) {
        stream.write(JSON.writeValueAsBytes(snapshot));
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
    } finally {
      fs.delete(temporary, false); // gone after a rename; left over after a failure
    }
    stdout.println("wrote " + target + " (" + now.size() + " flags)");
    stdout.flush();
    return Main.EXIT_OK;
  }

  /** Flag key to {@code flagVersion}, or to the whole flag when it has no version. */
  private static Map<String, Object> fingerprint(JsonNode flags) {
    Map<String, Object> versions = new LinkedHashMap<>();
    for (JsonNode flag : flags) {
      JsonNode version = flag.path("metadata").path("flagVersion");
      versions.put(flag.path("key").asText(), version.isIntegralNumber() ? (Object) version.asLong() : flag);
    }
    return versions;
  }

  private static String changes(Map<String, Object> before, Map<String, Object> now) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Object> e : now.entrySet()) {
      Object was = before.get(e.getKey());
      if (was == null) {
        lines.add(e.getKey() + " added");
      } else if (!Objects.equals(was, e.getValue())) {
        lines.add(e.getKey() + (was instanceof Long v && e.getValue() instanceof Long w
            ? " v" + v + " → v" + w : " changed"));
      }
    }
    for (String key : before.keySet()) {
      if (!now.containsKey(key)) {
        lines.add(key + " removed");
      }
    }
    return String.join(", ", lines);
  }

  /** The snapshot in {@code dir} with the latest capture time (stamp in the name, else captured_at). */
  private static Path newestSnapshot(FileSystem fs, Path dir) throws Stop, IOException {
    if (!fs.exists(dir)) {
      return null;
    }
    Path newest = null;
    Instant newestTime = null;
    for (FileStatus status : fs.listStatus(dir)) {
      String name = status.getPath().getName();
      if (!status.isFile() || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      Instant time = Snapshot.stampOf(name);
      if (time == null) {
        JsonNode captured = readTree(fs, status.getPath()).path("captured_at");
        try {
          time = captured.isTextual() ? OffsetDateTime.parse(captured.asText()).toInstant() : null;
        } catch (DateTimeParseException e) {
          time = null;
        }
      }
      if (time != null && (newestTime == null || time.isAfter(newestTime))) {
        newest = status.getPath();
        newestTime = time;
      }
    }
    return newest;
  }

  private static JsonNode readTree(FileSystem fs, Path file) throws Stop, IOException {
    try (var in = fs.open(file)) {
      JsonNode tree = JSON.readTree(in);
      if (tree == null) {
        throw new Stop(Main.EXIT_USAGE, file + ": empty file among the snapshots in --out");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new Stop(Main.EXIT_USAGE, file + ": not valid JSON (" + e.getOriginalMessage()
          + "); fix or move it out of --out");
    }
  }

  private static JsonNode flagsOf(JsonNode snapshot, Path file) throws Stop {
    JsonNode flags = snapshot.isObject() ? snapshot.get("flags") : snapshot;
    if (flags == null || !flags.isArray()) {
      throw new Stop(Main.EXIT_USAGE, file + ": not a snapshot (a flag array, or an object with"
          + " \"flags\"); fix or move it out of --out");
    }
    return flags;
  }

  /** The text with every occurrence of the key replaced, whatever produced it. */
  static String redact(String text, String key) {
    return key == null || key.isEmpty() || text == null ? text : text.replace(key, "[redacted]");
  }
}
