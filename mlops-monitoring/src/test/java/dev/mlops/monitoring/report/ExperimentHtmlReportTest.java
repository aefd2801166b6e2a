package dev.mlops.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.routing.CanarySchedule;
import dev.mlops.core.routing.Decisions;
import dev.mlops.core.routing.Router;
import dev.mlops.monitoring.experiment.CanaryController;
import dev.mlops.monitoring.experiment.CanaryEvent;
import dev.mlops.monitoring.experiment.Comparison;
import dev.mlops.monitoring.experiment.Cuped;
import dev.mlops.monitoring.experiment.Experiment;
import dev.mlops.monitoring.experiment.ExperimentSummary;
import dev.mlops.monitoring.experiment.Guardrail;
import dev.mlops.monitoring.experiment.GuardrailResult;
import dev.mlops.monitoring.experiment.LiftEstimate;
import dev.mlops.monitoring.experiment.SampleRatioMismatch;
import dev.mlops.monitoring.experiment.SampleSummary;
import dev.mlops.monitoring.experiment.SequentialTest;
import dev.mlops.monitoring.experiment.VariantSummary;
import dev.mlops.monitoring.experiment.Verdict;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentHtmlReportTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final String SCRIPT_ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
  static final String IMG_ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /**
   * A conversion experiment with exact counts: the control converts 480 of 10,000 units, the
   * treatment 700 of 10,000 (a real lift); errors and latencies feed two guardrails, one named with
   * markup.
   */
  static ExperimentSummary conversionSummary(String control, String treatment, String guardrailName) {
    Experiment e = Experiment.builder("checkout & <co>").variants(control, treatment).weights(50, 50).conversion()
        .guardrail(new Guardrail(guardrailName, Guardrail.Metric.ERROR_RATE, 0.01, 0.05, 0.01))
        .guardrail(Guardrail.latencyMillis(5)).build();
    for (int i = 0; i < 10_000; i++) {
      for (int v = 0; v < 2; v++) {
        e.recordExposure(v);
        e.recordConversion(v, i < (v == 0 ? 480 : 700));
        e.recordOutcome(v, i % 1000 == 0, 5 + i % 7 + 0.1 * v);
      }
    }
    return e.summary();
  }

  static ExperimentSummary hostileSummary() {
    return conversionSummary(SCRIPT, IMG, SCRIPT);
  }

  @Test
  void render_showsTheVerdictAndEverySectionWithTheSummarysValues() {
    ExperimentSummary s = conversionSummary("shop@champion", "shop@challenger", "error_rate");
    assertThat(s.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
    String html = ExperimentHtmlReport.render(s);

    assertThat(html).contains("Verdict: <code>TREATMENT_BETTER</code>")
        .contains("a treatment is significantly better on the primary metric");
    // Why: the SRM passes, the sequential test rejected, with its figures.
    Comparison c = s.comparisons().get(0);
    SequentialTest.Result q = c.sequential();
    assertThat(html).contains("The sample-ratio check passes: chi-square " + f(s.sampleRatio().chiSquare()) + ", p "
        + f(s.sampleRatio().pValue()) + " (alarm below 0.001)");
    assertThat(html).contains("shop@challenger: the always-valid sequential test (mSPRT) rejected")
        .contains("always-valid p " + f(q.alwaysValidP()) + " after 1 look.")
        .contains("Verdict for shop@challenger: <code>TREATMENT_BETTER</code>");
    // Variants: counts, rates with their standard errors (sqrt(p(1-p)/n), computed by hand).
    assertThat(html).contains("<td>shop@champion <span class=\"note\">(control)</span></td><td>10000</td>")
        .contains("<td>480 / 10000</td><td>0.04800 ± 0.002138</td>")
        .contains("<td>700 / 10000</td><td>0.07000 ± 0.002551</td>")
        .contains("<td>10 / 10000</td><td>0.001000</td>");
    // Lift: the z-test's difference and relative lift with their intervals, statistic, p, level.
    LiftEstimate e = c.fixedHorizon().orElseThrow();
    LiftEstimate.RelativeLift r = e.relative().orElseThrow();
    assertThat(html).contains(String.format(Locale.ROOT, "%+.4g [%s, %s]", e.difference(), f(e.differenceLow()),
            f(e.differenceHigh())))
        .contains(String.format(Locale.ROOT, "%+.2f%% [%+.2f%%, %+.2f%%]", 100 * r.lift(), 100 * r.low(), 100 * r.high()))
        .contains("z = " + f(e.statistic())).contains("<td>" + f(e.pValue()) + "</td><td>0.9500</td><td>yes</td>");
    assertThat(html).contains("+0.02200 [").contains("+45.83% [");
    // SRM table, sequential table, Bayesian and guardrails.
    double[] expected = s.sampleRatio().expected();
    assertThat(html).contains("<tr><td>shop@challenger</td><td>10000</td><td>" + String.format(Locale.ROOT, "%.1f", expected[1])
        + "</td></tr>")
        .contains("no mismatch");
    assertThat(html).contains("<td>1</td><td>" + String.format(Locale.ROOT, "%+.4g", q.difference()) + "</td><td>"
        + f(Math.sqrt(q.variance())) + "</td><td>" + f(q.logLikelihoodRatio()) + "</td><td>" + f(q.alwaysValidP())
        + "</td><td>yes</td>");
    assertThat(html).contains("<td>" + f(c.bayesian().orElseThrow().probabilityToBeatControl()) + "</td>");
    for (GuardrailResult g : c.guardrails()) {
      assertThat(html).contains("<td>" + g.guardrail() + "</td><td>shop@challenger</td><td>" + f(g.controlValue())
          + "</td><td>" + f(g.treatmentValue()) + "</td><td>" + String.format(Locale.ROOT, "%+.4g", g.degradation())
          + "</td><td>" + f(g.margin()) + "</td><td>" + f(g.alwaysValidP()) + "</td><td>holds</td>");
    }
    assertThat(html).contains("CUPED variance reduction").contains("Not used: CUPED needs a pre-period covariate")
        .doesNotContain("id=\"canary\"");
    assertThat(html).contains("<svg").contains("<title>Difference intervals against zero</title>");
    assertThat(html).contains("checkout &amp; &lt;co&gt;").doesNotContain("NaN").doesNotContain("Warning:");
  }

  @Test
  void render_escapesHostileVariantGuardrailAndExperimentNames_andCarriesNoScript() {
    String html = ExperimentHtmlReport.render(hostileSummary());
    String lower = html.toLowerCase(Locale.ROOT);
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("javascript:");
    assertThat(html).doesNotContain(SCRIPT).doesNotContain(IMG).doesNotContain("<co>");
    assertThat(html).contains(SCRIPT_ESCAPED).contains(IMG_ESCAPED).contains("checkout &amp; &lt;co&gt;");
    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
        + "script-src &#39;none&#39;");
    // no external resource of any kind
    assertThat(lower).doesNotContain("src=\"").doesNotContain("href=").doesNotContain("url(");
  }

  @Test
  void render_blockedBySampleRatioMismatch_saysWhy() {
    Experiment e = Experiment.builder("srm").variants("a", "b").weights(50, 50).conversion().build();
    for (int i = 0; i < 10_000; i++) {
      e.recordExposure(0);
      if (i % 10 != 0) {
        e.recordExposure(1); // a tenth of b's exposures are lost
      }
      e.recordConversion(0, i % 10 == 0);
      e.recordConversion(1, i % 10 == 0);
    }
    ExperimentSummary s = e.summary();
    assertThat(s.verdict()).isEqualTo(Verdict.BLOCKED_BY_SAMPLE_RATIO_MISMATCH);
    String html = ExperimentHtmlReport.render(s);
    assertThat(html).contains("Verdict: <code>BLOCKED_BY_SAMPLE_RATIO_MISMATCH</code>")
        .contains("<b>The sample-ratio check fails</b>: chi-square " + f(s.sampleRatio().chiSquare())
            + " with 1 degree of freedom")
        .contains("MISMATCH: verdicts blocked").contains("(blocked by the sample-ratio check)")
        .contains("<tr><td>b</td><td>9000</td><td>9500.0</td></tr>");
  }

  @Test
  void render_continuousWithCovariate_showsCupedFromTheSummary() {
    Experiment e = Experiment.builder("revenue").variants("control", "treatment").continuous(true).build();
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2000; i++) {
      for (int v = 0; v < 2; v++) {
        double pre = 50 + 10 * rnd.nextGaussian();
        e.recordExposure(v);
        e.recordMetric(v, pre + 2 * rnd.nextGaussian() + (v == 1 ? 0.3 : 0), pre);
      }
    }
    ExperimentSummary s = e.summary();
    Cuped.Result cuped = s.comparisons().get(0).cuped().orElseThrow();
    assertThat(cuped.varianceReduction()).isGreaterThan(0.9);
    String html = ExperimentHtmlReport.render(s);
    assertThat(html).contains("<td>treatment</td><td>" + f(cuped.theta()) + "</td><td>"
            + String.format(Locale.ROOT, "%+.2f%%", 100 * cuped.varianceReduction()) + "</td>")
        .contains("<td>" + f(cuped.adjusted().pValue()) + "</td>")
        .contains(String.format(Locale.ROOT, "%+.4g [%s, %s]", cuped.unadjusted().difference(),
            f(cuped.unadjusted().differenceLow()), f(cuped.unadjusted().differenceHigh())))
        .contains("treatment (CUPED)")                       // the adjusted interval is charted too
        .contains("t = " + f(s.comparisons().get(0).fixedHorizon().orElseThrow().statistic()) + " (df ")
        .contains("<th>Metric mean ± s.e.</th>").doesNotContain("Not used: CUPED");
    SampleSummary m = s.variants().get(1).metric();
    assertThat(html).contains("<td>2000</td><td>" + f(m.mean()) + " ± " + f(Math.sqrt(m.variance() / 2000)) + "</td>");
  }

  @Test
  void render_neverPrintsNaN_marksItUndefined_andWarnsWhichFields() {
    SampleSummary none = new SampleSummary(0, 0, 0);
    List<VariantSummary> variants = List.of(
        new VariantSummary("a", 100, 10, 100, none, 0, 0, none, none),
        new VariantSummary("b", 100, 12, 100, none, 0, 0, none, none));
    SampleRatioMismatch.Result srm = new SampleRatioMismatch.Result(new long[] {100, 100}, new double[] {100, 100},
        0, 1, 1, false);
    LiftEstimate lift = new LiftEstimate(0.1, 0.12, 0.02, Double.NaN, 0.05,
        Optional.of(new LiftEstimate.RelativeLift(0.2, Double.NaN, 0.5)), 0.45, Double.POSITIVE_INFINITY, Double.NaN, 0.95);
    SequentialTest.Result seq = new SequentialTest.Result(1, 0.02, 0.0018, Double.NEGATIVE_INFINITY, 1, false);
    GuardrailResult g = new GuardrailResult("latency", "b", 5, 5.1, Double.NaN, 1, 1, false);
    Comparison c = new Comparison("b", Optional.of(lift), Optional.empty(), seq, Optional.empty(), List.of(g),
        Verdict.INCONCLUSIVE);
    String html = ExperimentHtmlReport.render(new ExperimentSummary("hand-made", variants, srm, List.of(c),
        Verdict.INCONCLUSIVE));
    // "NaN" appears once: in the warning that names the fields; never as a value
    assertThat(html.split("NaN", -1)).hasSize(2);
    assertThat(html).doesNotContainIgnoringCase(">nan<").doesNotContain(">NaN").doesNotContain(" NaN ");
    assertThat(html).contains("Warning: 4 values were not a number (NaN) in the summary and are shown as “undefined”: "
        + "difference low, relative lift low, fixed-horizon p, guardrail degradation.");
    assertThat(html).contains("<span class=\"undefined\" title=\"not a number in the summary\">undefined</span>");
    assertThat(html).contains("<td>−∞</td>");                   // the look without evidence
    assertThat(html.indexOf("Warning:")).isLessThan(html.indexOf("id=\"variants\""));
  }

  @Test
  void renderWithCanaryEvents_groupsRepeatedLooks_andShowsTheRollbackAndItsAliasMove(@TempDir Path root) {
    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toUri()).principal(() -> "canary").build()) {
      for (String v : new String[] {"weights v1", "weights v2"}) {
        registry.register(Registration.bytes("fraud", "model.bin", v.getBytes(StandardCharsets.UTF_8),
            ArtifactFormat.RAW).build());
      }
      registry.setAlias("fraud", "champion", 1, OptionalInt.empty());
      registry.setAlias("fraud", "challenger", 2, OptionalInt.empty());
      List<CanaryEvent> events = canaryRun(SCRIPT, IMG, registry);
      CanaryEvent last = events.get(events.size() - 1);
      assertThat(last.action()).isEqualTo(CanaryEvent.Action.ROLLED_BACK);
      long collecting = events.stream().filter(x -> x.action() == CanaryEvent.Action.HOLD_COLLECTING && x.step() == 0)
          .count();
      assertThat(collecting).isGreaterThan(1);

      String html = ExperimentHtmlReport.render(last.summary(), events);
      assertThat(html).contains("id=\"canary\"")
          .contains("<td>1–" + collecting + " (" + collecting + ")</td><td>HOLD_COLLECTING</td><td>0</td><td>5.000%</td>")
          .contains("<td>ROLLED_BACK</td><td>-1</td><td>0.000%</td><td>GUARDRAIL_BREACHED</td>"
              + "<td>fraud@challenger: 2 → 1</td>")
          .contains("Canary: last action <code>ROLLED_BACK</code>")
          .contains("guardrail " + SCRIPT_ESCAPED + " BREACHED");   // the controller's reason, escaped
      assertThat(html).contains("<b>" + IMG_ESCAPED + " breaches the guardrail " + SCRIPT_ESCAPED + "</b>");
      assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("<img");
      int groups = 1;
      for (int i = 1; i < events.size(); i++) {
        CanaryEvent a = events.get(i - 1);
        CanaryEvent b = events.get(i);
        groups += a.action() == b.action() && a.step() == b.step() ? 0 : 1;
      }
      assertThat(groups).isLessThan(events.size());
      String table = html.substring(html.indexOf("id=\"canary\""));
      assertThat(table.split("<tr class=", -1)).hasSize(groups + 1);
      assertThat(Stream.of(table.split("\n")).filter(l -> l.contains("<td>HOLD_COLLECTING</td><td>0</td>")).count())
          .isEqualTo(1);
    }
  }

  /** A canary whose treatment fails 4% of calls against the control's 0.2%: held, then rolled back. */
  static List<CanaryEvent> canaryRun(String stable, String canaryName, ModelRegistry registry) {
    Experiment e = Experiment.builder("canary <run>").variants(stable, canaryName).conversion()
        .guardrail(new Guardrail(SCRIPT, Guardrail.Metric.ERROR_RATE, 0.005, 0.05, 0.005)).build();
    SplittableRandom rnd = new SplittableRandom(2);
    try (Router<Integer, String> router = Router.<Integer, String>builder("canary").variant(stable, 100)
        .variant(canaryName, 0).exposureListener(e.exposureListener()).build()) {
      CanaryController.Builder b = CanaryController.builder(router, e).schedule(CanarySchedule.of(5, 25, 50, 100))
          .minExposuresPerStep(500);
      if (registry != null) {
        b.aliases(registry, "fraud", "champion", "challenger");
      }
      CanaryController c = b.build();
      for (int batch = 0; batch < 200 && !c.finished(); batch++) {
        for (int i = 0; i < 1000; i++) {
          int v = Decisions.variant(router.decide("b" + batch + "-u" + i));
          e.recordConversion(v, rnd.nextDouble() < 0.10);
          e.recordOutcome(v, rnd.nextDouble() < (v == 1 ? 0.04 : 0.002), 10);
        }
        c.evaluate();
      }
      return c.history();
    }
  }

  @Test
  void write_replacesTheFileAtomically_createsDirectories_andLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/experiment.html");
    ExperimentSummary s = conversionSummary("x", "y", "error_rate");
    assertThat(ExperimentHtmlReport.write(s, file)).isEqualTo(file);
    assertThat(Files.readString(file)).isEqualTo(ExperimentHtmlReport.render(s));
    Files.writeString(file, "old page");
    ExperimentHtmlReport.write(s, file);
    assertThat(Files.readString(file)).isEqualTo(ExperimentHtmlReport.render(s));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void write_intoAFileInsteadOfADirectory_failsAndChangesNothing(@TempDir Path dir) throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain"), "keep");
    ExperimentSummary s = conversionSummary("x", "y", "error_rate");
    assertThatThrownBy(() -> ExperimentHtmlReport.write(s, notADir.resolve("experiment.html")))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write the report to");
    assertThat(Files.readString(notADir)).isEqualTo("keep");
    assertThatThrownBy(() -> ExperimentHtmlReport.render(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void chromium_rendersThePageWithoutCreatingInjectedElements(@TempDir Path dir) throws Exception {
    Chromium.requireInstalled();
    ExperimentSummary s = hostileSummary();
    Path page = ExperimentHtmlReport.write(s, canaryRun(SCRIPT, IMG, null), dir.resolve("experiment.html"));
    String dom = Chromium.dumpDom(dir, page);
    assertThat(dom).contains("<table>").contains("<svg").contains("TREATMENT_BETTER").contains("ROLLED_BACK");
    String lower = dom.toLowerCase(Locale.ROOT);
    // Serialized DOM escapes '<' in text, so any of these substrings would be an element.
    assertThat(lower).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=\"");
    assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
    Chromium.screenshotIsNotBlank(dir, page, 1000, 1400);
  }
}
