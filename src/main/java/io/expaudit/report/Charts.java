package io.expaudit.report;

import static io.expaudit.report.Html.esc;

import io.expaudit.report.ReportModel.ConfigVersion;
import io.expaudit.report.ReportModel.DailyUnits;
import io.expaudit.report.ReportModel.FunnelStage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's charts as inline SVG: no script and no library, so they render wherever the page is
 * opened and print as they look. Every label is escaped; long labels are cut with the full text in
 * a {@code <title>} tooltip.
 */
final class Charts {
  /** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. */
  private static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"};
  private static final String GREY = "#9a9a9a";
  private static final int LABEL_WIDTH = 120;
  private static final int MAX_LABEL = 16;

  private Charts() {}

  /** Colours of a flag's variants: fixed by sorted key, grey for no variant. */
  static final class Colours {
    private final Map<String, String> byVariant = new TreeMap<>();

    Colours(Set<String> variants) {
      int i = 0;
      for (String v : new java.util.TreeSet<>(variants)) {
        byVariant.put(v, v.equals(Format.NO_VARIANT) ? GREY : PALETTE[i++ % PALETTE.length]);
      }
    }

    String of(String variant) {
      return byVariant.getOrDefault(variant, GREY);
    }
  }

  /** One bar of a horizontal bar chart. */
  record Bar(String label, double value, String text, String colour) {}

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String label(String text, double x, double y, String anchor, String cssClass) {
    String shown = text.length() > MAX_LABEL ? text.substring(0, MAX_LABEL - 1) + "…" : text;
    StringBuilder s = new StringBuilder("<text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" text-anchor=\"").append(anchor).append('"');
    if (cssClass != null) {
      s.append(" class=\"").append(cssClass).append('"');
    }
    s.append('>');
    if (!shown.equals(text)) {
      s.append("<title>").append(esc(text)).append("</title>");
    }
    return s.append(esc(shown)).append("</text>").toString();
  }

  private static String open(String name, String description, int width, int height) {
    return "<svg class=\"chart\" data-chart=\"" + name + "\" role=\"img\" aria-label=\"" + esc(description)
        + "\" viewBox=\"0 0 " + width + " " + height + "\" width=\"" + width + "\" height=\"" + height
        + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  }

