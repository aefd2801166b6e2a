package dev.mlops.examples.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;

/**
 * The breast-cancer data split as {@link Quickstart#run} splits it (Tribuo's loader, 70/30, seed 42), for
 * the steps that train or test again on the same rows. Immutable.
 *
 * @param train the training rows
 * @param test the held-out rows
 */
record QuickstartSplit(Dataset<Label> train, Dataset<Label> test) {
  /** The label column. */
  static final String LABEL = "diagnosis";

  /** Reads the bundled CSV and splits it. */
  static QuickstartSplit read() throws IOException {
    Path csv = Files.createTempFile("breast_cancer", ".csv");
    try {
      try (InputStream in = QuickstartSplit.class.getResourceAsStream("/breast_cancer.csv")) {
        Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
      }
      var split = new TrainTestSplitter<>(new CSVLoader<>(new LabelFactory()).loadDataSource(csv, LABEL), 0.7, 42L);
      return new QuickstartSplit(new MutableDataset<>(split.getTrain()), new MutableDataset<>(split.getTest()));
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
