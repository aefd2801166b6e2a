package dev.mlops.core.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Self-contained HTML pages with inline SVG charts: a waterfall for one explanation (from the base
 * value, each contribution as a step, to the prediction) and a bar chart of global importance with
 * its confidence intervals. Every text is escaped; pages carry no JavaScript and a
 * Content-Security-Policy that forbids scripts ({@code script-src 'none'}).
 *
 * <pre>{@code
 * Files.writeString(Path.of("importance.html"), ExplanationHtml.importanceChart(importance));
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ExplanationHtml {
  /** Features shown individually; the rest are summed into one bar. */
  public static final int MAX_BARS = 20;

  private static final int WIDTH = 760;
  private static final int LABEL = 240;
  private static final int ROW = 22;

  private ExplanationHtml() {}

  /**
   * Draws the waterfall chart of one explanation.
   *
   * @param e the explanation
   * @return a complete HTML document
   */
  public static String waterfall(Explanation e) {
    int m = e.features().size();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(e.contributions().get(i))).thenComparing(i -> i));
    List<String> labels = new ArrayList<>();
    List<Double> steps = new ArrayList<>();
    for (int k = 0; k < order.size(); k++) {
      int i = order.get(k);
      if (k < MAX_BARS) {
        String value = e.featureValues().isEmpty() ? "" : " = " + num(e.featureValues().get(i));
        labels.add(e.features().get(i) + value);
        steps.add(e.contributions().get(i));
      } else if (k == MAX_BARS) {
        labels.add((m - MAX_BARS) + " other features");
        steps.add(e.contributions().get(i));
      } else {
        steps.set(MAX_BARS, steps.get(MAX_BARS) + e.contributions().get(i));
      }
    }
    double lo = e.baseValue();
    double hi = e.baseValue();
    double run = e.baseValue();
    for (double s : steps) {
      run += s;
      lo = Math.min(lo, run);
      hi = Math.max(hi, run);
    }
    lo = Math.min(lo, e.prediction());
    hi = Math.max(hi, e.prediction());
    if (hi == lo) {
      hi = lo + 1;
    }
    int rows = steps.size() + 2;
    int height = rows * ROW + 40;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"waterfall\">");
    Scale x = new Scale(lo, hi);
    int y = 10;
    bar(svg, "base value (E[f])", e.baseValue(), x.at(lo), x.at(e.baseValue()), y, "#888888");
    run = e.baseValue();
    for (int k = 0; k < steps.size(); k++) {
      y += ROW;
      double from = run;
      run += steps.get(k);
      String colour = steps.get(k) >= 0 ? "#d6604d" : "#4393c3";
      bar(svg, labels.get(k), steps.get(k), x.at(Math.min(from, run)), x.at(Math.max(from, run)), y, colour);
    }
    y += ROW;
    bar(svg, "prediction f(x)", e.prediction(), x.at(lo), x.at(e.prediction()), y, "#333333");
    axis(svg, x, y + ROW + 4, lo, hi);
    svg.append("</svg>");
    String caption = e.method().id() + " · " + e.output().id() + " · accuracy: " + e.accuracy().kind().id() + " = "
        + num(e.accuracy().value()) + " · additivity error " + num(e.additivityError());
    return page("Explanation of " + e.output().id(), caption, svg.toString());
  }

  /**
   * Draws the bar chart of a global importance with its 95% intervals, most important first.
   *
   * @param g the importance
   * @return a complete HTML document
   */
  public static String importanceChart(GlobalImportance g) {
    List<String> ranking = g.ranking();
    int shown = Math.min(ranking.size(), MAX_BARS * 2);
    double lo = 0;
    double hi = 0;
    for (int k = 0; k < shown; k++) {
      int i = g.features().indexOf(ranking.get(k));
      lo = Math.min(lo, g.lower().get(i));
      hi = Math.max(hi, g.upper().get(i));
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    Scale x = new Scale(lo, hi);
    int height = shown * ROW + 50;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"global importance\">");
    int y = 10;
    for (int k = 0; k < shown; k++) {
      int i = g.features().indexOf(ranking.get(k));
      double v = g.importances().get(i);
      bar(svg, ranking.get(k), v, x.at(Math.min(0, v)), x.at(Math.max(0, v)), y, v >= 0 ? "#2166ac" : "#b2182b");
      int cy = y + ROW / 2 - 1;
      svg.append("<line x1=\"").append(x.at(g.lower().get(i))).append("\" x2=\"").append(x.at(g.upper().get(i)))
          .append("\" y1=\"").append(cy).append("\" y2=\"").append(cy).append("\" stroke=\"#000000\" stroke-width=\"1\"/>");
      y += ROW;
    }
    axis(svg, x, y + 4, lo, hi);
    svg.append("</svg>");
    String caption = g.method().id() + " · " + g.measure() + " · " + g.repeats()
        + (g.method() == ExplanationMethod.PERMUTATION_IMPORTANCE ? " repeats" : " rows") + " · baseline " + num(g.baseline())
        + " · whiskers: 95% confidence interval";
    return page("Global feature importance", caption, svg.toString());
  }

  private static void bar(StringBuilder svg, String label, double value, int x0, int x1, int y, String colour) {
    svg.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
        .append(escape(shorten(label))).append("</text>");
    svg.append("<rect x=\"").append(x0).append("\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(1, x1 - x0))
        .append("\" height=\"").append(ROW - 6).append("\" fill=\"").append(colour).append("\"><title>")
        .append(escape(label + ": " + num(value))).append("</title></rect>");
    svg.append("<text x=\"").append(x1 + 4).append("\" y=\"").append(y + 15).append("\" class=\"v\">").append(escape(num(value)))
        .append("</text>");
  }

  private static void axis(StringBuilder svg, Scale x, int y, double lo, double hi) {
    svg.append("<line x1=\"").append(LABEL).append("\" x2=\"").append(WIDTH - 80).append("\" y1=\"").append(y).append("\" y2=\"")
        .append(y).append("\" stroke=\"#999999\"/>");
    svg.append("<text x=\"").append(LABEL).append("\" y=\"").append(y + 14).append("\" class=\"v\">").append(escape(num(lo)))
        .append("</text>");
    svg.append("<text x=\"").append(WIDTH - 80).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\" class=\"v\">")
        .append(escape(num(hi))).append("</text>");
  }

  private static String page(String title, String caption, String svg) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'none'\">"
        + "<title>" + escape(title) + "</title>"
        + "<style>body{font-family:sans-serif;margin:1.5em}svg text{font-size:12px}svg .v{fill:#444444}</style>"
        + "</head><body><h1>" + escape(title) + "</h1><p>" + escape(caption) + "</p>" + svg + "</body></html>\n";
  }

  private static String shorten(String s) {
    if (s.length() <= 40) {
      return s;
    }
    int cut = Character.isHighSurrogate(s.charAt(38)) ? 38 : 39;
    return s.substring(0, cut) + "…";
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /**
   * Escapes text for HTML and SVG content and attribute values.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Maps values to x pixels. */
  private record Scale(double lo, double hi) {
    int at(double v) {
      return LABEL + (int) Math.round((v - lo) / (hi - lo) * (WIDTH - LABEL - 80));
    }
  }
}
