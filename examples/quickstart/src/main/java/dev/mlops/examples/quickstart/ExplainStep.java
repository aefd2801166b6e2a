package dev.mlops.examples.quickstart;

import dev.mlops.core.explain.Background;
import dev.mlops.core.explain.ExplainedOutput;
import dev.mlops.core.explain.Explanation;
import dev.mlops.core.explain.ExplanationHtml;
import dev.mlops.core.explain.GlobalImportance;
import dev.mlops.core.explain.ImportanceMetric;
import dev.mlops.core.explain.KernelShap;
import dev.mlops.core.explain.PermutationImportance;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.registry.ModelRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The quickstart's explanation step: explain three predictions of {@code @champion} (a linear Tribuo
 * classifier, so KernelSHAP over k-means background data), write each one's waterfall chart and the
 * global importance chart (permutation importance on the data) as HTML/SVG pages under
 * {@code root/explain}.
 */
public final class ExplainStep {
  private ExplainStep() {}

  /**
   * Explains three predictions of the champion and writes the importance chart.
   *
   * @param root the registry directory the quickstart used
   * @param out where to print
   * @return the path of the chart
   * @throws IOException if the data cannot be read or the chart written
   */
  public static Path run(Path root, PrintStream out) throws IOException {
    try (ModelRegistry registry = ModelRegistry.open(root);
        TabularPredictor champion = registry.load("breast-cancer-classifier@champion")) {
      List<String> labels = new ArrayList<>();
      List<double[]> rows = readRows(champion.schema().names(), labels);
      ExplainedOutput malignant = ExplainedOutput.score("malignant");
      KernelShap shap = KernelShap.builder(champion, malignant)
          .background(Background.kmeans(rows, 20, 1L)).samples(1024).seed(7L).build();
      Path dir = Files.createDirectories(root.resolve("explain"));
      for (int i = 0; i < 3; i++) {
        Explanation e = shap.explain(rows.get(i));
        Files.writeString(dir.resolve("explanation-row-" + i + ".html"), ExplanationHtml.waterfall(e),
            StandardCharsets.UTF_8);
        List<Integer> top = new ArrayList<>();
        for (int j = 0; j < e.features().size(); j++) {
          top.add(j);
        }
        top.sort(Comparator.comparingDouble(j -> -Math.abs(e.contributions().get(j))));
        StringBuilder b = new StringBuilder();
        for (int j : top.subList(0, 3)) {
          b.append(String.format(" %s %+.3f", e.features().get(j), e.contributions().get(j)));
        }
        out.printf("explained row %d (%s): score(malignant) %.3f = base %.3f +%s ... (additivity error %.1e, max s.e. %.3f)%n",
            i, labels.get(i), e.prediction(), e.baseValue(), b, e.additivityError(), e.accuracy().value());
      }
      GlobalImportance importance = PermutationImportance.builder(champion, ImportanceMetric.accuracy())
          .repeats(5).seed(3L).build().compute(rows, labels);
      Path chart = dir.resolve("global-importance.html");
      Files.writeString(chart, ExplanationHtml.importanceChart(importance), StandardCharsets.UTF_8);
      out.printf("global importance (permutation, accuracy): top %s; chart at %s, waterfalls beside it%n",
          importance.ranking().subList(0, 3), chart.toAbsolutePath());
      return chart;
    }
  }

  private static List<double[]> readRows(List<String> schema, List<String> labels) throws IOException {
    try (InputStream in = ExplainStep.class.getResourceAsStream("/breast_cancer.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> header = Arrays.asList(r.readLine().split(","));
      int target = header.indexOf("diagnosis");
      int[] column = new int[schema.size()];
      for (int i = 0; i < column.length; i++) {
        column[i] = header.indexOf(schema.get(i));
      }
      List<double[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        double[] row = new double[column.length];
        for (int i = 0; i < row.length; i++) {
          row[i] = Double.parseDouble(cells[column[i]]);
        }
        rows.add(row);
        labels.add(cells[target]);
      }
      return rows;
    }
  }
}
