package io.expaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** snapshot-flags against a local HTTP server: never the internet. */
class SnapshotFlagsCommandTest {
  private static final String KEY = "server-7Hq2xK9pLmN4vR8sT1wZ";
  private static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dir;
  private MockWebServer server;
  private final List<Long> sleeps = new ArrayList<>();
  private String keyInEnvironment = KEY;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String payload(int pricingVersion) {
    return "[{\"key\": \"pricing\", \"metadata\": {\"flagVersion\": " + pricingVersion + "},"
        + " \"variants\": {\"on\": {\"key\": \"on\"}}, \"segments\": [{\"variant\": \"on\"}]},"
        + " {\"key\": \"nav\", \"metadata\": {\"flagVersion\": 2},"
        + " \"variants\": {\"on\": {\"key\": \"on\"}}, \"segments\": [{\"variant\": \"on\"}]}]";
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"error\": \"nope\"}").build();
  }

  private record Run(int exit, String out, String err) {}

  private Run run(Instant now, String... extra) {
    CommandLine commandLine = Main.newCommandLine();
    SnapshotFlagsCommand command =
        (SnapshotFlagsCommand) commandLine.getSubcommands().get("snapshot-flags").getCommand();
    command.environment = name -> name.equals("TEST_DEPLOYMENT_KEY") ? keyInEnvironment : null;
    command.clock = Clock.fixed(now, ZoneOffset.UTC);
    command.sleeper = sleeps::add;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("snapshot-flags", "--out", dir.resolve("snapshots").toString(),
        "--server-url", server.url("/").toString(), "--deployment-key-env", "TEST_DEPLOYMENT_KEY",
        "--retry-backoff-ms", "10"));
    args.addAll(List.of(extra));
    int exit = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    Run run = new Run(exit, out.toString(), err.toString());
    assertThat(run.out() + run.err()).doesNotContain(KEY);
    return run;
  }

  /** Every file in the snapshot folder, hidden ones included. */
  private List<String> files() throws IOException {
    Path snapshots = dir.resolve("snapshots");
    if (!Files.exists(snapshots)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(snapshots)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstCaptureIsASnapshotTheAuditReadsAndTheKeyGoesOnlyInTheHeader() throws Exception {
    server.enqueue(ok(payload(5)));
    Run run = run(T1);
    assertThat(run.exit()).isZero();
    assertThat(files()).containsExactly("flags-2026-11-25T10-00-00Z.json");
    Path file = dir.resolve("snapshots/flags-2026-11-25T10-00-00Z.json");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(KEY);
    Snapshot snapshot = Snapshot.parse(text, file.toString());
    assertThat(snapshot.capturedAt()).isEqualTo(T1);
    assertThat(FlagHistory.of(List.of(snapshot)).version("pricing", 5)).isNotNull();
    assertThat(run.out()).contains("wrote ", "flags-2026-11-25T10-00-00Z.json (2 flags)");

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/sdk/v2/flags");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Api-Key " + KEY);
  }

  @Test
  void anUnchangedPayloadWritesNothing() throws IOException {
    server.enqueue(ok(payload(5)));
    server.enqueue(ok(payload(5)));
    assertThat(run(T1).exit()).isZero();
    Run second = run(T2);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("unchanged since ", "(2 flags, same versions): nothing written");
    assertThat(files()).containsExactly("flags-2026-11-25T10-00-00Z.json");
  }

  @Test
  void aNewFlagVersionWritesANewSnapshotAndSaysWhatChanged() throws IOException {
    server.enqueue(ok(payload(5)));
    server.enqueue(ok(payload(6)));
    run(T1);
    Run second = run(T2);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains(": pricing v5 → v6\n", "flags-2026-11-26T10-00-00Z.json (2 flags)");
    assertThat(files()).containsExactly("flags-2026-11-25T10-00-00Z.json", "flags-2026-11-26T10-00-00Z.json");
  }

  @Test
  void aRateLimitIsRetriedAfterTheServersRetryAfter() throws IOException {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build());
    server.enqueue(ok(payload(5)));
    Run run = run(T1);
    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("attempt 1 of 5 failed (HTTP 429); retrying in 2000 ms");
    assertThat(sleeps).containsExactly(2000L);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(files()).containsExactly("flags-2026-11-25T10-00-00Z.json");
  }

  @Test
  void aServerThatKeepsFailingIsGivenUpOnWithExitThreeAndNothingWritten() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return status(500);
      }
    });
    Run run = run(T1, "--max-attempts", "4");
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).contains("gave up on http://", "/sdk/v2/flags after 4 attempts; the last"
        + " one: HTTP 500; nothing written");
    assertThat(sleeps).containsExactly(10L, 20L, 40L);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(files()).isEmpty();
  }

  @Test
  void aRefusedKeyExitsTwoAtOnceWithoutShowingTheKey() throws IOException {
    server.enqueue(status(401));
    Run run = run(T1);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("HTTP 401", "refused the deployment key in TEST_DEPLOYMENT_KEY");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(files()).isEmpty();
  }

  @Test
  void anAnswerThatIsNotAFlagArrayWritesNothing() throws IOException {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());
    Run html = run(T1);
    assertThat(html.exit()).isEqualTo(3);
    assertThat(html.err()).contains("is not JSON", "nothing written");
    server.enqueue(ok("{\"flags\": \"none\"}"));
    assertThat(run(T1).err()).contains("is not a JSON array of flags; nothing written");
    server.enqueue(ok("[{\"key\": \"f\"}]"));
    assertThat(run(T1).err()).contains("missing 'variants'", "nothing written");
    assertThat(files()).isEmpty();
  }

  @Test
  void aSlowServerTimesOut() throws IOException {
    server.enqueue(new MockResponse.Builder().code(200).body(payload(5))
        .headersDelay(3, TimeUnit.SECONDS).build());
    Run run = run(T1, "--timeout-seconds", "0.2", "--max-attempts", "1");
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).contains("after 1 attempt; the last one: no answer within 200 ms");
    assertThat(files()).isEmpty();
  }

  @Test
  void noKeyInTheEnvironmentIsAUsageError() {
    keyInEnvironment = null;
    Run run = run(T1);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("the environment variable TEST_DEPLOYMENT_KEY is not set or empty");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aKeyEchoedInAnErrorIsNeverShown() {
    server.enqueue(new MockResponse.Builder().code(400).body("bad key " + KEY).build());
    Run run = run(T1); // run() asserts the key is in neither stream
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("HTTP 400");
  }
}
