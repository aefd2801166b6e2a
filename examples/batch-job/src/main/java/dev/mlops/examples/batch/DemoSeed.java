package dev.mlops.examples.batch;

import dev.mlops.monitoring.frame.Column;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.monitor.VersionProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;

/**
 * The demo's first-run seed (what your training pipeline does in production): registers the demo training
 * rows as data set {@value #TRAINING_DATASET}, trains a Tribuo logistic regression on them inside a tracked
 * run, registers it with its reference profiles stored in the version ({@link VersionProfiles#attach}), and
 * points {@code @champion} at it. The shipped sample files ({@code incoming.csv}, {@code labelled.csv}) are
 * copied out of the jar for the job to read.
 *
 * <p>Stateless and thread-safe; seeding one registry from two processes at once registers twice.
 */
public final class DemoSeed {
  /** The data set the demo champion is trained on. */
  public static final String TRAINING_DATASET = "breast-cancer-training";
  /** The label column of the demo data. */
  public static final String LABEL = "diagnosis";

  private DemoSeed() {}

  /**
   * Trains and registers the demo champion when the model has no {@code @champion}.
   *
   * @param registry a registry whose promotion policy lets a first {@code @champion} be set (the seed runs
   *     before the job opens its own, governed registry)
   * @param model the model name
   * @param out where to print what was done
   * @return the new champion, or empty when one existed
   * @throws UncheckedIOException if the demo data cannot be read
   */
  public static Optional<ModelVersion> ifNoChampion(ModelRegistry registry, String model, PrintStream out) {
    if (registry.names().contains(model) && registry.aliases(model).containsKey("champion")) {
      return Optional.empty();
    }
    try {
      Path dir = Files.createTempDirectory("demo-seed");
      Path csv = extract("training.csv", dir);
      ModelVersion data = registry.register(Registration.dataset(TRAINING_DATASET, csv)
          .description("Wisconsin Diagnostic Breast Cancer (UCI): 398 rows, the demo champion's training data")
          .build());
      ModelVersion champion = Tracking.of(registry).run("breast-cancer", "standardised-logistic-regression", run -> {
        run.logDataset(data, DatasetRole.TRAINING);
        MutableDataset<Label> train = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(csv,
            LABEL));
        Model<Label> m = TribuoRuns.train(run, TribuoRetraining.trainer(), train);
        String[] predicted = m.predict(train).stream().map(p -> p.getOutput().getLabel()).toArray(String[]::new);
        return run.register(VersionProfiles.attach(Registration.model(model, m), features(csv), predicted)
            .description("demo champion: logistic regression on standardised features of " + data.id()));
      });
      registry.setAlias(model, "champion", champion.version());
      Files.delete(csv);
      Files.delete(dir);
      out.printf("seeded the demo: %s trained on %s, @champion -> %s%n", champion.id(), data.id(), champion.id());
      return Optional.of(champion);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the demo's training data", e);
    }
  }

  /**
   * Copies one of the shipped demo files ({@code training.csv}, {@code incoming.csv}, {@code labelled.csv})
   * into a directory.
   *
   * @param name the file name
   * @param dir the directory (created if needed)
   * @return the copy
   * @throws UncheckedIOException if it cannot be copied
   */
  public static Path extract(String name, Path dir) {
    try (InputStream in = Objects.requireNonNull(DemoSeed.class.getResourceAsStream("/demo/" + name),
        "no demo file " + name)) {
      Files.createDirectories(dir);
      Path target = dir.resolve(name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy the demo file " + name + " to " + dir, e);
    }
  }

  private static Frame features(Path csv) {
    List<Column> columns = new ArrayList<>();
    for (Column c : Frames.csv().categorical(LABEL).read(csv).columns()) {
      if (c instanceof NumericColumn) {
        columns.add(c);
      }
    }
    return Frame.of(columns);
  }
}
