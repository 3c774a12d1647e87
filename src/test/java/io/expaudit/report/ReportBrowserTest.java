package io.expaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.cli.Main;
import io.expaudit.spark.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the bundled sample audit, opened in headless Chromium: the page runs without a
 * console error or a network request, its flags table holds the sample's flags with the statuses its
 * injected faults call for, the charts are drawn, the filter and sort work, and a screenshot is saved
 * to {@code target/report-screenshot.png} (and to {@code -Dreport.screenshot=PATH} when given, which
 * is how {@code docs/report-screenshot.png} is made).
 *
 * <p>Fails, never skips, when Chromium is missing: {@code .ci/run} installs it.
 */
class ReportBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 1700;

  @TempDir static Path dir;
  private static Path out;
  private static HeadlessChromium browser;
  /** Events before the report was opened, so that each test reads the report's own. */
  private static int firstEvent;

  @BeforeAll
  static void auditTheSampleAndOpenItsReport() throws Exception {
    SparkTestSession.get();
    out = dir.resolve("sample-report");
    StringWriter err = new StringWriter();
    int exit = Main.run(new String[] {"audit", "--flags", "sample-data/world/flags", "--events",
        "sample-data/world/events", "--out", out.toString(), "--format", "json"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(exit).as(err.toString()).isEqualTo(1); // the sample holds ERROR findings
    browser = HeadlessChromium.start(WIDTH, HEIGHT);
    browser.send("Runtime.enable", Map.of());
    browser.send("Log.enable", Map.of());
    browser.send("Network.enable", Map.of());
    browser.send("Page.enable", Map.of());
    browser.send("Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    firstEvent = browser.eventCount();
    browser.open(out.resolve("report.html").toUri());
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /**
   * Console errors, uncaught exceptions, errors the browser logs itself (a blocked resource, a
   * Content-Security-Policy violation) and any request that leaves the file, from {@code events}.
   */
  static List<String> problems(List<JsonNode> events) {
    List<String> problems = new ArrayList<>();
    for (JsonNode e : events) {
      JsonNode p = e.path("params");
      switch (e.path("method").asText()) {
        case "Runtime.exceptionThrown" -> {
          JsonNode details = p.path("exceptionDetails");
          problems.add("uncaught: " + details.path("exception").path("description").asText(details.toString())
              + " (line " + (details.path("lineNumber").asInt() + 1) + ")");
        }
        case "Runtime.consoleAPICalled" -> {
          if (List.of("error", "assert").contains(p.path("type").asText())) {
            problems.add("console." + p.path("type").asText() + ": " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          if (p.path("entry").path("level").asText().equals("error")) {
            problems.add("browser: " + p.path("entry").path("text").asText());
          }
        }
        case "Network.requestWillBeSent" -> {
          String url = p.path("request").path("url").asText();
          if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("about:")) {
            problems.add("network request: " + url);
          }
        }
        default -> { }
      }
    }
    return problems;
  }

  @Test
  void theReportRunsWithoutConsoleErrorsOrNetworkRequests() {
    assertThat(problems(browser.eventsSince(firstEvent))).isEmpty();
    assertThat(browser.evaluate("document.querySelectorAll('script').length").asInt()).isEqualTo(1);
  }

  @Test
  void theFlagsTableHasTheSampleFlagsWithTheStatusesItsFaultsCallFor() throws Exception {
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    List<String> summaryKeys = new ArrayList<>();
    summary.get("flags").fieldNames().forEachRemaining(summaryKeys::add);
    JsonNode rows = browser.evaluate("Array.from(document.querySelectorAll('#flags tbody tr'))"
        + ".map(r => [r.dataset.key, r.dataset.status, r.offsetHeight > 0])");
    List<String> keys = new ArrayList<>();
    rows.forEach(r -> keys.add(r.get(0).asText()));
    assertThat(keys).containsExactlyInAnyOrderElementsOf(summaryKeys).hasSize(7);
    // the sample's faults: wrong variants and unexplained jumps (errors) in checkout-redesign and
    // pricing-page; only jumps with a cause (warnings) in onboarding-tour and search-ranking
    assertThat(rows.toString()).isEqualTo(
        "[[\"checkout-redesign\",\"broken\",true],[\"pricing-page\",\"broken\",true],"
            + "[\"onboarding-tour\",\"warning\",true],[\"search-ranking\",\"warning\",true],"
            + "[\"holdout-q4\",\"ok\",true],[\"new-nav\",\"ok\",true],[\"shipping-estimate\",\"ok\",true]]");
    assertThat(browser.evaluate("document.getElementById('verdict').textContent").asText())
        .isEqualTo("2 of 7 flags are broken, 2 need attention, 3 look healthy.");
  }

  @Test
  void theChartsAreDrawnWithVisibleMarks() {
    // per chart kind: charts laid out with a size, and marks inside them with a non-empty box
    JsonNode drawn = browser.evaluate("(() => { const kinds = {};"
        + " document.querySelectorAll('details.flag[open] svg.chart').forEach(svg => {"
        + "   const box = svg.getBoundingClientRect();"
        + "   const marks = Array.from(svg.querySelectorAll('rect, polyline, circle'))"
        + "     .filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;"
        + "   const k = svg.dataset.chart; kinds[k] = kinds[k] || {charts: 0, marks: 0};"
        + "   if (box.width > 0 && box.height > 0) { kinds[k].charts++; kinds[k].marks += marks; } });"
        + " return kinds; })()");
    // four flags have findings and are open: each shows its expected-vs-observed and daily charts
    assertThat(drawn.path("expected-vs-observed").path("charts").asInt()).isEqualTo(4);
    assertThat(drawn.path("expected-vs-observed").path("marks").asInt()).isGreaterThan(4 * 2 * 2);
    assertThat(drawn.path("daily-units").path("charts").asInt()).isEqualTo(4);
    assertThat(drawn.path("daily-units").path("marks").asInt()).isGreaterThan(4 * 7);
    assertThat(drawn.path("jumps-by-cause").path("marks").asInt()).isGreaterThan(0);
  }

  @Test
  void theFilterAndTheSortWork() {
    JsonNode filtered = browser.evaluate("(() => { const f = document.getElementById('filter');"
        + " f.value = 'PRICING'; f.dispatchEvent(new Event('input'));"
        + " const shown = Array.from(document.querySelectorAll('#flags tbody tr')).filter(r => !r.hidden)"
        + "   .map(r => r.dataset.key);"
        + " const sections = Array.from(document.querySelectorAll('details.flag')).filter(d => !d.hidden).length;"
        + " const text = document.getElementById('shown').textContent;"
        + " f.value = ''; f.dispatchEvent(new Event('input'));"
        + " return {shown, sections, text}; })()");
    assertThat(filtered.toString())
        .isEqualTo("{\"shown\":[\"pricing-page\"],\"sections\":1,\"text\":\"1 of 7 flags shown\"}");
    JsonNode sorted = browser.evaluate("(() => { const users = Array.from(document.querySelectorAll('#flags th'))"
        + "   .find(th => th.textContent === 'Users').querySelector('button');"
        + " users.click(); const up = Array.from(document.querySelectorAll('#flags tbody tr')).map(r => r.dataset.key);"
        + " users.click(); const down = Array.from(document.querySelectorAll('#flags tbody tr')).map(r => r.dataset.key);"
        + " return [up[0], down[0]]; })()");
    assertThat(sorted.toString()).isEqualTo("[\"new-nav\",\"pricing-page\"]"); // 150 and 300 users
    browser.evaluate("document.querySelector('#flags th button').click(); window.scrollTo(0, 0); true");
  }

  @Test
  void aScreenshotIsSaved() throws Exception {
    byte[] png = browser.screenshot();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/report-screenshot.png"), png);
    String copy = System.getProperty("report.screenshot");
    if (copy != null && !copy.isBlank()) {
      Files.write(Path.of(copy), png);
    }
  }

  /** The checker itself must see what it is meant to catch, or a green run would mean nothing. */
  @Test
  void theCheckerCatchesAScriptErrorAConsoleErrorAndARequest() throws Exception {
    Path broken = dir.resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><title>broken</title><script>console.error('boom');"
        + " document.body.appendChild(null);</script><img src=\"http://127.0.0.1:9/x.png\">");
    try (HeadlessChromium other = HeadlessChromium.start(400, 300)) {
      other.send("Runtime.enable", Map.of());
      other.send("Log.enable", Map.of());
      other.send("Network.enable", Map.of());
      other.send("Page.enable", Map.of());
      int from = other.eventCount();
      other.open(broken.toUri());
      List<String> problems = problems(other.eventsSince(from));
      Iterator<String> kinds = List.of("console.error", "uncaught", "network request").iterator();
      while (kinds.hasNext()) {
        String kind = kinds.next();
        assertThat(problems).as(String.join("\n", problems)).anyMatch(p -> p.startsWith(kind));
      }
    }
  }
}
