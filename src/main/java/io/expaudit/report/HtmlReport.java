package io.expaudit.report;

import static io.expaudit.report.Html.esc;

import io.expaudit.model.Finding;
import io.expaudit.report.FlagStatus.Level;
import io.expaudit.report.ReportModel.FlagReport;
import io.expaudit.report.ReportModel.TimelineEntry;
import io.expaudit.report.ReportModel.WorstUnit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code report.html} (DESIGN.md, Outputs): one self-contained page for people, with no
 * network access at all (a Content-Security-Policy forbids any fetch, and allows only this page's
 * own style and script by hash). A verdict line, a sortable and filterable table of flags, and per
 * flag its status in plain words, what to do next, inline SVG charts, configuration findings and the
 * worst users with their timelines. Every input string is escaped ({@link Html#esc}); the script
 * reads only the page's own attributes, so no data is ever embedded in script.
 */
public final class HtmlReport {
  private static final String STYLE = """
      :root{--broken:#b3261e;--warning:#8a5a00;--ok:#1b6e3a;--line:#d9d9d9;--muted:#5f6368}
      *{box-sizing:border-box}
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f1f1f;margin:0;background:#f6f7f9}
      header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
      header{padding-top:18px}
      h1{font-size:24px;margin:0 0 6px}
      h2{font-size:19px;margin:26px 0 10px}
      h3{font-size:15px;margin:18px 0 6px}
      .verdict{font-size:18px;margin:4px 0 10px}
      .run{color:var(--muted);font-size:13px;margin:0}
      .run span{margin-right:14px;display:inline-block}
      .badge{display:inline-block;min-width:68px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
      .badge.broken{background:var(--broken)}.badge.warning{background:var(--warning)}.badge.ok{background:var(--ok)}
      .sev{font-size:11px;font-weight:600;text-transform:uppercase;border:1px solid;border-radius:4px;padding:0 4px;margin-right:4px}
      .sev.error{color:var(--broken)}.sev.warn{color:var(--warning)}.sev.info{color:var(--muted)}
      .controls{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
      .controls input{font:inherit;padding:4px 8px;width:260px}
      .controls select{font:inherit;padding:3px}
      #shown{color:var(--muted)}
      table{border-collapse:collapse;width:100%;background:#fff}
      th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
      th{background:#eef0f3;font-size:13px;white-space:nowrap}
      th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
      th[aria-sort=ascending] button::after{content:" \\25B2"}
      th[aria-sort=descending] button::after{content:" \\25BC"}
      td.num,th.num{text-align:right;white-space:nowrap}
      td.why{max-width:430px;font-size:13px}
      .more{color:var(--muted)}
      details.flag{background:#fff;border:1px solid var(--line);border-left:6px solid var(--ok);border-radius:6px;margin:10px 0;padding:0 14px}
      details.flag.broken{border-left-color:var(--broken)}details.flag.warning{border-left-color:var(--warning)}
      details.flag>summary{cursor:pointer;padding:10px 0;font-size:16px}
      .key{font-weight:600;overflow-wrap:anywhere}
      #flags a.key{white-space:nowrap}
      .reasons{margin:4px 0 8px;padding-left:20px}
      .figures{color:#333;font-size:14px}
      .todo li{margin-bottom:8px}
      .todo p{margin:2px 0 0;color:#333}
      .charts{display:flex;flex-wrap:wrap;gap:14px}
      figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;background:#fcfcfd;max-width:100%}
      figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
      .note{font-size:12px;color:var(--muted);margin:4px 0 0;max-width:540px}
      svg.chart{display:block;max-width:100%;height:auto;font-size:11px;font-family:inherit}
      svg.chart text{fill:#333}
      svg.chart .value{fill:#444}
      svg.chart .breaks{fill:var(--broken);font-weight:600}
      svg.chart .expected{fill:#fff;stroke-width:2}
      svg.chart rect.expected:not([stroke]){stroke:#555}
      svg.chart .grid{stroke:#e3e3e3}
      svg.chart .change{stroke:#444;stroke-dasharray:4 3}
      svg.chart .change-label{font-weight:600}
      .legend{font-size:12px;margin:4px 0 0}
      .legend span{margin-right:10px;white-space:nowrap}
      .swatch{display:inline-block;width:10px;height:10px;margin-right:3px;vertical-align:baseline}
      .absent{color:var(--muted);font-style:italic}
      .unit{border-top:1px solid var(--line);padding:6px 0}
      .unit>summary{cursor:pointer}
      .timeline td{font-size:12px;padding:3px 6px}
      .timeline tr.bad td{background:#fdecea}
      code{font-size:12px;background:#f0f0f0;padding:0 3px;border-radius:3px;word-break:break-all}
      footer{color:var(--muted);font-size:12px;padding:20px}
      """;

  private static final String SCRIPT = """
      (function () {
        'use strict';
        var table = document.getElementById('flags');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var filter = document.getElementById('filter');
        var status = document.getElementById('status-filter');
        var shown = document.getElementById('shown');
        function apply() {
          var query = filter.value.trim().toLowerCase();
          var wanted = status.value;
          var visible = 0;
          rows.forEach(function (row) {
            var match = (query === '' || row.getAttribute('data-key').toLowerCase().indexOf(query) >= 0)
                && (wanted === '' || row.getAttribute('data-status') === wanted);
            row.hidden = !match;
            var section = document.getElementById(row.getAttribute('data-section'));
            if (section) { section.hidden = !match; }
            if (match) { visible++; }
          });
          shown.textContent = visible + ' of ' + rows.length + ' flags shown';
        }
        filter.addEventListener('input', apply);
        status.addEventListener('change', apply);
        var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
        headers.forEach(function (th, column) {
          var button = th.querySelector('button');
          button.addEventListener('click', function () {
            var direction = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
            var numeric = th.getAttribute('data-type') === 'number';
            headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
            rows.sort(function (a, b) {
              var x = a.cells[column].getAttribute('data-v');
              var y = b.cells[column].getAttribute('data-v');
              var order = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
              return order * direction || (a.getAttribute('data-key') < b.getAttribute('data-key') ? -1 : 1);
            });
            rows.forEach(function (row) { body.appendChild(row); });
            th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
          });
        });
        body.addEventListener('click', function (event) {
          var link = event.target.closest('a[href^="#f-"]');
          if (link) {
            var section = document.getElementById(link.getAttribute('href').substring(1));
            if (section) { section.open = true; }
          }
        });
        apply();
      })();
      """;

  private HtmlReport() {}

  public static String render(ReportModel model) {
    List<FlagReport> flags = new ArrayList<>(model.flags());
    Map<FlagReport, FlagStatus> statuses = new java.util.IdentityHashMap<>();
    flags.forEach(f -> statuses.put(f, FlagStatus.of(f)));
    flags.sort(Comparator.comparing((FlagReport f) -> statuses.get(f).level()).thenComparing(FlagReport::flagKey));
    Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
    statuses.values().forEach(s -> byLevel.merge(s.level(), 1, Integer::sum));

    StringBuilder h = new StringBuilder(256 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
        .append(sha256(STYLE)).append("'; script-src '").append(sha256(SCRIPT)).append("'; img-src data:\">\n")
        .append("<title>Experiment audit: ").append(verdictTitle(byLevel)).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    header(h, model, byLevel, flags.size());
    h.append("<main>\n");
    table(h, flags, statuses);
    h.append("<section id=\"details\">\n<h2>Flag by flag</h2>\n");
    for (int i = 0; i < flags.size(); i++) {
      flag(h, model, flags.get(i), statuses.get(flags.get(i)), i);
    }
    h.append("</section>\n");
    help(h);
    h.append("</main>\n<footer>expaudit · ").append(esc(model.run().semantics())).append(" semantics · Spark ")
        .append(esc(model.run().sparkVersion())).append(" · generated ")
        .append(Format.time(model.run().generatedAt())).append("</footer>\n");
    h.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static String verdictTitle(Map<Level, Integer> byLevel) {
    return byLevel.getOrDefault(Level.BROKEN, 0) + " broken, " + byLevel.getOrDefault(Level.WARNING, 0)
        + " with warnings, " + byLevel.getOrDefault(Level.OK, 0) + " OK";
  }

  private static void header(StringBuilder h, ReportModel model, Map<Level, Integer> byLevel, int total) {
    ReportModel.Run run = model.run();
    ReportModel.Input in = model.input();
    int broken = byLevel.getOrDefault(Level.BROKEN, 0);
    int warning = byLevel.getOrDefault(Level.WARNING, 0);
    int ok = byLevel.getOrDefault(Level.OK, 0);
    h.append("<header>\n<h1>Experiment audit</h1>\n<p class=\"verdict\" id=\"verdict\">");
    if (total == 0) {
      h.append("No flag appears in these events.");
    } else {
      h.append("<strong>").append(broken).append(" of ").append(total).append(total == 1 ? " flag is" : " flags are")
          .append(" broken</strong>, ").append(warning).append(warning == 1 ? " needs" : " need")
          .append(" attention, ").append(ok).append(ok == 1 ? " looks" : " look").append(" healthy.");
    }
    h.append("</p>\n<p class=\"run\">");
    h.append("<span>Flags: <code>").append(esc(run.flagsPath())).append("</code> (").append(run.snapshots())
        .append(run.snapshots() == 1 ? " snapshot)" : " snapshots)").append("</span>");
    h.append("<span>Events: <code>").append(esc(run.eventsPath())).append("</code> (")
        .append(Format.count(run.eventFiles())).append(" files, ").append(Format.count(in.rowsRead()))
        .append(" rows; ").append(Format.count(in.rowsQuarantined())).append(" rejected as malformed, ")
        .append(Format.count(in.duplicatesDropped())).append(" duplicates dropped");
    if (in.rowsOutsideWindow() > 0) {
      h.append(", ").append(Format.count(in.rowsOutsideWindow())).append(" outside the window");
    }
    h.append(")</span>");
    h.append("<span>Window: ").append(run.from() == null && run.to() == null ? "all events"
        : (run.from() == null ? "start" : Format.time(run.from())) + " to "
            + (run.to() == null ? "end" : Format.time(run.to()))).append("</span>");
    if (run.cohortsPath() != null) {
      h.append("<span>Cohorts: <code>").append(esc(run.cohortsPath())).append("</code></span>");
    }
    h.append("<span>Generated ").append(Format.time(run.generatedAt())).append("</span>");
    h.append("</p>\n</header>\n");
  }

  private static void table(StringBuilder h, List<FlagReport> flags, Map<FlagReport, FlagStatus> statuses) {
    h.append("<section id=\"overview\">\n<h2>Flags</h2>\n<div class=\"controls\">")
        .append("<label>Find a flag <input id=\"filter\" type=\"search\" placeholder=\"part of a flag key\" autocomplete=\"off\"></label>")
        .append("<label>Status <select id=\"status-filter\"><option value=\"\">all</option>");
    for (Level level : Level.values()) {
      h.append("<option value=\"").append(level.cssClass()).append("\">").append(level.label()).append("</option>");
    }
    h.append("</select></label><span id=\"shown\">").append(flags.size()).append(" flags</span></div>\n");
    h.append("<table id=\"flags\">\n<thead><tr>")
        .append(th("Status", "number", false)).append(th("Flag", "text", false)).append(th("Why", "text", false))
        .append(th("Users", "number", true)).append(th("Logged = should be", "number", true))
        .append(th("By chance", "number", true)).append(th("Switched variant", "number", true))
        .append(th("Errors", "number", true)).append(th("Warnings", "number", true))
        .append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < flags.size(); i++) {
      FlagReport f = flags.get(i);
      FlagSummary s = f.summary();
      FlagStatus status = statuses.get(f);
      long[] counts = severityCounts(f);
      Double agreement = s.agreementRate();
      double jumpRate = s.units == 0 ? 0 : (double) s.jumpers / s.units;
      h.append("<tr data-key=\"").append(esc(f.flagKey())).append("\" data-status=\"")
          .append(status.level().cssClass()).append("\" data-section=\"f-").append(i).append("\">");
      h.append("<td data-v=\"").append(status.level().ordinal()).append("\"><span class=\"badge ")
          .append(status.level().cssClass()).append("\">").append(status.level().label()).append("</span></td>");
      h.append("<td data-v=\"").append(esc(f.flagKey())).append("\"><a class=\"key\" href=\"#f-").append(i).append("\">")
          .append(esc(f.flagKey())).append("</a></td>");
      String why = status.reasons().get(0);
      h.append("<td class=\"why\" data-v=\"").append(esc(why)).append("\">").append(esc(why));
      if (status.reasons().size() > 1) {
        h.append(" <span class=\"more\">(+").append(status.reasons().size() - 1).append(" more)</span>");
      }
      h.append("</td>");
      h.append(numCell(s.units, Format.count(s.units)));
      h.append(numCell(agreement == null ? -1 : agreement, Format.percent(agreement)));
      h.append(numCell(s.chanceAgreement == null ? -1 : s.chanceAgreement, Format.percent(s.chanceAgreement)));
      h.append(numCell(jumpRate, Format.count(s.jumpers) + " (" + Format.percent(jumpRate) + ")"));
      h.append(numCell(counts[0], Format.count(counts[0]))).append(numCell(counts[1], Format.count(counts[1])));
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static String th(String label, String type, boolean numeric) {
    return "<th data-type=\"" + type + "\"" + (numeric ? " class=\"num\"" : "") + "><button type=\"button\">"
        + label + "</button></th>";
  }

  private static String numCell(double sortValue, String text) {
    return "<td class=\"num\" data-v=\"" + String.format(Locale.ROOT, "%s", sortValue) + "\">" + esc(text) + "</td>";
  }

  /** Findings at ERROR and at WARN, unit- and flag-level. */
  private static long[] severityCounts(FlagReport f) {
    long[] counts = new long[2];
    FlagSummary s = f.summary();
    s.findings.forEach((check, causes) -> causes.forEach((cause, n) -> {
      String severity = s.severities.getOrDefault(check, Map.of()).getOrDefault(cause, "ERROR");
      if (severity.equals("ERROR")) {
        counts[0] += n;
      } else if (severity.equals("WARN")) {
        counts[1] += n;
      }
    }));
    for (Finding finding : f.flagFindings()) {
      switch (finding.severity()) {
        case ERROR -> counts[0]++;
        case WARN -> counts[1]++;
        default -> { }
      }
    }
    return counts;
  }

  private static void flag(StringBuilder h, ReportModel model, FlagReport f, FlagStatus status, int index) {
    FlagSummary s = f.summary();
    String css = status.level().cssClass();
    h.append("<details class=\"flag ").append(css).append("\" id=\"f-").append(index).append("\" data-key=\"")
        .append(esc(f.flagKey())).append('"').append(status.level() == Level.OK ? "" : " open").append(">\n");
    h.append("<summary><span class=\"badge ").append(css).append("\">").append(status.level().label())
        .append("</span> <span class=\"key\">").append(esc(f.flagKey())).append("</span></summary>\n");
    StringBuilder todo = new StringBuilder();
    Set<String> explained = todo(todo, f);
    // reasons the to-do list does not already state (it states every finding's)
    List<String> others = status.reasons().stream().filter(r -> !explained.contains(r)).toList();
    if (!others.isEmpty()) {
      h.append("<ul class=\"reasons\">");
      others.forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
      h.append("</ul>\n");
    }
    h.append("<p class=\"figures\">").append(esc(figures(s))).append("</p>\n").append(todo);
    Set<String> variants = new HashSet<>(s.expected.keySet());
    variants.addAll(s.observed.keySet());
    f.daily().forEach(d -> variants.addAll(d.unitsByVariant().keySet()));
    f.funnel().forEach(st -> variants.addAll(st.unitsByVariant().keySet()));
    Charts.Colours colours = new Charts.Colours(variants);
    h.append("<div class=\"charts\">\n");
    h.append("<figure><figcaption>Users per variant: should be vs is</figcaption>");
    if (s.expected.isEmpty() && s.observed.isEmpty()) {
      h.append("<p class=\"absent\">No user of this flag.</p>");
    } else {
      h.append(Charts.expectedVsObserved(s.expected, s.observed, colours));
    }
    h.append("<p class=\"note\">Should be: the variant recomputed from the configuration with Amplitude's"
        + " algorithm, at each user's first assignment. Is: the first variant the user's events logged."
        + " None/unknown: no variant, or none could be recomputed (a config version no snapshot holds).</p></figure>\n");
    jumps(h, s, colours);
    h.append("<figure><figcaption>New users per day (UTC), by logged variant</figcaption>");
    if (f.daily().isEmpty()) {
      h.append("<p class=\"absent\">No daily figures in this run.</p>");
    } else {
      Set<String> dailyVariants = new java.util.TreeSet<>();
      f.daily().forEach(d -> dailyVariants.addAll(d.unitsByVariant().keySet()));
      h.append(Charts.daily(f.daily(), f.configVersions(), colours)).append(legend(colours, dailyVariants));
    }
    if (!f.configVersions().isEmpty()) {
      h.append("<p class=\"note\">Dashed lines: a configuration version first captured. Versions: ");
      List<String> versions = new ArrayList<>();
      f.configVersions().forEach(v -> versions.add("v" + v.version() + " from " + Format.minute(v.firstSeen())));
      h.append(esc(String.join("; ", versions))).append(".</p>");
    }
    h.append("</figure>\n");
    h.append("<figure><figcaption>Split at each stage (sample ratio)</figcaption>");
    if (f.funnel().isEmpty()) {
      h.append("<p class=\"absent\" data-section=\"funnel\">Not computed in this run: the sample-ratio"
          + " test per stage (recomputed, assigned, exposed, analysed) is not part of this audit yet.</p>");
    } else {
      h.append(Charts.funnel(f.funnel(), model.alpha(), colours)).append(legend(colours, variants));
      h.append("<p class=\"note\">The first stage whose split is off (p below ")
          .append(Format.pValue(model.alpha())).append(") shows where users are lost or misassigned.</p>");
    }
    h.append("</figure>\n");
    h.append("</div>\n");
    lints(h, model, f);
    worstUnits(h, f);
    h.append("</details>\n");
  }

  private static String figures(FlagSummary s) {
    StringBuilder t = new StringBuilder(Format.count(s.units)).append(s.units == 1 ? " user. " : " users. ");
    if (s.verifiedUnits == 0) {
      t.append("No user's variant could be checked. ");
    } else {
      t.append(Format.percent(s.agreementRate())).append(" of the ").append(Format.count(s.verifiedUnits))
          .append(" users that could be checked were logged in the variant the configuration gives them");
      if (s.chanceAgreement != null) {
        t.append(" (a random split would match ").append(Format.percent(s.chanceAgreement)).append(')');
      }
      t.append(". ");
    }
    t.append(Format.count(s.jumpers)).append(s.jumpers == 1 ? " user" : " users").append(" switched variant (")
        .append(Format.percent(s.units == 0 ? 0.0 : (double) s.jumpers / s.units)).append(").");
    if (s.unverifiableUnits > 0) {
      t.append(' ').append(Format.count(s.unverifiableUnits))
          .append(" depend on cohort membership and were not checked (pass --cohorts).");
    }
    return t.toString();
  }

  /** Writes the to-do list; returns its sentences as {@link FlagStatus} words them. */
  private static Set<String> todo(StringBuilder h, FlagReport f) {
    record Item(int rank, long count, String severity, Advice advice, String what) {}
    List<Item> items = new ArrayList<>();
    FlagSummary s = f.summary();
    s.findings.forEach((check, causes) -> causes.forEach((cause, n) -> {
      String severity = s.severities.getOrDefault(check, Map.of()).getOrDefault(cause, "ERROR");
      Advice advice = Advice.of(check, cause.equals("(none)") ? null : cause);
      items.add(new Item(FlagSummary.rank(severity), n, severity, advice, advice.what(n)));
    }));
    for (Finding finding : f.flagFindings()) {
      Advice advice = Advice.of(finding.check(), finding.cause());
      items.add(new Item(FlagSummary.rank(finding.severity().name()), 0, finding.severity().name(), advice,
          advice.what(1)));
    }
    items.sort(Comparator.comparingInt(Item::rank).reversed()
        .thenComparing(Comparator.comparingLong(Item::count).reversed()));
    if (items.isEmpty()) {
      h.append("<h3>What to do next</h3>\n<p>Nothing: keep the audit running on a schedule to catch"
          + " regressions.</p>\n");
      return Set.of();
    }
    h.append("<h3>What is wrong, and what to do next</h3>\n");
    h.append("<ol class=\"todo\">");
    Set<String> seen = new HashSet<>();
    Set<String> sentences = new HashSet<>();
    for (Item item : items) {
      if (!seen.add(item.what())) {
        continue;
      }
      sentences.add(Character.toUpperCase(item.what().charAt(0)) + item.what().substring(1) + ".");
      h.append("<li>").append(severityBadge(item.severity())).append("<strong>").append(esc(item.advice().title()))
          .append("</strong>: ").append(esc(item.what())).append(".<p>").append(esc(item.advice().todo()))
          .append("</p></li>");
    }
    h.append("</ol>\n");
    return sentences;
  }

  private static String severityBadge(String severity) {
    String css = severity.toLowerCase(Locale.ROOT);
    return "<span class=\"sev " + esc(css) + "\">" + esc(css) + "</span> ";
  }

  private static void jumps(StringBuilder h, FlagSummary s, Charts.Colours colours) {
    h.append("<figure><figcaption>Users switching variants</figcaption>");
    Map<String, Long> causes = s.findings.getOrDefault("VARIANT_JUMP", Map.of());
    if (s.jumpers == 0 && causes.isEmpty()) {
      h.append("<p class=\"absent\">No user was logged in two different variants.</p>");
    } else {
      List<Charts.Bar> byCause = new ArrayList<>();
      long max = 0;
      for (Map.Entry<String, Long> e : causes.entrySet()) {
        byCause.add(new Charts.Bar(e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '), e.getValue(),
            Format.count(e.getValue()), "#555"));
        max = Math.max(max, e.getValue());
      }
      h.append("<p class=\"note\">By cause (users):</p>")
          .append(Charts.bars("jumps-by-cause", "Users switching variants, by cause", byCause, max));
    }
    if (!s.unitsByFirstVariant.isEmpty() && s.jumpers > 0) {
      List<Charts.Bar> byFirst = new ArrayList<>();
      double max = 0;
      for (Map.Entry<String, Long> e : s.unitsByFirstVariant.entrySet()) {
        long jumped = s.jumpersByFirstVariant.getOrDefault(e.getKey(), 0L);
        double rate = (double) jumped / e.getValue();
        byFirst.add(new Charts.Bar(e.getKey(), rate, Format.percent(rate) + " (" + Format.count(jumped) + " of "
            + Format.count(e.getValue()) + ")", colours.of(e.getKey())));
        max = Math.max(max, rate);
      }
      h.append("<p class=\"note\">Share that switched, by first variant:</p>")
          .append(Charts.bars("jumps-by-first-variant", "Share of users that switched, by first variant", byFirst, max));
    }
    h.append("</figure>\n");
  }

  private static String legend(Charts.Colours colours, Set<String> variants) {
    StringBuilder l = new StringBuilder("<p class=\"legend\">");
    for (String v : new java.util.TreeSet<>(variants)) {
      l.append("<span><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"")
          .append(colours.of(v)).append("\"/></svg>").append(esc(Format.variant(v))).append("</span>");
    }
    return l.append("</p>").toString();
  }

  private static void lints(StringBuilder h, ReportModel model, FlagReport f) {
    h.append("<h3>Configuration checks</h3>\n");
    if (f.flagFindings().isEmpty()) {
      h.append("<p class=\"absent\" data-section=\"lints\">");
      if (model.flagLevelChecks().isEmpty()) {
        h.append("The configuration lints did not run in this audit; <code>expaudit lint-config --flags")
            .append(" &lt;snapshots&gt;</code> runs them.");
      } else {
        h.append("No configuration finding for this flag (checked: ")
            .append(esc(String.join(", ", model.flagLevelChecks()))).append(").");
      }
      h.append("</p>\n");
      return;
    }
    h.append("<table class=\"lints\"><thead><tr><th>Severity</th><th>Check</th><th>What</th><th>Detail</th></tr></thead><tbody>");
    for (Finding finding : f.flagFindings()) {
      Advice advice = Advice.of(finding.check(), finding.cause());
      h.append("<tr><td>").append(severityBadge(finding.severity().name())).append("</td><td><code>")
          .append(esc(finding.check())).append("</code>");
      if (finding.cause() != null) {
        h.append(" <code>").append(esc(finding.cause())).append("</code>");
      }
      h.append("</td><td>").append(esc(advice.what(1))).append("</td><td>").append(esc(finding.detail()));
      if (finding.flagVersion() != null) {
        h.append(" (v").append(finding.flagVersion()).append(')');
      }
      if (finding.pValue() != null) {
        h.append(" p = ").append(Format.pValue(finding.pValue()));
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table>\n");
  }

  private static void worstUnits(StringBuilder h, FlagReport f) {
    if (f.worstUnits().isEmpty()) {
      return;
    }
    h.append("<h3>Users with the worst findings</h3>\n");
    for (WorstUnit u : f.worstUnits()) {
      h.append("<details class=\"unit\"><summary><code>").append(esc(u.unitId())).append("</code> ");
      List<String> what = new ArrayList<>();
      for (Finding finding : u.findings()) {
        what.add(Advice.of(finding.check(), finding.cause()).title().toLowerCase(Locale.ROOT)
            + (finding.cause() == null ? "" : " (" + finding.cause().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
      }
      h.append(esc(String.join(", ", new java.util.LinkedHashSet<>(what)))).append("</summary>\n");
      h.append("<p class=\"note\">user id <code>").append(esc(u.userId())).append("</code> · device id <code>")
          .append(esc(u.deviceId())).append("</code> · amplitude id <code>").append(esc(u.amplitudeId()))
          .append("</code></p><ul>");
      for (Finding finding : u.findings()) {
        h.append("<li>").append(severityBadge(finding.severity().name())).append("<code>").append(esc(finding.check()))
            .append("</code> <code>").append(esc(finding.cause())).append("</code>: ")
            .append(esc(finding.detail())).append(" <span class=\"more\">(")
            .append(Format.count(finding.events())).append(finding.events() == 1 ? " event, " : " events, ")
            .append(Format.time(instant(finding.firstSeen()))).append(" to ")
            .append(Format.time(instant(finding.lastSeen()))).append(")</span></li>");
      }
      h.append("</ul>\n");
      timeline(h, u);
      h.append("</details>\n");
    }
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static void timeline(StringBuilder h, WorstUnit u) {
    if (u.timeline().isEmpty()) {
      h.append("<p class=\"absent\" data-section=\"timeline\">The event timeline of this user was not kept"
          + " in this run; the findings above give the first and last event involved.</p>\n");
      return;
    }
    h.append("<table class=\"timeline\"><thead><tr><th>When</th><th>Event</th><th>Variant the event logged</th>")
        .append("<th>User property</th><th>Should be</th><th>Config</th><th>Problem</th></tr></thead><tbody>");
    for (TimelineEntry e : u.timeline()) {
      h.append(e.mismatch() == null ? "<tr>" : "<tr class=\"bad\">");
      h.append("<td>").append(Format.time(e.time()));
      if (e.events() > 1) {
        h.append(" to ").append(Format.time(e.lastTime()));
      }
      h.append("</td><td>").append(esc(e.eventType()));
      if (e.events() > 1) {
        h.append(" and ").append(e.events() - 1).append(e.events() == 2 ? " more event" : " more events");
      }
      h.append("</td><td>");
      if (e.loggedBy() != null) {
        h.append(esc(e.loggedBy().toLowerCase(Locale.ROOT))).append(": ")
            .append(esc(e.loggedVariant() == null ? "no variant" : e.loggedVariant()));
      }
      h.append("</td><td>").append(e.property() == null ? "<span class=\"absent\">missing</span>" : esc(e.property()))
          .append("</td><td>").append(esc(expectation(e))).append("</td><td>")
          .append(e.configVersion() == null ? "" : "v" + e.configVersion()).append("</td><td>")
          .append(e.mismatch() == null ? "" : esc(e.mismatch().toLowerCase(Locale.ROOT).replace('_', ' ')))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
    if (u.timelineOmitted() > 0) {
      h.append("<p class=\"note\">").append(Format.count(u.timelineOmitted())).append(" later entries not shown.</p>");
    }
    h.append('\n');
  }

  private static String expectation(TimelineEntry e) {
    String status = e.expectation() == null ? "VERIFIED" : e.expectation();
    return switch (status) {
      case "VERIFIED" -> e.expectedVariant() == null ? "no variant" : e.expectedVariant();
      case "NOT_SERVED" -> "no variant (flag not served)";
      case "VERSION_UNKNOWN" -> "unknown: version in no snapshot";
      case "BEFORE_HISTORY" -> "unknown: before the first snapshot";
      case "UNVERIFIABLE" -> "unknown: depends on a cohort";
      default -> status.toLowerCase(Locale.ROOT);
    };
  }

  private static void help(StringBuilder h) {
    h.append("<section id=\"help\">\n<h2>How to read this report</h2>\n<ul>")
        .append("<li><strong>Broken</strong>: at least one error. Users got a variant the configuration does not"
            + " give them, or switched variant for no visible reason: the experiment's results are biased until"
            + " it is fixed or those users are excluded.</li>")
        .append("<li><strong>Warning</strong>: problems that cost data or need a decision (users switching"
            + " after a configuration change, exposures without a variant, versions nobody captured), or"
            + " nothing could be checked.</li>")
        .append("<li><strong>OK</strong>: every checked user was logged in the variant the configuration gives"
            + " them, nobody switched, and no experiment property went missing.</li>")
        .append("<li><strong>Logged = should be</strong>: among users with an assignment or exposure event,"
            + " the share whose logged variant equals the one recomputed from the configuration with"
            + " Amplitude's algorithm. <strong>By chance</strong> is what a random split would match; a"
            + " healthy flag is at 100 %.</li>")
        .append("<li>The files next to this page hold the details: <code>summary.json</code> (per-flag"
            + " figures) and <code>findings/</code> (one row per user and problem).</li>")
        .append("</ul>\n</section>\n");
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
