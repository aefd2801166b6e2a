package dev.mlops.examples.quickstart;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The quickstart: every capability once on the embedded file-system store. {@link #run} trains two
 * Tribuo classifiers on the breast-cancer data inside tracked runs, registers both, points
 * {@code @champion} at the more accurate one, loads it by alias, verifies the store, predicts and
 * reproduces the champion's run; {@link #main} then runs one class per step: A/B routing with a
 * shadow and the experiment decision, explanations, drift, monitoring with alerts, ONNX, and model
 * tests as a promotion gate, and lists the HTML reports written (see the module's README).
 *
 * <p>Run it with {@code ./mvnw -B -q -pl examples/quickstart -am package exec:java
 * -DskipTests -Dexec.args=DIR}; the registry directory defaults to {@code ./mlops-data}. Running it
 * again adds two more versions to the same registry.
 */
public final class Quickstart {
  /** Tribuo logs training progress through java.util.logging; keep the summary readable. */
  private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args optional: the registry directory
   * @throws IOException if the data cannot be read
   * @throws InterruptedException if interrupted while a step waits
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    Path root = Path.of(args.length > 0 ? args[0] : "mlops-data");
    Reports.Snapshot before = Reports.snapshot(root);
    Progress progress = new Progress(System.out, 7);   // the number of steps below
    progress.step("training two classifiers in tracked runs, registering, promoting, reproducing",
        () -> run(root, System.out));
    progress.step("A/B test of champion and challenger with a shadow", () -> RoutingStep.run(root, System.out));
    progress.step("explaining the champion", () -> ExplainStep.run(root, System.out));
    progress.step("checking a shifted batch for drift", () -> DriftStep.run(root, System.out));
    progress.step("monitoring the champion on the shifted batch", () -> MonitorStep.run(root, System.out));
    progress.step("exporting the champion to ONNX and routing to it", () -> OnnxStep.run(root, System.out));
    progress.step("model tests as a promotion gate", () -> PromotionGateStep.run(root, System.out));
    Reports.print(root, before, System.out);
    System.out.printf(java.util.Locale.ROOT, "quickstart done in %.1f s%n", progress.elapsed());
  }

  /**
   * Runs the quickstart against a registry directory, printing a summary.
   *
   * @param root the registry directory
   * @param out where to print
   * @return the version {@code @champion} points at
   * @throws IOException if the data cannot be read
   */
  public static ModelVersion run(Path root, PrintStream out) throws IOException {
    // 1. Data: the Wisconsin breast-cancer set, split 70/30 with a fixed seed.
    Path csv = Files.createTempFile("breast_cancer", ".csv");
    try (InputStream in = Quickstart.class.getResourceAsStream("/breast_cancer.csv")) {
      Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
    }
    var source = new CSVLoader<>(new LabelFactory()).loadDataSource(csv, "diagnosis");
    var split = new TrainTestSplitter<>(source, 0.7, 42L);
    Dataset<Label> train = new MutableDataset<>(split.getTrain());
    Dataset<Label> test = new MutableDataset<>(split.getTest());

    try (ModelRegistry registry = ModelRegistry.open(root)) {
      // 2. The data set is versioned too, so models can point at the exact data they used.
      ModelVersion data = registry.register(Registration.dataset("breast-cancer", csv)
          .description("Wisconsin Diagnostic Breast Cancer (UCI), 569 rows").build());
      Files.delete(csv);

      // 3. Two candidate models, each registered with its accuracy as a tag.
      List<Trainer<Label>> trainers = List.of(
          new LinearSGDTrainer(new Hinge(), new AdaGrad(0.1, 0.1), 5, 1L),
          new LogisticRegressionTrainer());
      ModelVersion best = null;
      double bestAccuracy = -1;
      Tracking tracking = Tracking.of(registry);
      for (Trainer<Label> trainer : trainers) {
        // Training runs inside a tracked run: params, seeds, data, environment and provenance are recorded.
        ModelVersion v = tracking.run("breast-cancer", trainer.getClass().getSimpleName(), run -> {
          run.logDataset(data, DatasetRole.TRAINING);
          Model<Label> model = TribuoRuns.train(run, trainer, train);
          double accuracy = new LabelEvaluator().evaluate(model, test).accuracy();
          run.logMetric("accuracy", accuracy);
          return run.register(Registration.model("breast-cancer-classifier", model) // lineage: run + data
              .tag("accuracy", String.format("%.4f", accuracy))
              .description(trainer.getClass().getSimpleName()));
        });
        double accuracy = Double.parseDouble(v.tags().get("accuracy"));
        out.printf("registered %-30s %-28s accuracy %.4f%n", v.id(), trainer.getClass().getSimpleName(), accuracy);
        if (accuracy > bestAccuracy) {
          best = v;
          bestAccuracy = accuracy;
        }
      }

      // 4. Promote the better one with a compare-and-set on the alias.
      OptionalInt previous = OptionalInt.empty();
      Integer current = registry.aliases(best.name()).get("champion");
      if (current != null) {
        previous = OptionalInt.of(current);
      }
      registry.setAlias(best.name(), "champion", best.version(), previous);
      out.printf("@champion -> %s (was %s)%n", best.id(),
          previous.isPresent() ? best.name() + "/" + previous.getAsInt() : "unset");

      // 5. Load by alias (every byte verified), predict one held-out row, check the store.
      try (TabularPredictor predictor = registry.load(best.name() + "@champion")) {
        Example<Label> row = test.getExample(0);
        Map<String, Double> sparse = new LinkedHashMap<>();
        for (Feature f : row) {
          sparse.put(f.getName(), f.getValue());
        }
        // The predictor requires every feature of its signature; Tribuo keeps rows sparse, so a
        // feature missing from the example is an explicit 0 here.
        Map<String, Object> features = new LinkedHashMap<>();
        for (String name : predictor.schema().names()) {
          features.put(name, sparse.getOrDefault(name, 0.0));
        }
        Prediction.Classification p = (Prediction.Classification) predictor.predict(features);
        out.printf("predicted %s (true label %s), scores %s%n", p.label(), row.getOutput().getLabel(), p.scores());
      }
      var report = registry.verify();
      out.printf("verify: %d versions, %d blobs checked, %s%n", report.versionsChecked(), report.blobsChecked(),
          report.isClean() ? "clean" : report.problems());
      TrainingRunStep.reproduce(tracking, best, out);
      out.printf("registry at %s%n", root.toAbsolutePath());
      return best;
    }
  }
}
