package io.expaudit.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.expaudit.sample.PersonSimulation.Finding;
import io.expaudit.sample.SampleEvent.Device;
import io.expaudit.sample.SampleEvent.Place;
import io.expaudit.sample.SampleFlags.FlagSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes a synthetic week of a company's experiments with known, injected faults: flag snapshots
 * ({@code flags/}), hourly gzip JSON-lines event exports ({@code events/}) and the findings an
 * auditor must report ({@code ground-truth.jsonl}). Deterministic for a seed: the same arguments
 * give the same bytes. Memory stays bounded whatever the size: people are simulated one at a time
 * and their events streamed to the hour files.
 *
 * <p>The world: {@link SampleFlags} describes the flags and the week's config changes. Each person
 * (one {@code amplitude_id}) has a {@code user_id}, one or two devices and a few sessions; about
 * 1.25 % of the people per {@link Fault} carry that fault (at least two each), the others are
 * healthy. On top of that: anonymous pre-login events, a benign second device, prefixed assignment
 * property names, exposures without a variant for default variants, the mid-week reweight (whose
 * units assigned on both sides are {@code CONFIG_CHANGE} jumpers), malformed lines (invalid JSON,
 * no {@code event_time}, no id at all) and exact duplicates re-sent in a later hour file.
 *
 * <p>{@code ground-truth.jsonl} holds one line per expected unit finding
 * {@code {"check","cause","flag_key","unit_id"}} (unit = {@code amplitude_id}), one line
 * {@code {"flag_key","clean":true}} per flag without any, and a last line
 * {@code {"malformed_lines":N,"duplicates":M}}.
 */
public final class WorldGenerator {
  /** Events per person when not specified. */
  public static final double DEFAULT_EVENTS_PER_USER = 10.0;
  /** Share of people carrying each fault. */
  static final double FAULT_SHARE = 0.0125;
  /** Minimum number of people per fault, whatever the size. */
  static final int MIN_PER_FAULT = 2;
  /** Share of healthy people with a second device (same variant of the device-bucketed flag). */
  static final double SECOND_DEVICE_SHARE = 0.02;
  static final double DUPLICATE_RATE = 0.01;
  static final double MALFORMED_RATE = 0.0015;
  static final int MIN_MALFORMED_PER_KIND = 2;
  /** Average events a session produces, to turn events per user into sessions per user. */
  private static final double EVENTS_PER_SESSION = 5.4;
  private static final long FIRST_AMPLITUDE_ID = 500_000_000_000L;
  private static final long DECOY_AMPLITUDE_ID = 900_000_000_000L;
  private static final JsonFactory JSON = new JsonFactory();
  /** People simulated per task; batches are written in order, so threads do not change bytes. */
  private static final int BATCH = 256;
  private static final int MAX_THREADS = 8;

  /**
   * What a run wrote.
   *
   * @param users people simulated
   * @param events valid event lines written, duplicates excluded
   * @param duplicates extra copies of valid events
   * @param malformedLines lines an auditor must quarantine
   * @param snapshots flag snapshot files
   * @param findings expected unit findings by {@code CHECK/CAUSE}
   * @param cleanFlags flags without any expected unit finding
   */
  public record Summary(
      int users, long events, long duplicates, long malformedLines, int snapshots,
      Map<String, Integer> findings, List<String> cleanFlags) {

    /** Total expected unit findings. */
    public int findingCount() {
      return findings.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final int users;
  private final long seed;
  private final double eventsPerUser;
  private final int threads;

  private WorldGenerator(int users, long seed, double eventsPerUser, int threads) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, got " + users);
    }
    if (!(eventsPerUser >= EVENTS_PER_SESSION / 2) || eventsPerUser > 10_000) {
      throw new IllegalArgumentException(
          "events per user must be between " + EVENTS_PER_SESSION / 2 + " and 10000, got " + eventsPerUser);
    }
    this.users = users;
    this.seed = seed;
    this.eventsPerUser = eventsPerUser;
    this.threads = threads > 0 ? threads
        : users < 2 * BATCH ? 1 : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
  }

  /** Writes a world of {@code users} people, about 10 events each. */
  public static Summary generate(Path outDir, int users, long seed) throws IOException {
    return generate(outDir, users, seed, DEFAULT_EVENTS_PER_USER);
  }

  /**
   * Writes a world into {@code outDir}, which must not exist or be empty. The files are written
   * into a sibling temporary directory that is renamed into place at the end, so a failed run
   * leaves nothing behind.
   *
   * @param eventsPerUser average events per person (at least 2.7); the event count is about
   *     {@code users × eventsPerUser}
   * @throws IllegalArgumentException when {@code outDir} is a file or a non-empty directory, or an
   *     argument is out of range
   */
  public static Summary generate(Path outDir, int users, long seed, double eventsPerUser)
      throws IOException {
    return generate(outDir, users, seed, eventsPerUser, 0);
  }

