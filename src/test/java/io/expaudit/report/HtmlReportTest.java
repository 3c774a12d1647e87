package io.expaudit.report;

import static io.expaudit.report.ReportFixtures.broken;
import static io.expaudit.report.ReportFixtures.healthy;
import static io.expaudit.report.ReportFixtures.model;
import static io.expaudit.report.ReportFixtures.plain;
import static io.expaudit.report.ReportFixtures.warned;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import io.expaudit.report.ReportModel.FlagReport;
import io.expaudit.report.ReportModel.FunnelStage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static Document render(ReportModel model) {
    return Jsoup.parse(HtmlReport.render(model));
  }

  @Test
  void tableListsEveryFlagBrokenFirstWithItsStatusAndReason() {
    Document page = render(model(List.of(plain(healthy("search-ranking")), plain(warned("onboarding-tour")),
        plain(broken("checkout-redesign")))));
    Elements rows = page.select("table#flags > tbody > tr");
    assertThat(rows.eachAttr("data-key")).containsExactly("checkout-redesign", "onboarding-tour", "search-ranking");
    assertThat(rows.eachAttr("data-status")).containsExactly("broken", "warning", "ok");
    assertThat(rows.get(0).selectFirst("td.why").text())
        .isEqualTo("8 users got a different variant than the hash bucket gives, in the segment the configuration"
            + " picks. (+2 more)");
    assertThat(rows.get(0).select("td.num").eachText())
        .containsExactly("100", "91.7 %", "50.0 %", "4 (4.0 %)", "12", "4");
    assertThat(page.getElementById("verdict").text())
        .isEqualTo("1 of 3 flags are broken, 1 needs attention, 1 looks healthy.");
    assertThat(page.title()).isEqualTo("Experiment audit: 1 broken, 1 with warnings, 1 OK");
  }

  @Test
  void everyInputStringIsEscapedInTextAndAttributes() {
    String key = "<script>alert(1)</script>\"'&x";
    String variant = "<img src=x onerror=alert(2)>";
    FlagSummary s = new FlagSummary(key);
    s.addUnits(3, variant, variant, true, true, false, variant, true, false);
    s.addUnits(1, "\"quoted\"", variant, true, false, true, variant, true, false);
    s.addFindings("ASSIGNMENT_MISMATCH", "<b>BUCKET</b>", "ERROR", 1);
    Finding lint = new Finding("SEGMENT_STARVATION", Severity.WARN, key, null, null, null, null, null, null,
        "'); alert(3); ('", 2L, null, null, null, 0, null, "</table><script>alert(4)</script>");
    FlagReport flag = new FlagReport(s, List.of(lint),
        List.of(new FunnelStage("<i>stage</i>", Map.of(variant, 3L), 0.5)),
        List.of(new ReportModel.DailyUnits(java.time.LocalDate.of(2026, 11, 16), Map.of(variant, 4L))),
        ReportFixtures.versions(), List.of(ReportFixtures.worst(key, "<u>unit</u>")));
    ReportModel model = new ReportModel(
        new ReportModel.Run("<flags>", "\"events\"", 1, 1, null, null, "<cohorts>", "kotlin", "<spark>", null),
        new ReportModel.Input(1, 0, 0, 0), 0.001, List.of("SEGMENT_STARVATION"), List.of(flag));
    String html = HtmlReport.render(model);
    Document page = Jsoup.parse(html);

    assertThat(page.select("script")).hasSize(1); // ours, at the end of the body
    assertThat(page.select("img, b, i, u")).isEmpty();
    for (Element e : page.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).as("attribute on <%s>", e.tagName()).doesNotStartWith("on");
      }
    }
    assertThat(page.select("table#flags > tbody > tr").attr("data-key")).isEqualTo(key);
    assertThat(page.selectFirst("table#flags a.key").text()).isEqualTo(key);
    assertThat(page.selectFirst("details.flag summary .key").text()).isEqualTo(key);
    assertThat(page.select("table.lints td").eachText()).anySatisfy(t -> assertThat(t).contains("</table><script>alert(4)</script>"));
    // a long label is cut, with the whole text in its tooltip
    Element label = page.select("svg[data-chart=expected-vs-observed] text").stream()
        .filter(t -> t.ownText().equals(variant.substring(0, 15) + "…")).findFirst().orElseThrow();
    assertThat(label.selectFirst("title").text()).isEqualTo(variant);
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("<b>BUCKET");
  }

  @Test
  void fiveHundredFlagsGiveOneRowAndOneSectionEach() {
    List<FlagReport> flags = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String key = String.format(java.util.Locale.ROOT, "flag-%03d", i);
      FlagSummary s = i % 50 == 0 ? broken(key) : i % 10 == 0 ? warned(key) : healthy(key);
      flags.add(new FlagReport(s, List.of(), List.of(), ReportFixtures.week(), ReportFixtures.versions(), List.of()));
    }
    String html = HtmlReport.render(model(flags));
    Document page = Jsoup.parse(html);
    Elements rows = page.select("table#flags > tbody > tr");
    assertThat(rows).hasSize(500);
    assertThat(rows.stream().filter(r -> r.attr("data-status").equals("broken"))).hasSize(10);
    assertThat(rows.stream().filter(r -> r.attr("data-status").equals("warning"))).hasSize(40);
    Elements sections = page.select("details.flag");
    assertThat(sections).hasSize(500);
    // each row points at the section of its own flag
    Map<String, String> keyBySection = new java.util.HashMap<>();
    sections.forEach(section -> keyBySection.put(section.id(), section.attr("data-key")));
    for (Element row : rows) {
      assertThat(keyBySection.get(row.attr("data-section"))).isEqualTo(row.attr("data-key"));
      assertThat(row.selectFirst("a.key").attr("href")).isEqualTo("#" + row.attr("data-section"));
    }
    // healthy flags start folded so that the page stays short; the others start open
    assertThat(sections.stream().filter(s -> s.hasAttr("open"))).hasSize(50);
    assertThat(page.select("svg[data-chart=daily-units]")).hasSize(500);
    assertThat(html.length()).isLessThan(12_000_000);
  }

  @Test
  void sectionsWithoutDataSaySoInsteadOfShowingNothing() {
    FlagReport flag = new FlagReport(broken("checkout-redesign"), List.of(), List.of(), List.of(), List.of(),
        List.of(new ReportModel.WorstUnit("42", "usr-42", "dev-42", "42",
            List.of(ReportFixtures.unitFinding("ASSIGNMENT_MISMATCH", Severity.ERROR, "checkout-redesign", "42",
                "BUCKET", "recomputed control")), List.of(), 0)));
    Document page = render(model(List.of(flag)));
    assertThat(page.selectFirst("[data-section=funnel]").text()).startsWith("Not computed in this run");
    assertThat(page.selectFirst("[data-section=timeline]").text()).startsWith("The event timeline of this user was not kept");
    assertThat(page.selectFirst("[data-section=lints]").text())
        .isEqualTo("No configuration finding for this flag (checked: SEGMENT_STARVATION, SALT_REUSE).");
    ReportModel notLinted = new ReportModel(model(List.of()).run(), model(List.of()).input(), 0.001, List.of(),
        List.of(flag));
    assertThat(render(notLinted).selectFirst("[data-section=lints]").text())
        .isEqualTo("The configuration lints did not run in this audit; expaudit lint-config --flags"
            + " <snapshots> runs them.");
  }

  @Test
  void whatToDoNextListsEveryCauseMostSevereFirst() {
    Document page = render(model(List.of(plain(broken("checkout-redesign")))));
    Elements items = page.select("ol.todo > li");
    assertThat(items).hasSize(3);
    assertThat(items.eachText()).satisfiesExactly(
        t -> assertThat(t).startsWith("error Wrong variant logged: 8 users got a different variant"),
        t -> assertThat(t).startsWith("error Users switching variants: 4 users switched variant with the same ids"),
        t -> assertThat(t).startsWith("warn Unknown config version: 4 users logged a config version"));
    assertThat(items.get(0).selectFirst("p").text()).startsWith("The app bucketed these users differently");
  }

  @Test
  void worstUnitsShowTheirTimelineWithTheMismatchHighlighted() {
    FlagReport flag = new FlagReport(broken("checkout-redesign"), List.of(), List.of(), List.of(), List.of(),
        List.of(ReportFixtures.worst("checkout-redesign", "500000000014")));
    Document page = render(model(List.of(flag)));
    Elements rows = page.select("table.timeline > tbody > tr");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).hasClass("bad")).isTrue();
    assertThat(rows.get(0).select("td").eachText()).containsExactly("2026-11-16 00:00:00 UTC",
        "[Experiment] Assignment", "assignment: treatment", "treatment", "control", "v3", "bucket");
    assertThat(rows.get(1).hasClass("bad")).isFalse();
    assertThat(rows.get(1).select("td").get(1).text()).isEqualTo("page_view and 11 more events");
  }

  @Test
  void funnelMarksOnlyTheFirstStageWhoseSplitBreaks() {
    Map<String, Long> even = new LinkedHashMap<>(Map.of("control", 500L, "treatment", 500L));
    Map<String, Long> skewed = new LinkedHashMap<>(Map.of("control", 500L, "treatment", 420L));
    FlagReport flag = new FlagReport(broken("checkout-redesign"), List.of(),
        List.of(new FunnelStage("recomputed", even, 0.98), new FunnelStage("assigned", even, 0.97),
            new FunnelStage("exposed", skewed, 2.1e-5), new FunnelStage("analysed", skewed, 1.0e-5)),
        List.of(), List.of(), List.of());
    Document page = render(model(List.of(flag)));
    Elements labels = page.select("svg[data-chart=funnel] text.value");
    assertThat(labels.eachText()).containsExactly("1,000 · p = 0.9800", "1,000 · p = 0.9700",
        "920 · p = 2.1e-05 · split breaks here", "920 · p = 1.0e-05");
  }

  @Test
  void dailyChartMarksTheConfigVersionsCapturedInsideItsDays() {
    FlagReport flag = new FlagReport(warned("onboarding-tour"), List.of(), List.of(), ReportFixtures.week(),
        List.of(new ReportModel.ConfigVersion(1, ReportFixtures.MONDAY.minusSeconds(86400)),
            new ReportModel.ConfigVersion(2, ReportFixtures.MONDAY.plusSeconds(2 * 86400 + 43200))),
        List.of());
    Document page = render(model(List.of(flag)));
    Element chart = page.selectFirst("svg[data-chart=daily-units]");
    assertThat(chart.select("polyline")).hasSize(2);
    assertThat(chart.select("circle")).hasSize(14);
    // v1 predates the first day: only listed below the chart
    assertThat(chart.select("text.change-label").eachText()).containsExactly("v2");
    // 2.5 days into a 7-day plot 500 px wide starting at x = 44
    assertThat(chart.selectFirst("line.change").attr("x1")).isEqualTo("222.6");
    assertThat(page.selectFirst("details.flag .charts").text())
        .contains("Versions: v1 from 2026-11-15 00:00 UTC; v2 from 2026-11-18 12:00 UTC.");
  }

  @Test
  void contentSecurityPolicyAllowsExactlyTheInlineScriptAndStyleAndNoNetwork() throws Exception {
    Document page = render(model(List.of(plain(healthy("a")))));
    String csp = page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
    assertThat(csp).startsWith("default-src 'none';");
    assertThat(csp).contains("script-src '" + sha256(page.selectFirst("script").data()) + "'");
    assertThat(csp).contains("style-src '" + sha256(page.selectFirst("style").data()) + "'");
    assertThat(page.select("[src], link, [href^=http]")).isEmpty();
  }

  private static String sha256(String text) throws Exception {
    return "sha256-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