  /**
   * Recomputed (should be) and logged (is) users per variant, two bars per variant on one scale.
   */
  static String expectedVsObserved(Map<String, Long> expected, Map<String, Long> observed, Colours colours) {
    Set<String> variants = new LinkedHashSet<>(new java.util.TreeSet<>(expected.keySet()));
    variants.addAll(new java.util.TreeSet<>(observed.keySet()));
    long max = 1;
    for (String v : variants) {
      max = Math.max(max, Math.max(expected.getOrDefault(v, 0L), observed.getOrDefault(v, 0L)));
    }
    int rowHeight = 36;
    int top = 28;
    int width = 460;
    double barSpace = width - LABEL_WIDTH - 60;
    int height = top + rowHeight * variants.size() + 4;
    StringBuilder s = new StringBuilder(open("expected-vs-observed",
        "Users per variant: recomputed from the configuration versus logged", width, height));
    s.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"6\" width=\"12\" height=\"10\" class=\"expected\"/>")
        .append("<text x=\"").append(LABEL_WIDTH + 16).append("\" y=\"15\">should be (recomputed)</text>")
        .append("<rect x=\"").append(LABEL_WIDTH + 170).append("\" y=\"6\" width=\"12\" height=\"10\" fill=\"#555\"/>")
        .append("<text x=\"").append(LABEL_WIDTH + 186).append("\" y=\"15\">is (logged)</text>");
    int row = 0;
    for (String v : variants) {
      double y = top + row++ * rowHeight;
      long e = expected.getOrDefault(v, 0L);
      long o = observed.getOrDefault(v, 0L);
      s.append(label(v.equals(Format.NO_VARIANT) ? "none/unknown" : v, LABEL_WIDTH - 8, y + 20, "end", null));
      double we = barSpace * e / max;
      double wo = barSpace * o / max;
      s.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(num(y + 3)).append("\" width=\"")
          .append(num(Math.max(we, 0.5))).append("\" height=\"13\" class=\"expected\" stroke=\"")
          .append(colours.of(v)).append("\"><title>").append(esc(Format.variant(v))).append(" should be: ")
          .append(Format.count(e)).append("</title></rect>");
      s.append("<text x=\"").append(num(LABEL_WIDTH + we + 4)).append("\" y=\"").append(num(y + 14))
          .append("\" class=\"value\">").append(Format.count(e)).append("</text>");
      s.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(num(y + 18)).append("\" width=\"")
          .append(num(Math.max(wo, 0.5))).append("\" height=\"13\" fill=\"").append(colours.of(v))
          .append("\"><title>").append(esc(Format.variant(v))).append(" is: ").append(Format.count(o))
          .append("</title></rect>");
      s.append("<text x=\"").append(num(LABEL_WIDTH + wo + 4)).append("\" y=\"").append(num(y + 29))
          .append("\" class=\"value\">").append(Format.count(o)).append(diff(e, o)).append("</text>");
    }
    return s.append("</svg>").toString();
  }

  private static String diff(long expected, long observed) {
    if (expected == observed) {
      return "";
    }
    return String.format(Locale.ROOT, " (%+d)", observed - expected);
  }

  /** Horizontal bars with their value printed after each bar. */
  static String bars(String name, String description, List<Bar> bars, double max) {
    int rowHeight = 24;
    int width = 460;
    double barSpace = width - LABEL_WIDTH - 130;
    int height = rowHeight * bars.size() + 6;
    StringBuilder s = new StringBuilder(open(name, description, width, height));
    double scale = max <= 0 ? 1 : max;
    int row = 0;
    for (Bar b : bars) {
      double y = 4 + row++ * rowHeight;
      double w = barSpace * b.value() / scale;
      s.append(label(b.label(), LABEL_WIDTH - 8, y + 13, "end", null));
      s.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(num(y)).append("\" width=\"")
          .append(num(Math.max(w, 0.5))).append("\" height=\"16\" fill=\"").append(b.colour())
          .append("\"><title>").append(esc(b.label())).append(": ").append(esc(b.text()))
          .append("</title></rect>");
      s.append("<text x=\"").append(num(LABEL_WIDTH + w + 4)).append("\" y=\"").append(num(y + 13))
          .append("\" class=\"value\">").append(esc(b.text())).append("</text>");
    }
    return s.append("</svg>").toString();
  }

  /**
   * Users first seen per UTC day, one line per variant, with a dashed line where each config
   * version was first captured.
   */
  static String daily(List<DailyUnits> days, List<ConfigVersion> versions, Colours colours) {
    LocalDate first = days.get(0).day();
    LocalDate last = days.get(days.size() - 1).day();
    int dayCount = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
    Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
    Set<String> variants = new java.util.TreeSet<>();
    long max = 1;
    for (DailyUnits d : days) {
      byDay.put(d.day(), d.unitsByVariant());
      variants.addAll(d.unitsByVariant().keySet());
      for (long n : d.unitsByVariant().values()) {
        max = Math.max(max, n);
      }
    }
    int width = 560;
    int height = 230;
    int left = 44;
    int right = 16;
    int top = 24;
    int bottom = 200;
    double plotWidth = width - left - right;
    // each day is a slot; its point sits in the middle, so a version captured mid-day falls between
    double slot = plotWidth / dayCount;
    StringBuilder s = new StringBuilder(open("daily-units",
        "New users per day and variant, with configuration changes", width, height));
    for (int t = 0; t <= 2; t++) {
      long value = Math.round(max * t / 2.0);
      double y = bottom - (bottom - top) * (double) value / max;
      s.append("<line x1=\"").append(left).append("\" x2=\"").append(width - right).append("\" y1=\"")
          .append(num(y)).append("\" y2=\"").append(num(y)).append("\" class=\"grid\"/>");
      s.append("<text x=\"").append(left - 4).append("\" y=\"").append(num(y + 4))
          .append("\" text-anchor=\"end\" class=\"value\">").append(Format.count(value)).append("</text>");
    }
    int every = Math.max(1, (int) Math.ceil(dayCount / 10.0));
    for (int i = 0; i < dayCount; i += every) {
      LocalDate day = first.plusDays(i);
      s.append("<text x=\"").append(num(left + slot * (i + 0.5))).append("\" y=\"").append(bottom + 16)
          .append("\" text-anchor=\"middle\" class=\"value\">")
          .append(String.format(Locale.ROOT, "%02d-%02d", day.getMonthValue(), day.getDayOfMonth()))
          .append("</text>");
    }
    Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (ConfigVersion v : versions) {
      if (v.firstSeen().isBefore(start) || !v.firstSeen().isBefore(end)) {
        continue; // listed under the chart
      }
      double x = left + plotWidth * (v.firstSeen().toEpochMilli() - start.toEpochMilli())
          / (double) (end.toEpochMilli() - start.toEpochMilli());
      s.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
          .append(top - 8).append("\" y2=\"").append(bottom).append("\" class=\"change\"><title>config v")
          .append(v.version()).append(" first captured ").append(Format.minute(v.firstSeen()))
          .append("</title></line>");
      s.append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(top - 10)
          .append("\" class=\"change-label\">v").append(v.version()).append("</text>");
    }
    for (String variant : variants) {
      List<String> points = new ArrayList<>();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < dayCount; i++) {
        LocalDate day = first.plusDays(i);
        long n = byDay.getOrDefault(day, Map.of()).getOrDefault(variant, 0L);
        double x = left + slot * (i + 0.5);
        double y = bottom - (bottom - top) * (double) n / max;
        points.add(num(x) + "," + num(y));
        dots.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
            .append("\" r=\"2.5\" fill=\"").append(colours.of(variant)).append("\"><title>")
            .append(esc(Format.variant(variant))).append(", ").append(day).append(": ")
            .append(Format.count(n)).append("</title></circle>");
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours.of(variant))
          .append("\" points=\"").append(String.join(" ", points)).append("\"/>").append(dots);
    }
    return s.append("</svg>").toString();
  }

  /**
   * The SRM funnel: each stage's users as a 100 % bar split by variant, its p-value, and a mark on
   * the first stage whose split breaks (p below alpha): where the fault enters (DESIGN.md, Report).
   */
  static String funnel(List<FunnelStage> stages, double alpha, Colours colours) {
    int rowHeight = 30;
    int width = 560;
    double barSpace = width - LABEL_WIDTH - 150;
    int height = rowHeight * stages.size() + 6;
    StringBuilder s = new StringBuilder(open("funnel", "Users per variant at each funnel stage", width, height));
    boolean marked = false;
    int row = 0;
    for (FunnelStage stage : stages) {
      double y = 4 + row++ * rowHeight;
      long total = stage.unitsByVariant().values().stream().mapToLong(Long::longValue).sum();
      s.append(label(stage.name(), LABEL_WIDTH - 8, y + 15, "end", null));
      double x = LABEL_WIDTH;
      for (Map.Entry<String, Long> e : stage.unitsByVariant().entrySet()) {
        double w = total == 0 ? 0 : barSpace * e.getValue() / total;
        s.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
            .append(num(w)).append("\" height=\"20\" fill=\"").append(colours.of(e.getKey()))
            .append("\"><title>").append(esc(stage.name())).append(", ").append(esc(Format.variant(e.getKey())))
            .append(": ").append(Format.count(e.getValue())).append("</title></rect>");
        x += w;
      }
      String p = stage.pValue() == null ? "not tested" : "p = " + Format.pValue(stage.pValue());
      boolean breaks = stage.pValue() != null && stage.pValue() < alpha;
      s.append("<text x=\"").append(num(LABEL_WIDTH + barSpace + 6)).append("\" y=\"").append(num(y + 15))
          .append("\" class=\"").append(breaks && !marked ? "value breaks" : "value").append("\">")
          .append(Format.count(total)).append(" · ").append(p)
          .append(breaks && !marked ? " · split breaks here" : "").append("</text>");
      marked |= breaks;
    }
    return s.append("</svg>").toString();
  }
}