  /** As {@link #generate(Path, int, long, double)} with {@code threads} workers (0: automatic). */
  static Summary generate(Path outDir, int users, long seed, double eventsPerUser, int threads)
      throws IOException {
    WorldGenerator generator = new WorldGenerator(users, seed, eventsPerUser, threads);
    Path target = outDir.toAbsolutePath().normalize();
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw new IllegalArgumentException(target + " exists and is not an empty directory");
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    try {
      Summary summary = generator.writeWorld(staging);
      Files.deleteIfExists(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return summary;
    } catch (IOException | RuntimeException e) {
      deleteRecursively(staging);
      throw e;
    }
  }

  /** True when {@code dir} is a directory without entries. */
  public static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  private Summary writeWorld(Path dir) throws IOException {
    List<FlagSnapshot> snapshots = SampleFlags.snapshots();
    Path flagsDir = Files.createDirectories(dir.resolve("flags"));
    for (FlagSnapshot snapshot : snapshots) {
      Files.writeString(flagsDir.resolve(snapshot.fileName()), snapshot.json(), StandardCharsets.UTF_8);
    }
    byte[] roles = roles();
    Map<String, Integer> counts = new TreeMap<>();
    Set<String> flagsWithFindings = new LinkedHashSet<>();
    double sessionsMean = eventsPerUser / EVENTS_PER_SESSION;
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, WorldGenerator::daemon) : null;
    try (HourlyEventFiles files = new HourlyEventFiles(
            Files.createDirectories(dir.resolve("events")),
            SampleFlags.WINDOW_START, SampleFlags.WINDOW_END);
        OutputStream truth = Files.newOutputStream(dir.resolve("ground-truth.jsonl"));
        JsonGenerator truthJson = JSON.createGenerator(truth)) {
      truthJson.setRootValueSeparator(null);
      Sink sink = new Sink(files, new SplittableRandom(seed ^ 0x5DEECE66DL));
      int batches = (users + BATCH - 1) / BATCH;
      Deque<Future<List<Person>>> inFlight = new ArrayDeque<>();
      int submitted = 0;
      for (int written = 0; written < batches; written++) {
        List<Person> batch;
        if (pool == null) {
          batch = simulate(written, roles, snapshots, sessionsMean);
        } else {
          while (submitted < batches && inFlight.size() < 2 * threads) {
            int index = submitted++;
            inFlight.add(pool.submit(() -> simulate(index, roles, snapshots, sessionsMean)));
          }
          batch = await(inFlight.poll());
        }
        for (Person person : batch) {
          sink.write(person);
          for (Finding finding : person.findings()) {
            truthJson.writeStartObject();
            truthJson.writeStringField("check", finding.check());
            truthJson.writeStringField("cause", finding.cause());
            truthJson.writeStringField("flag_key", finding.flagKey());
            truthJson.writeStringField("unit_id", Long.toString(person.amplitudeId()));
            truthJson.writeEndObject();
            truthJson.writeRaw('\n');
            counts.merge(finding.check() + "/" + finding.cause(), 1, Integer::sum);
            flagsWithFindings.add(finding.flagKey());
          }
        }
      }
      sink.topUpMalformed();
      List<String> clean = new ArrayList<>();
      for (String flag : SampleFlags.ALL_FLAGS) {
        if (!flagsWithFindings.contains(flag)) {
          clean.add(flag);
          truthJson.writeStartObject();
          truthJson.writeStringField("flag_key", flag);
          truthJson.writeBooleanField("clean", true);
          truthJson.writeEndObject();
          truthJson.writeRaw('\n');
        }
      }
      truthJson.writeStartObject();
      truthJson.writeNumberField("malformed_lines", sink.malformed);
      truthJson.writeNumberField("duplicates", sink.duplicates);
      truthJson.writeEndObject();
      truthJson.writeRaw('\n');
      return new Summary(users, sink.events, sink.duplicates, sink.malformed, snapshots.size(),
          Collections.unmodifiableMap(counts), List.copyOf(clean));
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** One simulated person: the lines of their events (with their hour) and their findings. */
  private record Person(long amplitudeId, List<byte[]> lines, List<Long> uploads, List<Finding> findings) {}

  /** Simulates one batch of people; runs on any thread, depends only on the seed and indices. */
  private List<Person> simulate(
      int batch, byte[] roles, List<FlagSnapshot> snapshots, double sessionsMean) throws IOException {
    int from = batch * BATCH;
    int to = Math.min(users, from + BATCH);
    List<Person> people = new ArrayList<>(to - from);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    for (int i = from; i < to; i++) {
      long amplitudeId = FIRST_AMPLITUDE_ID + i;
      List<byte[]> lines = new ArrayList<>();
      List<Long> uploads = new ArrayList<>();
      PersonSimulation.World world = new PersonSimulation.World() {
        @Override
        public FlagSnapshot snapshotAt(long epochMs) {
          FlagSnapshot found = snapshots.get(0);
          for (FlagSnapshot snapshot : snapshots) {
            if (snapshot.capturedAt().toEpochMilli() <= epochMs) {
              found = snapshot;
            }
          }
          return found;
        }

        @Override
        public void emit(SampleEvent event) throws IOException {
          buffer.reset();
          event.writeJson(buffer);
          lines.add(buffer.toByteArray());
          uploads.add(event.uploadMs);
        }
      };
      byte role = roles[i];
      Fault fault = role >= 2 ? Fault.values()[role - 2] : null;
      List<Finding> findings =
          new PersonSimulation(world, snapshots, personRandom(i), amplitudeId, fault, role == 1)
              .run(sessionsMean);
      people.add(new Person(amplitudeId, lines, uploads, findings));
    }
    return people;
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while generating");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "generate-sample");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Role of each person: 0 healthy, 1 healthy with a benign second device, 2 + ordinal a fault.
   * The fault people are spread over the population by a seeded shuffle.
   */
  private byte[] roles() {
    byte[] roles = new byte[users];
    int next = 0;
    int perFault = Math.max(MIN_PER_FAULT, (int) Math.round(users * FAULT_SHARE));
    for (Fault fault : Fault.values()) {
      for (int i = 0; i < perFault && next < users; i++) {
        roles[next++] = (byte) (2 + fault.ordinal());
      }
    }
    int secondDevices = (int) Math.round(users * SECOND_DEVICE_SHARE);
    for (int i = 0; i < secondDevices && next < users; i++) {
      roles[next++] = 1;
    }
    SplittableRandom shuffle = new SplittableRandom(seed);
    for (int i = users - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      byte swap = roles[i];
      roles[i] = roles[j];
      roles[j] = swap;
    }
    return roles;
  }

  private SplittableRandom personRandom(int index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Serializes events into the hour files and adds the duplicates and malformed lines. */
  private static final class Sink {
    private static final int BAD_JSON = 0;
    private static final int NO_EVENT_TIME = 1;
    private static final int NO_IDS = 2;

    private final HourlyEventFiles files;
    private final SplittableRandom noise;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    private final long[] malformedByKind = new long[3];
    private long events;
    private long duplicates;
    private long malformed;
    private long decoys;

    Sink(HourlyEventFiles files, SplittableRandom noise) {
      this.files = files;
      this.noise = noise;
    }

    /** Writes a person's events, each possibly followed by a duplicate or a malformed line. */
    void write(Person person) throws IOException {
      for (int i = 0; i < person.lines().size(); i++) {
        byte[] line = person.lines().get(i);
        int hour = files.hourOf(person.uploads().get(i));
        files.write(hour, line, line.length);
        events++;
        if (noise.nextDouble() < DUPLICATE_RATE && hour < files.hourCount() - 1) {
          // re-sent later: an exact copy in one of the next three hour files
          int later = Math.min(files.hourCount() - 1, hour + 1 + noise.nextInt(3));
          files.write(later, line, line.length);
          duplicates++;
        }
        if (noise.nextDouble() < MALFORMED_RATE) {
          malformed(noise.nextInt(3), hour);
        }
      }
    }

    /** Adds malformed lines until each kind has its minimum. */
    void topUpMalformed() throws IOException {
      for (int kind = 0; kind < malformedByKind.length; kind++) {
        while (malformedByKind[kind] < MIN_MALFORMED_PER_KIND) {
          malformed(kind, noise.nextInt(files.hourCount()));
        }
      }
    }

    private void malformed(int kind, int hour) throws IOException {
      SampleEvent decoy = decoy(hour);
      if (kind == NO_EVENT_TIME) {
        decoy.omitTime = true;
      } else if (kind == NO_IDS) {
        decoy.userId = null;
        decoy.amplitudeId = null;
        decoy.device = new Device(null, "Web", "Chrome", "131", null, null, null, "Windows", null,
            "amplitude-ts/2.11.8");
      }
      buffer.reset();
      decoy.writeJson(buffer);
      if (kind == BAD_JSON) {
        // a line cut off mid-object, as a crashed upload leaves it
        byte[] whole = buffer.toByteArray();
        int cut = whole.length / 3 + noise.nextInt(whole.length / 3);
        buffer.reset();
        buffer.write(whole, 0, cut);
      }
      files.write(hour, buffer.toByteArray(), buffer.size());
      malformedByKind[kind]++;
      malformed++;
    }

    /** A page view of a person that does not otherwise exist, inside {@code hour}. */
    private SampleEvent decoy(int hour) {
      long id = ++decoys;
      SampleEvent event = new SampleEvent();
      event.type = "page_view";
      event.timeMs = SampleFlags.WINDOW_START.toEpochMilli() + hour * 3_600_000L
          + noise.nextInt(3_000_000);
      event.uploadMs = event.timeMs + 5_000;
      event.userId = "usr_decoy_" + id;
      event.device = new Device("decoy-device-" + id, "Web", "Chrome", "131", null, null, null,
          "Windows", null, "amplitude-ts/2.11.8");
      event.amplitudeId = DECOY_AMPLITUDE_ID + id;
      event.insertId = "decoy-insert-" + id;
      event.sessionId = event.timeMs;
      event.eventId = 1;
      event.place = new Place("United Kingdom", "England", "London", "English");
      event.library = "amplitude-ts/2.11.8";
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("plan", "free");
      event.baseProperties = properties;
      event.userProperties = properties;
      event.eventProperties.put("path", "/");
      return event;
    }
  }
}
