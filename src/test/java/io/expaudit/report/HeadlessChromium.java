package io.expaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium (the Debian package) driven over the Chrome DevTools Protocol with the JDK's
 * WebSocket client: one browser per instance, a fresh profile, no network features. Commands block
 * until answered; events are recorded in arrival order for the test to inspect.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What {@code -Dchromium.binary} names, else the Debian package's launcher. */
  static Path binary() {
    return Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  }

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts the browser on {@code about:blank} and attaches to its page. */
  static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      // a failure, not a skip: CI installs the package (.ci/run), so a missing browser is a broken setup
      throw new AssertionError("no Chromium at " + binary + ": install it (apt-get install chromium,"
          + " as .ci/run does) or point -Dchromium.binary at one");
    }
    Path profile = Files.createTempDirectory("expaudit-chromium-");
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("Chromium did not open its DevTools port; its log:\n"
              + Files.readString(profile.resolve("chromium.log")));
        }
        Thread.sleep(100);
      }
      String port = Files.readAllLines(portFile).get(0).trim();
      HttpClient http = HttpClient.newHttpClient();
      String page = null;
      while (page == null) {
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode t : targets) {
          if (t.path("type").asText().equals("page")) {
            page = t.get("webSocketDebuggerUrl").asText();
          }
        }
        if (page == null) {
          Thread.sleep(100);
        }
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
          .buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              message.append(data);
              if (last) {
                String text = message.toString();
                message.setLength(0);
                self[0].receive(text);
              }
              ws.request(1);
              return null;
            }
          }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(process, profile, socket);
      return self[0];
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      stop(process, profile);
      throw e;
    } catch (Exception e) {
      stop(process, profile);
      throw new IOException("cannot attach to Chromium", e);
    }
  }

  private void receive(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
      } else {
        events.add(message);
      }
    } catch (IOException e) {
      events.add(JSON.createObjectNode().put("method", "unreadable").put("text", text));
    }
  }

  /** Sends a command and returns its {@code result}; a protocol error fails the test. */
  JsonNode send(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    try {
      socket.sendText(JSON.writeValueAsString(command), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (response.has("error")) {
        throw new AssertionError(method + " failed: " + response.get("error"));
      }
      return response.get("result");
    } catch (Exception e) {
      throw new AssertionError(method + " got no answer", e);
    }
  }

  /** Evaluates a script expression in the page and returns its value (as JSON). */
  JsonNode evaluate(String expression) {
    JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("evaluating " + expression + " threw " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Navigates and waits for the page's load event. */
  void open(URI url) throws InterruptedException {
    int before = events.size();
    send("Page.navigate", Map.of("url", url.toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (eventsSince(before).stream().noneMatch(e -> e.path("method").asText().equals("Page.loadEventFired"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no load event for " + url);
      }
      Thread.sleep(50);
    }
  }

  /** Events received since index {@code from}. */
  List<JsonNode> eventsSince(int from) {
    synchronized (events) {
      return List.copyOf(events.subList(Math.min(from, events.size()), events.size()));
    }
  }

  int eventCount() {
    return events.size();
  }

  /** A PNG of the current viewport. */
  byte[] screenshot() {
    return java.util.Base64.getDecoder().decode(
        send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is stopped below either way
    }
    stop(process, profile);
  }

  private static void stop(Process process, Path profile) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
