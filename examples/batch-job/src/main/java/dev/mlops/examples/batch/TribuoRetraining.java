package dev.mlops.examples.batch;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.model.Schema;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.monitoring.retrain.RetrainingJob;
import dev.mlops.monitoring.retrain.RetrainingRequest;
import dev.mlops.registry.LineageData;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Run;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.Trainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.data.csv.CSVLoader;

/**
 * The retraining job the {@link dev.mlops.monitoring.retrain.RetrainingPolicy} runs inside a tracked training
 * run: a Tribuo logistic regression on the champion's training data plus the recently labelled rows.
 *
 * <ol>
 *   <li>The labelled rows (rows lacking a value are left out, and counted) are shuffled with the seed and
 *       split: a share is held out for the promotion gate, the rest is new training data.</li>
 *   <li>The champion's training data set is read, verified, from the registry through its lineage; the new
 *       rows are appended and the result is registered as the next version of that data set (logged as the
 *       run's TRAINING input). The holdout is registered as data set {@code <model>-holdout} (logged as TEST):
 *       the gate suite reads it from the candidate's run, so the evidence names exactly the rows tested.</li>
 *   <li>The model is trained with {@link TribuoRuns#train} (parameters, seeds, provenance recorded), its
 *       holdout accuracy logged, and it is returned for registration with its reference profiles stored in
 *       the version ({@link VersionProfiles#attach}).</li>
 * </ol>
 *
 * <p>Not thread-safe; the policy runs one job at a time.
 */
public final class TribuoRetraining implements RetrainingJob {
  /** The run metric of the candidate's accuracy on the holdout. */
  public static final String HOLDOUT_ACCURACY = "holdout.accuracy";

  private final ModelRegistry registry;
  private final Path labelled;
  private final String label;
  private final double holdoutShare;
  private final long seed;

