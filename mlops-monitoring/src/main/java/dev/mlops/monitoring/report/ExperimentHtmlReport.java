package dev.mlops.monitoring.report;

import dev.mlops.monitoring.experiment.BayesianComparison;
import dev.mlops.monitoring.experiment.CanaryEvent;
import dev.mlops.monitoring.experiment.Comparison;
import dev.mlops.monitoring.experiment.Cuped;
import dev.mlops.monitoring.experiment.ExperimentSummary;
import dev.mlops.monitoring.experiment.GuardrailResult;
import dev.mlops.monitoring.experiment.LiftEstimate;
import dev.mlops.monitoring.experiment.SampleRatioMismatch;
import dev.mlops.monitoring.experiment.SampleSummary;
import dev.mlops.monitoring.experiment.SequentialTest;
import dev.mlops.monitoring.experiment.VariantSummary;
import dev.mlops.monitoring.experiment.Verdict;
import dev.mlops.registry.routing.AliasMove;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Renders an A/B (or A/B/n) experiment's {@link ExperimentSummary} as a self-contained HTML page:
 * the verdict and why, each variant's samples and means or rates, each treatment's lift over the
 * control with its intervals (and a chart of the difference intervals), the sample-ratio check, the
 * always-valid sequential test, CUPED, the Bayesian summary, the guardrails and, when given, the
 * canary controller's events.
 *
 * <pre>{@code
 * ExperimentSummary summary = experiment.summary();                  // one look
 * Path page = ExperimentHtmlReport.write(summary, Path.of("experiment.html"));
 * // with a canary: the events of CanaryController.history() become a table
 * ExperimentHtmlReport.write(summary, canary.history(), Path.of("canary.html"));
 * }</pre>
 *
 * <p><b>What it shows.</b> Only what the summary carries: no statistic is computed here. The one
 * derived figure is each variant's standard error of the mean, {@code sqrt(p(1 - p) / n)} for a
 * conversion rate and {@code sqrt(variance / n)} for a mean (the variance the comparisons' intervals
 * are built from), shown as {@code mean ± s.e.}; confidence intervals are those of the comparisons
 * (difference, relative lift, CUPED-adjusted difference), at their recorded confidence level. The
 * "why" lists the evidence behind the verdict in the order {@link dev.mlops.monitoring.experiment.Experiment}
 * decides it: the sample-ratio check, then guardrails, then the sequential test. Consecutive canary
 * events with the same action at the same step are shown as one row (with their count and the last
 * event's reason), so a long run of "collecting" looks stays one line.
 *
 * <p><b>Numbers that are not numbers.</b> The library's summaries carry no NaN, but the records can
 * be built by hand. A NaN is never printed as {@code NaN}: its cell reads "undefined" (marked), and a
 * warning at the top of the page names every field that was NaN. Infinities print as {@code ∞} and
 * {@code -∞} (the sequential test's log likelihood ratio is {@code -∞} on a look without evidence).
 *
 * <p><b>Safety.</b> As {@link HtmlReport}: every text (experiment, variant, guardrail, model and
 * alias names, reasons) is HTML-escaped, the page has no JavaScript and no external resource, and it
 * declares {@link HtmlReport#CONTENT_SECURITY_POLICY}. Stateless and thread-safe (each call renders
 * into its own buffer; the summary and events are immutable).
 */
public final class ExperimentHtmlReport {
  private static final int CHART_W = 640;
  private static final int LABEL_W = 190;
  private static final int ROW_H = 26;
  private static final String ALARM = String.valueOf(SampleRatioMismatch.ALARM_P);

  private ExperimentHtmlReport() {}

  /**
   * Renders the page for one look at an experiment.
   *
   * @param summary the experiment's summary
   * @return the HTML text
   * @throws NullPointerException if summary is null
   */
  public static String render(ExperimentSummary summary) {
    return render(summary, List.of());
  }

  /**
   * Renders the page for one look at an experiment and the canary controller's events.
   *
   * @param summary the experiment's summary (usually the last event's, or a fresh look)
   * @param canaryEvents the controller's events in order ({@code CanaryController.history()}); empty
   *     for an experiment without a canary
   * @return the HTML text
   * @throws NullPointerException if an argument or an event is null
   */
  public static String render(ExperimentSummary summary, List<CanaryEvent> canaryEvents) {
    Objects.requireNonNull(summary, "summary");
    List<CanaryEvent> events = List.copyOf(canaryEvents);
    Page p = new Page();
    verdict(p, summary, events);
    variants(p, summary);
    lift(p, summary);
    sampleRatio(p, summary);
    sequential(p, summary);
    cuped(p, summary);
    bayesian(p, summary);
    guardrails(p, summary);
    if (!events.isEmpty()) {
      canary(p, events);
    }
    return p.page(summary.experiment());
  }

  /**
   * Renders the page and writes it as UTF-8, replacing the file atomically (a temporary file in the
   * same directory, fsynced and renamed over it: readers see the old page or the new one, never a
   * part). Missing parent directories are created.
   *
   * @param summary the experiment's summary
   * @param file the file to write
   * @return the file
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the file cannot be written; it is then unchanged
   */
  public static Path write(ExperimentSummary summary, Path file) {
    return write(summary, List.of(), file);
  }

  /**
   * Renders the page with the canary controller's events and writes it as {@link #write(ExperimentSummary,
   * Path)} does.
   *
   * @param summary the experiment's summary
   * @param canaryEvents the controller's events in order; may be empty
   * @param file the file to write
   * @return the file
   * @throws NullPointerException if an argument or an event is null
   * @throws UncheckedIOException if the file cannot be written; it is then unchanged
   */
  public static Path write(ExperimentSummary summary, List<CanaryEvent> canaryEvents, Path file) {
    Objects.requireNonNull(file, "file");
    return Html.write(render(summary, canaryEvents), file);
  }

  // ---------------------------------------------------------------- sections

  private static void verdict(Page p, ExperimentSummary s, List<CanaryEvent> events) {
    StringBuilder b = p.body;
    b.append("<h1>A/B experiment report: ").append(esc(s.experiment())).append("</h1>\n");
    b.append("<p class=\"note\">Control: <b>")
        .append(s.variants().isEmpty() ? "—" : esc(s.variants().get(0).name())).append("</b>; treatments: ");
    List<String> treatments = new ArrayList<>();
    for (int i = 1; i < s.variants().size(); i++) {
      treatments.add(esc(s.variants().get(i).name()));
    }
    b.append(treatments.isEmpty() ? "—" : String.join(", ", treatments)).append(".</p>\n");
    b.append("<p class=\"verdict ").append(verdictClass(s.verdict())).append("\">Verdict: <code>")
        .append(s.verdict().name()).append("</code> — ").append(verdictText(s.verdict())).append("</p>\n");
    p.markWarningSlot();
    b.append("<section id=\"why\">\n<h2>Why</h2>\n<ul>\n");
    SampleRatioMismatch.Result srm = s.sampleRatio();
    b.append("<li>");
    if (srm.mismatch()) {
      b.append("<b>The sample-ratio check fails</b>: chi-square ").append(p.num(srm.chiSquare(), "sample ratio chi-square"))
          .append(" with ").append(dof(srm.degreesOfFreedom())).append(", p ")
          .append(p.num(srm.pValue(), "sample ratio p-value")).append(" (alarm below ")
          .append(ALARM).append("). The exposures do not match the configured "
              + "weights, so the experiment gives no verdict, and no promotion or rollback, until the assignment or "
              + "its logging is fixed (routing goes on).");
    } else {
      b.append("The sample-ratio check passes: chi-square ").append(p.num(srm.chiSquare(), "sample ratio chi-square"))
          .append(", p ").append(p.num(srm.pValue(), "sample ratio p-value")).append(" (alarm below ")
          .append(ALARM).append(").");
    }
    b.append("</li>\n");
    for (Comparison c : s.comparisons()) {
      String t = esc(c.treatment());
      for (GuardrailResult g : c.guardrails()) {
        if (g.breached()) {
          b.append("<li><b>").append(t).append(" breaches the guardrail ").append(esc(g.guardrail()))
              .append("</b>: degradation ").append(p.num(g.degradation(), "guardrail degradation"))
              .append(" against a margin of ").append(p.num(g.margin(), "guardrail margin"))
              .append(" (always-valid p ").append(p.num(g.alwaysValidP(), "guardrail always-valid p")).append(").</li>\n");
        }
      }
      SequentialTest.Result q = c.sequential();
      b.append("<li>").append(t).append(": ");
      if (q.rejected()) {
        b.append("the always-valid sequential test (mSPRT) rejected “no difference” with the control: difference ")
            .append(p.num(q.difference(), "sequential difference")).append(", always-valid p ")
            .append(p.num(q.alwaysValidP(), "sequential always-valid p")).append(" after ").append(q.looks())
            .append(q.looks() == 1 ? " look." : " looks.");
      } else {
        b.append("the always-valid sequential test (mSPRT) has not rejected “no difference” with the control "
            + "(always-valid p ").append(p.num(q.alwaysValidP(), "sequential always-valid p")).append(" after ")
            .append(q.looks()).append(q.looks() == 1 ? " look)." : " looks).");
        c.fixedHorizon().filter(LiftEstimate::significant).ifPresent(e -> b.append(" Its fixed-horizon p (")
            .append(p.num(e.pValue(), "fixed-horizon p")).append(") is below ")
            .append(p.num(1 - e.confidence(), "fixed-horizon level"))
            .append(", but that test is valid only at one pre-planned look; the verdict follows the sequential test."));
      }
      b.append(" Verdict for ").append(t).append(": <code>").append(c.verdict().name()).append("</code>");
      if (srm.mismatch()) {
        b.append(" (blocked by the sample-ratio check)");
      }
      b.append(".</li>\n");
    }
    if (s.comparisons().isEmpty()) {
      b.append("<li>The summary compares no treatment with the control.</li>\n");
    }
    if (!events.isEmpty()) {
      CanaryEvent last = events.get(events.size() - 1);
      b.append("<li>Canary: last action <code>").append(last.action().name()).append("</code> at step ")
          .append(last.step()).append(" (").append(p.num(last.canaryPercent(), "canary percent"))
          .append("% of traffic): ").append(esc(last.reason())).append(".</li>\n");
    }
    b.append("</ul>\n</section>\n");
  }

  private static void variants(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    List<VariantSummary> vs = s.variants();
    boolean conversions = vs.stream().anyMatch(v -> v.trials() > 0);
    boolean metric = vs.stream().anyMatch(v -> v.metric().n() > 0);
    boolean calls = vs.stream().anyMatch(v -> v.calls() > 0);
    boolean latency = vs.stream().anyMatch(v -> v.latencyMillis().n() > 0);
    boolean quality = vs.stream().anyMatch(v -> v.quality().n() > 0);
    b.append("<section id=\"variants\">\n<h2>Variants</h2>\n<table>\n<thead><tr><th>Variant</th><th>Exposures</th>");
    if (conversions) {
      b.append("<th>Conversions / units</th><th>Conversion rate ± s.e.</th>");
    }
    if (metric) {
      b.append("<th>Metric n</th><th>Metric mean ± s.e.</th><th>Metric std. dev.</th>");
    }
    if (calls) {
      b.append("<th>Errors / calls</th><th>Error rate</th>");
    }
    if (latency) {
      b.append("<th>Mean latency (ms)</th>");
    }
    if (quality) {
      b.append("<th>Quality n</th><th>Mean quality ± s.e.</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < vs.size(); i++) {
      VariantSummary v = vs.get(i);
      b.append("<tr><td>").append(esc(v.name())).append(i == 0 ? " <span class=\"note\">(control)</span>" : "")
          .append("</td><td>").append(v.exposures()).append("</td>");
      if (conversions) {
        b.append("<td>").append(v.conversions()).append(" / ").append(v.trials()).append("</td><td>");
        if (v.trials() > 0) {
          double rate = v.conversions() / (double) v.trials();
          b.append(p.num(rate, "conversion rate")).append(" ± ")
              .append(p.num(Math.sqrt(rate * (1 - rate) / v.trials()), "conversion rate s.e."));
        } else {
          b.append("—");
        }
        b.append("</td>");
      }
      if (metric) {
        SampleSummary m = v.metric();
        b.append("<td>").append(m.n()).append("</td><td>").append(meanAndError(p, m, "metric")).append("</td><td>")
            .append(m.n() >= 2 ? p.num(Math.sqrt(m.variance()), "metric std. dev.") : "—").append("</td>");
      }
      if (calls) {
        b.append("<td>").append(v.errors()).append(" / ").append(v.calls()).append("</td><td>")
            .append(v.calls() > 0 ? p.num(v.errors() / (double) v.calls(), "error rate") : "—").append("</td>");
      }
      if (latency) {
        b.append("<td>").append(v.latencyMillis().n() > 0 ? p.num(v.latencyMillis().mean(), "mean latency") : "—")
            .append("</td>");
      }
      if (quality) {
        b.append("<td>").append(v.quality().n()).append("</td><td>").append(meanAndError(p, v.quality(), "quality"))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n<p class=\"note\">s.e.: the standard error of the mean (rate), "
        + "the spread the comparisons' intervals below are built from.</p>\n</section>\n");
  }

  private static String meanAndError(Page p, SampleSummary m, String what) {
    if (m.n() == 0) {
      return "—";
    }
    String mean = p.num(m.mean(), what + " mean");
    return m.n() >= 2 ? mean + " ± " + p.num(Math.sqrt(m.varianceOfMean()), what + " s.e.") : mean;
  }

  private static void lift(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    b.append("<section id=\"lift\">\n<h2>Lift over the control (fixed horizon)</h2>\n");
    if (s.comparisons().stream().noneMatch(c -> c.fixedHorizon().isPresent())) {
      b.append("<p class=\"note\">Not enough data for a fixed-horizon comparison yet.</p>\n</section>\n");
      return;
    }
    b.append("<table>\n<thead><tr><th>Treatment</th><th>Control mean</th><th>Treatment mean</th>")
        .append("<th>Difference [interval]</th><th>Relative lift [interval]</th><th>Statistic</th>")
        .append("<th>p-value</th><th>Confidence</th><th>Significant at one look</th></tr></thead>\n<tbody>\n");
    for (Comparison c : s.comparisons()) {
      b.append("<tr><td>").append(esc(c.treatment())).append("</td>");
      if (c.fixedHorizon().isEmpty()) {
        b.append("<td colspan=\"8\" class=\"note\">not enough data yet</td></tr>\n");
        continue;
      }
      LiftEstimate e = c.fixedHorizon().get();
      b.append("<td>").append(p.num(e.controlMean(), "control mean")).append("</td><td>")
          .append(p.num(e.treatmentMean(), "treatment mean")).append("</td><td>")
          .append(difference(p, e, "difference")).append("</td><td>")
          .append(relative(p, e)).append("</td><td>").append(statistic(p, e)).append("</td><td>")
          .append(p.num(e.pValue(), "fixed-horizon p")).append("</td><td>")
          .append(p.num(e.confidence(), "confidence")).append("</td><td>").append(e.significant() ? "yes" : "no")
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    chart(p, s);
    b.append("<p class=\"note\">Difference: treatment minus control. Relative lift: treatment / control − 1, "
        + "its interval by the delta method. The fixed-horizon test is valid at one pre-planned look; the verdict "
        + "follows the sequential test below, which may be read after every batch.</p>\n</section>\n");
  }

  private static String difference(Page p, LiftEstimate e, String what) {
    return p.signed(e.difference(), what) + " [" + p.num(e.differenceLow(), what + " low") + ", "
        + p.num(e.differenceHigh(), what + " high") + "]";
  }

  private static String relative(Page p, LiftEstimate e) {
    if (e.relative().isEmpty()) {
      return "<span class=\"note\">undefined: the control mean is 0</span>";
    }
    LiftEstimate.RelativeLift r = e.relative().get();
    return p.percent(r.lift(), "relative lift") + " [" + p.percent(r.low(), "relative lift low") + ", "
        + p.percent(r.high(), "relative lift high") + "]";
  }

  private static String statistic(Page p, LiftEstimate e) {
    if (Double.isInfinite(e.degreesOfFreedom())) {
      return "z = " + p.num(e.statistic(), "z");
    }
    return "t = " + p.num(e.statistic(), "t") + " (df " + p.num(e.degreesOfFreedom(), "degrees of freedom") + ")";
  }

  /** A forest plot: each treatment's difference interval (and CUPED's), against zero. */
  private static void chart(Page p, ExperimentSummary s) {
    List<String> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (Comparison c : s.comparisons()) {
      c.fixedHorizon().ifPresent(e -> add(labels, rows, classes, c.treatment(), e, "est"));
      c.cuped().ifPresent(r -> add(labels, rows, classes, c.treatment() + " (CUPED)", r.adjusted(), "cuped"));
    }
    if (rows.isEmpty()) {
      return;
    }
    double lo = 0;
    double hi = 0;
    for (double[] r : rows) {
      lo = Math.min(lo, r[0]);
      hi = Math.max(hi, r[2]);
    }
    double pad = (hi - lo) * 0.08;
    if (!(pad > 0)) {
      pad = 1;
    }
    lo -= pad;
    hi += pad;
    int height = ROW_H * rows.size() + 30;
    double plotW = CHART_W - LABEL_W - 20;
    StringBuilder b = p.body;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_W).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(CHART_W).append(' ').append(height)
        .append("\" role=\"img\"><title>Difference intervals against zero</title>");
    double x0 = LABEL_W + (0 - lo) / (hi - lo) * plotW;
    b.append("<line class=\"zero\" x1=\"").append(f1(x0)).append("\" y1=\"4\" x2=\"").append(f1(x0)).append("\" y2=\"")
        .append(height - 20).append("\"/>");
    for (int i = 0; i < rows.size(); i++) {
      double[] r = rows.get(i);
      double y = 16 + i * ROW_H;
      double xl = LABEL_W + (r[0] - lo) / (hi - lo) * plotW;
      double xm = LABEL_W + (r[1] - lo) / (hi - lo) * plotW;
      double xh = LABEL_W + (r[2] - lo) / (hi - lo) * plotW;
      b.append("<text x=\"4\" y=\"").append(f1(y + 4)).append("\">").append(esc(shorten(labels.get(i))))
          .append("</text><rect class=\"").append(classes.get(i)).append("\" x=\"").append(f1(xl)).append("\" y=\"")
          .append(f1(y - 4)).append("\" width=\"").append(f1(Math.max(xh - xl, 1))).append("\" height=\"8\"/>")
          .append("<circle class=\"").append(classes.get(i)).append("\" cx=\"").append(f1(xm)).append("\" cy=\"")
          .append(f1(y)).append("\" r=\"5\"/>");
    }
    double xr = CHART_W - 20;
    if (x0 - LABEL_W > 45) {
      b.append("<text x=\"").append(LABEL_W).append("\" y=\"").append(height - 4).append("\">").append(p.plain(lo))
          .append("</text>");
    }
    b.append("<text x=\"").append(f1(x0)).append("\" y=\"").append(height - 4).append("\" text-anchor=\"middle\">0</text>");
    if (xr - x0 > 45) {
      b.append("<text x=\"").append(f1(xr)).append("\" y=\"").append(height - 4).append("\" text-anchor=\"end\">")
          .append(p.plain(hi)).append("</text>");
    }
    b.append("</svg>\n");
  }

  private static void add(List<String> labels, List<double[]> rows, List<String> classes, String label, LiftEstimate e,
      String cls) {
    double[] r = {e.differenceLow(), e.difference(), e.differenceHigh()};
    for (double x : r) {
      if (!Double.isFinite(x)) {
        return; // the table marks it; a chart cannot place it
      }
    }
    labels.add(label);
    rows.add(r);
    classes.add(cls);
  }

  private static void sampleRatio(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    SampleRatioMismatch.Result srm = s.sampleRatio();
    long[] observed = srm.observed();
    double[] expected = srm.expected();
    b.append("<section id=\"srm\">\n<h2>Sample ratio check</h2>\n<p class=\"").append(srm.mismatch() ? "bad" : "good")
        .append(" badge\">").append(srm.mismatch() ? "MISMATCH: verdicts blocked" : "no mismatch")
        .append("</p>\n<table>\n<thead><tr><th>Variant</th><th>Observed exposures</th><th>Expected exposures</th>")
        .append("</tr></thead>\n<tbody>\n");
    int k = Math.max(observed.length, s.variants().size());
    for (int i = 0; i < k; i++) {
      b.append("<tr><td>").append(i < s.variants().size() ? esc(s.variants().get(i).name()) : "#" + i)
          .append("</td><td>").append(i < observed.length ? String.valueOf(observed[i]) : "—").append("</td><td>")
          .append(i < expected.length ? p.count(expected[i], "expected exposures") : "—").append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n<p class=\"note\">Pearson's chi-square ").append(p.num(srm.chiSquare(), "sample ratio chi-square"))
        .append(", ").append(dof(srm.degreesOfFreedom())).append(", p ")
        .append(p.num(srm.pValue(), "sample ratio p-value")).append("; the alarm is raised below p ")
        .append(ALARM)
        .append(" or when a variant receives exposures where none are expected.</p>\n</section>\n");
  }

  private static void sequential(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    b.append("<section id=\"sequential\">\n<h2>Sequential test (mSPRT, always valid)</h2>\n");
    if (s.comparisons().isEmpty()) {
      b.append("<p class=\"note\">No comparison.</p>\n</section>\n");
      return;
    }
    b.append("<table>\n<thead><tr><th>Treatment</th><th>Looks</th><th>Difference</th><th>Std. error</th>")
        .append("<th>log likelihood ratio</th><th>Always-valid p</th><th>Rejected “no difference”</th></tr></thead>\n")
        .append("<tbody>\n");
    for (Comparison c : s.comparisons()) {
      SequentialTest.Result q = c.sequential();
      b.append("<tr class=\"").append(q.rejected() ? "hit" : "").append("\"><td>").append(esc(c.treatment()))
          .append("</td>");
      if (q.looks() == 0) {
        b.append("<td>0</td><td colspan=\"5\" class=\"note\">no look yet</td></tr>\n");
        continue;
      }
      b.append("<td>").append(q.looks()).append("</td><td>").append(p.signed(q.difference(), "sequential difference"))
          .append("</td><td>").append(p.num(Math.sqrt(q.variance()), "sequential std. error")).append("</td><td>")
          .append(p.num(q.logLikelihoodRatio(), "log likelihood ratio")).append("</td><td>")
          .append(p.num(q.alwaysValidP(), "sequential always-valid p")).append("</td><td>")
          .append(q.rejected() ? "yes" : "no").append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n<p class=\"note\">The always-valid p is the running minimum over looks, so the "
        + "summary may be read after every batch without inflating false positives. A look without spread yet "
        + "carries no evidence (log likelihood ratio −∞).</p>\n</section>\n");
  }

  private static void cuped(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    b.append("<section id=\"cuped\">\n<h2>CUPED variance reduction</h2>\n");
    if (s.comparisons().stream().noneMatch(c -> c.cuped().isPresent())) {
      b.append("<p class=\"note\">Not used: CUPED needs a pre-period covariate with every metric value of a "
          + "continuous experiment.</p>\n</section>\n");
      return;
    }
    b.append("<table>\n<thead><tr><th>Treatment</th><th>theta</th><th>Variance reduction</th>")
        .append("<th>Adjusted difference [interval]</th><th>Adjusted p</th><th>Unadjusted difference [interval]</th>")
        .append("<th>Unadjusted p</th></tr></thead>\n<tbody>\n");
    for (Comparison c : s.comparisons()) {
      if (c.cuped().isEmpty()) {
        continue;
      }
      Cuped.Result r = c.cuped().get();
      b.append("<tr><td>").append(esc(c.treatment())).append("</td><td>").append(p.num(r.theta(), "CUPED theta"))
          .append("</td><td>").append(p.percent(r.varianceReduction(), "CUPED variance reduction")).append("</td><td>")
          .append(difference(p, r.adjusted(), "CUPED adjusted difference")).append("</td><td>")
          .append(p.num(r.adjusted().pValue(), "CUPED adjusted p")).append("</td><td>")
          .append(difference(p, r.unadjusted(), "CUPED unadjusted difference")).append("</td><td>")
          .append(p.num(r.unadjusted().pValue(), "CUPED unadjusted p")).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static void bayesian(Page p, ExperimentSummary s) {
    if (s.comparisons().stream().noneMatch(c -> c.bayesian().isPresent())) {
      return;
    }
    StringBuilder b = p.body;
    b.append("<section id=\"bayesian\">\n<h2>Bayesian summary</h2>\n<table>\n<thead><tr><th>Treatment</th>")
        .append("<th>P(beats control)</th><th>Expected loss choosing the treatment</th>")
        .append("<th>Expected loss keeping the control</th></tr></thead>\n<tbody>\n");
    for (Comparison c : s.comparisons()) {
      Optional<BayesianComparison.Result> r = c.bayesian();
      if (r.isEmpty()) {
        continue;
      }
      b.append("<tr><td>").append(esc(c.treatment())).append("</td><td>")
          .append(p.num(r.get().probabilityToBeatControl(), "P(beats control)")).append("</td><td>")
          .append(p.num(r.get().expectedLossTreatment(), "expected loss (treatment)")).append("</td><td>")
          .append(p.num(r.get().expectedLossControl(), "expected loss (control)")).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  private static void guardrails(Page p, ExperimentSummary s) {
    StringBuilder b = p.body;
    b.append("<section id=\"guardrails\">\n<h2>Guardrails</h2>\n");
    if (s.comparisons().stream().allMatch(c -> c.guardrails().isEmpty())) {
      b.append("<p class=\"note\">No guardrail configured.</p>\n</section>\n");
      return;
    }
    b.append("<table>\n<thead><tr><th>Guardrail</th><th>Treatment</th><th>Control value</th>")
        .append("<th>Treatment value</th><th>Degradation</th><th>Margin</th><th>Always-valid p</th><th>Status</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Comparison c : s.comparisons()) {
      for (GuardrailResult g : c.guardrails()) {
        b.append("<tr class=\"").append(g.breached() ? "bad" : "").append("\"><td>").append(esc(g.guardrail()))
            .append("</td><td>").append(esc(g.treatment())).append("</td><td>")
            .append(p.num(g.controlValue(), "guardrail control value")).append("</td><td>")
            .append(p.num(g.treatmentValue(), "guardrail treatment value")).append("</td><td>")
            .append(p.signed(g.degradation(), "guardrail degradation")).append("</td><td>")
            .append(p.num(g.margin(), "guardrail margin")).append("</td><td>")
            .append(p.num(g.alwaysValidP(), "guardrail always-valid p")).append("</td><td>")
            .append(g.breached() ? "BREACHED" : "holds").append("</td></tr>\n");
      }
    }
    b.append("</tbody>\n</table>\n<p class=\"note\">Degradation: how much worse the treatment is (positive = worse). "
        + "A guardrail is breached when its one-sided always-valid test rejects “degradation ≤ margin”.</p>\n"
        + "</section>\n");
  }

  private static void canary(Page p, List<CanaryEvent> events) {
    StringBuilder b = p.body;
    b.append("<section id=\"canary\">\n<h2>Canary</h2>\n<table>\n<thead><tr><th>Looks</th><th>Action</th><th>Step</th>")
        .append("<th>Canary share</th><th>Verdict</th><th>Alias move</th><th>Reason</th></tr></thead>\n<tbody>\n");
    int first = 0;
    for (int i = 0; i < events.size(); i++) {
      CanaryEvent e = events.get(i);
      boolean groupEnds = i + 1 == events.size() || events.get(i + 1).action() != e.action()
          || events.get(i + 1).step() != e.step();
      if (!groupEnds) {
        continue;
      }
      String looks = first == i ? String.valueOf(i + 1) : (first + 1) + "–" + (i + 1) + " (" + (i - first + 1) + ")";
      b.append("<tr class=\"").append(actionClass(e.action())).append("\"><td>").append(looks).append("</td><td>")
          .append(e.action().name()).append("</td><td>").append(e.step()).append("</td><td>")
          .append(p.num(e.canaryPercent(), "canary percent")).append("%</td><td>").append(e.summary().verdict().name())
          .append("</td><td>").append(e.aliasMove().map(ExperimentHtmlReport::move).orElse("—")).append("</td><td>")
          .append(esc(e.reason())).append("</td></tr>\n");
      first = i + 1;
    }
    b.append("</tbody>\n</table>\n<p class=\"note\">Consecutive looks with the same action at the same step are one "
        + "row, with the last look's reason.</p>\n</section>\n");
  }

  private static String dof(int df) {
    return df + (df == 1 ? " degree of freedom" : " degrees of freedom");
  }

  private static String move(AliasMove m) {
    return esc(m.model()) + "@" + esc(m.alias()) + ": " + (m.from().isPresent() ? String.valueOf(m.from().getAsInt())
        : "unset") + " → " + m.to();
  }

  // ---------------------------------------------------------------- text helpers

  private static String verdictClass(Verdict v) {
    return switch (v) {
      case TREATMENT_BETTER -> "good";
      case TREATMENT_WORSE, GUARDRAIL_BREACHED -> "bad";
      case BLOCKED_BY_SAMPLE_RATIO_MISMATCH -> "warn";
      case INCONCLUSIVE -> "neutral";
    };
  }

  private static String verdictText(Verdict v) {
    return switch (v) {
      case TREATMENT_BETTER -> "a treatment is significantly better on the primary metric";
      case TREATMENT_WORSE -> "a treatment is significantly worse on the primary metric";
      case GUARDRAIL_BREACHED -> "a treatment degrades a guardrail beyond its margin";
      case BLOCKED_BY_SAMPLE_RATIO_MISMATCH -> "no verdict: the sample-ratio check fails";
      case INCONCLUSIVE -> "not enough evidence either way yet";
    };
  }

  private static String actionClass(CanaryEvent.Action a) {
    return switch (a) {
      case PROMOTED, ADVANCED -> "good";
      case ROLLED_BACK -> "bad";
      case HOLD_SAMPLE_RATIO_MISMATCH -> "warn";
      default -> "";
    };
  }

  private static String shorten(String s) {
    return s.length() > 30 ? s.substring(0, 29) + "…" : s;
  }

  private static String esc(String s) {
    return Html.esc(s);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** One rendering: the body being written and the fields that were NaN. Confined to one call. */
  private static final class Page {
    static final String UNDEFINED = "<span class=\"undefined\" title=\"not a number in the summary\">undefined</span>";

    final StringBuilder body = new StringBuilder(16_384);
    final Set<String> undefined = new LinkedHashSet<>();
    int warningAt = -1;

    void markWarningSlot() {
      warningAt = body.length();
    }

    String num(double v, String field) {
      if (Double.isNaN(v)) {
        undefined.add(field);
        return UNDEFINED;
      }
      return plain(v);
    }

    String plain(double v) {
      if (Double.isInfinite(v)) {
        return v > 0 ? "∞" : "−∞";
      }
      return String.format(Locale.ROOT, "%.4g", v);
    }

    String count(double v, String field) {
      if (Double.isNaN(v)) {
        return num(v, field);
      }
      return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : plain(v);
    }

    String signed(double v, String field) {
      if (Double.isNaN(v)) {
        return num(v, field);
      }
      return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4g", v) : plain(v);
    }

    String percent(double v, String field) {
      if (Double.isNaN(v)) {
        return num(v, field);
      }
      return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f%%", 100 * v) : plain(v);
    }

    String page(String experiment) {
      StringBuilder b = new StringBuilder(body.length() + 4096);
      b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
          .append(esc(HtmlReport.CONTENT_SECURITY_POLICY))
          .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
          .append(esc("A/B experiment report: " + experiment)).append("</title>\n<style>\n")
          .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;background:#fff}")
          .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 6px;")
          .append("text-align:left;vertical-align:top}th{background:#f0f0f0}section{margin-top:2em}")
          .append(".verdict{font-size:20px;font-weight:600;padding:10px;display:inline-block}")
          .append(".badge{font-weight:600;padding:4px 8px;display:inline-block}")
          .append(".good{background:#d7f5dd}.bad{background:#fbd5d5}.warn{background:#fde9b8}")
          .append(".neutral{background:#e4e8ee}.hit{background:#dbe9fb}.note{color:#555;font-size:13px}")
          .append(".undefined{background:#fde9b8;font-style:italic}")
          .append("svg text{font-size:11px;fill:#333}.zero{stroke:#888;stroke-dasharray:4 3}")
          .append(".est{fill:#1f77b4;fill-opacity:.6}.cuped{fill:#2ca02c;fill-opacity:.6}\n</style>\n</head>\n<body>\n");
      int at = warningAt < 0 ? 0 : warningAt;
      b.append(body, 0, at);
      if (!undefined.isEmpty()) {
        b.append("<p class=\"warn badge\">Warning: ").append(undefined.size())
            .append(undefined.size() == 1 ? " value was" : " values were")
            .append(" not a number (NaN) in the summary and ").append(undefined.size() == 1 ? "is" : "are")
            .append(" shown as “undefined”: ").append(esc(String.join(", ", undefined))).append(".</p>\n");
      }
      b.append(body, at, body.length());
      b.append("</body>\n</html>\n");
      return b.toString();
    }
  }
}
