package dev.mlops.examples.quickstart;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.routing.Routed;
import dev.mlops.core.routing.ShadowReport;
import dev.mlops.monitoring.experiment.Experiment;
import dev.mlops.monitoring.experiment.ExperimentSummary;
import dev.mlops.monitoring.experiment.Guardrail;
import dev.mlops.monitoring.experiment.Verdict;
import dev.mlops.monitoring.report.ExperimentHtmlReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.routing.AliasMove;
import dev.mlops.registry.routing.ModelRouter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The quickstart's routing step: an A/B test between {@code @champion} and {@code @challenger} (the
 * other classifier the quickstart trained), with the challenger's exact version also running as a
 * shadow on every request; the correctness of each answer is fed back as the experiment's outcome,
 * and the experiment's summary decides: promote the challenger, roll it back, or keep the champion.
 * The summary is also written as an HTML report, {@code root/experiment/experiment-report.html}.
 */
public final class RoutingStep {
  /** Simulated requests. */
  static final int REQUESTS = 3000;
  private static final String MODEL = "breast-cancer-classifier";

  private RoutingStep() {}

  /**
   * What the step decided.
   *
   * @param summary the experiment's summary
   * @param decision what was done, in words
   * @param shadow the shadow's report
   * @param report the experiment's HTML report
   */
  public record Outcome(ExperimentSummary summary, String decision, ShadowReport shadow, Path report) {}

  /**
   * Routes simulated traffic, feeds back outcomes, prints the summary, acts on the verdict and
   * writes the HTML report to {@code root/experiment/experiment-report.html}.
   *
   * @param root the registry directory the quickstart wrote
   * @param out where to print
   * @return the summary, the decision and the report
   * @throws IOException if the data cannot be read
   * @throws InterruptedException if interrupted while waiting for the shadow
   */
  public static Outcome run(Path root, PrintStream out) throws IOException, InterruptedException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    read(rows, labels);
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      int champion = registry.aliases(MODEL).get("champion");
      int challenger = registry.versions(MODEL).stream().mapToInt(ModelVersion::version).filter(v -> v != champion)
          .max().orElseThrow();
      registry.setAlias(MODEL, "challenger", challenger); // audited, like every alias move
      String championRef = MODEL + "@champion";
      String challengerRef = MODEL + "@challenger";

      Experiment experiment = Experiment.builder("quickstart-ab").variants(championRef, challengerRef).weights(50, 50)
          .conversion().tau(0.02)
          .guardrail(Guardrail.errorRate(0.01)).guardrail(Guardrail.latencyMillis(5))
          .build();
      try (ModelRouter router = ModelRouter.builder(registry, "quickstart-ab")
          .variant(championRef, 50).variant(challengerRef, 50)
          .shadow(MODEL + "/" + challenger)
          .fallback(championRef)
          .configure(b -> b.exposureListener(experiment.exposureListener()))
          .build()) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < REQUESTS; i++) {
          int row = rnd.nextInt(rows.size());
          long t0 = System.nanoTime();
          Routed<Prediction> r = router.route("patient-" + (i % 1000), rows.get(row));
          double millis = (System.nanoTime() - t0) / 1e6;
          int variant = experiment.indexOf(r.assignedVariant());
          String label = ((Prediction.Classification) r.output()).label();
          experiment.recordOutcome(variant, r.failure().isPresent(), millis);
          experiment.recordConversion(variant, label.equals(labels.get(row))); // the feedback: was it right?
        }
        router.router().awaitShadows(Duration.ofSeconds(30));
        ShadowReport shadow = router.router().shadows().get(0);
        ExperimentSummary summary = experiment.summary();
        out.printf("routed %d requests: %s%n", REQUESTS, router.servedVersions());
        out.printf("shadow %s: %d calls, %d dropped, agreement with the primary %.3f%n", shadow.shadow(),
            shadow.submitted(), shadow.dropped(), shadow.agreementRate());
        out.print(summary.describe());
        String reason = "quickstart experiment: " + summary.verdict();
        String decision;
        if (summary.verdict() == Verdict.TREATMENT_BETTER) {
          AliasMove m = router.promote(challengerRef, championRef, reason);
          decision = "promote: @champion -> " + MODEL + "/" + m.to();
        } else if (summary.verdict() == Verdict.TREATMENT_WORSE || summary.verdict() == Verdict.GUARDRAIL_BREACHED) {
          AliasMove m = router.rollback(challengerRef, championRef, reason);
          decision = "roll back: @challenger -> " + MODEL + "/" + m.to();
        } else {
          decision = "keep @champion (" + summary.verdict() + "; keep collecting)";
        }
        out.println("decision: " + decision);
        Path report = ExperimentHtmlReport.write(summary, root.resolve("experiment").resolve("experiment-report.html"));
        out.printf("experiment report at %s%n", report.toAbsolutePath());
        return new Outcome(summary, decision, shadow, report);
      }
    }
  }

  private static void read(List<Map<String, Object>> rows, List<String> labels) throws IOException {
    try (InputStream in = RoutingStep.class.getResourceAsStream("/breast_cancer.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cells = line.split(",");
        Map<String, Object> row = new LinkedHashMap<>();
        for (int j = 0; j < header.length - 1; j++) {
          row.put(header[j], Double.parseDouble(cells[j]));
        }
        rows.add(row);
        labels.add(cells[cells.length - 1]);
      }
    }
  }
}