  /**
   * Creates the job.
   *
   * @param registry the registry (the champion's lineage and the new data sets)
   * @param labelled the labelled rows (CSV: every feature and the label column; other columns are ignored)
   * @param label the label column
   * @param holdoutShare the share of the labelled rows held out, in (0, 1)
   * @param seed the seed of the split
   */
  public TribuoRetraining(ModelRegistry registry, Path labelled, String label, double holdoutShare, long seed) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.labelled = Objects.requireNonNull(labelled, "labelled");
    this.label = Objects.requireNonNull(label, "label");
    this.holdoutShare = holdoutShare;
    this.seed = seed;
  }

  /**
   * The trainer of the demo champion and of every retraining: a logistic regression on standardised
   * features (each feature's mean and standard deviation are learnt from the training rows and kept in the
   * model, so the registered model takes raw values).
   *
   * @return a new trainer
   */
  public static Trainer<Label> trainer() {
    return new TransformTrainer<>(new LogisticRegressionTrainer(),
        new TransformationMap(List.of(new MeanStdDevTransformation())));
  }

  @Override
  public Registration.Builder train(RetrainingRequest request, Run run) throws IOException {
    ModelVersion champion = request.current().orElseThrow(() -> new NotFoundException("alias", request.model(),
        "Retraining starts from the current champion's training data; " + request.model() + " has no @champion."));
    ModelVersion trainingData = LineageData.trainingDataset(registry, champion);
    Schema schema;
    try (var p = registry.load(champion.id().toString())) {
      schema = p.schema();
    }
    Frame old = readDataset(trainingData, schema);
    BatchInput fresh = BatchInput.read(labelled, schema);
    CategoricalColumn labels = (CategoricalColumn) fresh.frame().column(label).orElseThrow(() ->
        new InvalidInputException(label, labelled + " has no label column '" + label + "'; pass --label=COLUMN."));
    List<Integer> complete = new ArrayList<>();
    for (int r = 0; r < fresh.rows(); r++) {
      if (labels.value(r) != null && isComplete(fresh.frame(), schema, r)) {
        complete.add(r);
      }
    }
    int[] order = complete.stream().mapToInt(Integer::intValue).toArray();
    SplittableRandom random = new SplittableRandom(run.logSeed("holdout-split", seed));
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int holdoutRows = (int) Math.round(order.length * holdoutShare);
    if (holdoutRows < 20 || order.length - holdoutRows < 1) {
      throw new InvalidInputException("labelled", labelled + " holds " + order.length + " complete labelled rows; "
          + "the gate needs a holdout of at least 20 (share " + holdoutShare + "). Label more rows.");
    }
    run.logParam("labelled.rows", Integer.toString(fresh.rows()));
    run.logParam("labelled.incomplete", Integer.toString(fresh.rows() - order.length));
    run.logParam("holdout.share", Double.toString(holdoutShare));

    Path dir = Files.createTempDirectory("retrain");
    try {
      Path trainCsv = dir.resolve("training.csv");
      Path holdoutCsv = dir.resolve("holdout.csv");
      List<String> names = schema.names();
      AtomicFiles.write(trainCsv, out -> {
        header(out, names);
        for (int r = 0; r < old.rowCount(); r++) {
          row(out, old, names, r, ((CategoricalColumn) old.column(label).orElseThrow()).value(r));
        }
        for (int i = holdoutRows; i < order.length; i++) {
          row(out, fresh.frame(), names, order[i], labels.value(order[i]));
        }
      });
      AtomicFiles.write(holdoutCsv, out -> {
        header(out, names);
        for (int i = 0; i < holdoutRows; i++) {
          row(out, fresh.frame(), names, order[i], labels.value(order[i]));
        }
      });
      ModelVersion trainingV = registry.register(Registration.dataset(trainingData.name(), trainCsv)
          .description(trainingData.id() + " plus " + (order.length - holdoutRows) + " rows labelled since, for "
              + request.model()).build());
      ModelVersion holdoutV = registry.register(Registration.dataset(request.model() + "-holdout", holdoutCsv)
          .description(holdoutRows + " labelled rows held out of " + trainingV.id() + " for the promotion gate")
          .build());
      run.logDataset(trainingV, DatasetRole.TRAINING);
      run.logDataset(holdoutV, DatasetRole.TEST);

      LabelFactory factory = new LabelFactory();
      CSVLoader<Label> loader = new CSVLoader<>(factory);
      MutableDataset<Label> train = new MutableDataset<>(loader.loadDataSource(trainCsv, label));
      MutableDataset<Label> holdout = new MutableDataset<>(loader.loadDataSource(holdoutCsv, label));
      Model<Label> model = TribuoRuns.train(run, trainer(), train);
      double accuracy = new LabelEvaluator().evaluate(model, holdout).accuracy();
      run.logMetric(HOLDOUT_ACCURACY, accuracy);

      String[] predicted = model.predict(train).stream().map(p -> p.getOutput().getLabel()).toArray(String[]::new);
      Frame trainingInputs = Frames.csv().categorical(label).read(trainCsv);
      return VersionProfiles.attach(Registration.model(request.model(), model), inputsOf(trainingInputs, names),
              predicted)
          .tag("accuracy", String.format(java.util.Locale.ROOT, "%.4f", accuracy))
          .description("retrained on " + trainingV.id() + " (" + request.reason() + ")");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private Frame readDataset(ModelVersion data, Schema schema) throws IOException {
    if (data.manifest().files().size() != 1) {
      throw new InvalidInputException("dataset", data.id() + " holds " + data.manifest().files().size()
          + " files; this job appends to a data set of one CSV file.");
    }
    try (InputStream in = registry.openFile(data.id().toString(), data.manifest().files().get(0).path());
        var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      Frame f = Frames.csv().categorical(label).read(reader);
      for (String name : schema.names()) {
        if (f.column(name).isEmpty()) {
          throw new InvalidInputException(name, "Training data set " + data.id() + " has no column '" + name + "'.");
        }
      }
      return f;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean isComplete(Frame f, Schema schema, int row) {
    for (String name : schema.names()) {
      if (!Double.isFinite(((NumericColumn) f.column(name).orElseThrow()).value(row))) {
        return false;
      }
    }
    return true;
  }

  private static Frame inputsOf(Frame f, List<String> names) {
    List<dev.mlops.monitoring.frame.Column> cols = new ArrayList<>();
    for (String n : names) {
      cols.add(f.column(n).orElseThrow());
    }
    return Frame.of(cols);
  }

  private void header(Writer out, List<String> names) throws IOException {
    out.write(String.join(",", names) + "," + label + "\n");
  }

  private static void row(Writer out, Frame f, List<String> names, int r, String labelValue) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append(((NumericColumn) f.column(n).orElseThrow()).value(r)).append(',');
    }
    out.write(b.append(labelValue).append('\n').toString());
  }
}
