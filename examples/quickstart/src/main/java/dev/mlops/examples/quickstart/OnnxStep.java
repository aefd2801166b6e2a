package dev.mlops.examples.quickstart;

import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.routing.Routed;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.onnx.OnnxRegistration;
import dev.mlops.registry.routing.ModelRouter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;

/**
 * The quickstart's ONNX step: exports the champion to ONNX, registers both forms as a new version
 * (checked to agree on every row of the data), points {@code @onnx} at it, and routes a share of the
 * traffic to it, served by ONNX Runtime, beside the Tribuo champion.
 */
public final class OnnxStep {
  /** Simulated requests. */
  static final int REQUESTS = 1000;
  /** The share of requests routed to the ONNX version, in percent. */
  static final int ONNX_SHARE = 20;
  private static final String MODEL = "breast-cancer-classifier";

  private OnnxStep() {}

  /**
   * What the step did.
   *
   * @param version the ONNX version registered
   * @param onnxRequests requests the ONNX version answered
   * @param agreeing of those, answers with the champion's label
   */
  public record Outcome(ModelVersion version, int onnxRequests, int agreeing) {}

  /**
   * Registers the champion's ONNX export and routes a share of traffic to it.
   *
   * @param root the registry directory the quickstart wrote
   * @param out where to print
   * @return what was registered and served
   * @throws IOException if the data cannot be read
   */
  public static Outcome run(Path root, PrintStream out) throws IOException {
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      ModelVersion champion = registry.get(MODEL + "@champion");
      Model<?> model;
      try (TabularPredictor p = registry.load(MODEL + "@champion")) {
        model = ((TribuoPredictor) p).model();
      }
      List<String> order = TribuoModels.signatureOf(model).inputs().names();
      List<Map<String, Object>> requests = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      read(order, requests, rows);
      Registration.Builder export = OnnxRegistration.tribuo(MODEL, model, rows)
          .parent(champion.id())
          .description("ONNX export of " + champion.id() + ", served by ONNX Runtime");
      champion.manifest().lineage().datasets().forEach(export::dataset);   // the champion's training data
      ModelVersion onnx = registry.register(export.build());
      registry.setAlias(MODEL, "onnx", onnx.version());
      out.printf("onnx: registered %s (%s beside the Tribuo model; agrees on %s rows, largest score difference %s)%n",
          onnx.id(), OnnxRegistration.ONNX_FILE, onnx.manifest().metadata().get("onnx.agreement.rows"),
          onnx.manifest().metadata().get("onnx.agreement.maxDifference"));

      String championRef = MODEL + "@champion";
      String onnxRef = MODEL + "@onnx";
      int served = 0;
      int agreeing = 0;
      try (ModelRouter router = ModelRouter.builder(registry, "quickstart-onnx")
          .variant(championRef, 100 - ONNX_SHARE).variant(onnxRef, ONNX_SHARE).fallback(championRef).build();
          TabularPredictor reference = registry.load(MODEL + "/" + champion.version())) {
        for (int i = 0; i < REQUESTS; i++) {
          Map<String, Object> features = requests.get(i % requests.size());
          Routed<Prediction> r = router.route("patient-" + i, features);
          if (r.decision().variant().equals(onnxRef) && r.failure().isEmpty()) {
            served++;
            String expected = ((Prediction.Classification) reference.predict(features)).label();
            if (((Prediction.Classification) r.output()).label().equals(expected)) {
              agreeing++;
            }
          }
        }
        out.printf("onnx: routed %d%% of %d requests to %s (%s): %d answers, %d with the champion's label%n", ONNX_SHARE,
            REQUESTS, onnxRef, router.servedVersions().get(onnxRef), served, agreeing);
      }
      return new Outcome(onnx, served, agreeing);
    }
  }

  private static void read(List<String> order, List<Map<String, Object>> requests, List<double[]> rows) throws IOException {
    try (InputStream in = OnnxStep.class.getResourceAsStream("/breast_cancer.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cells = line.split(",");
        Map<String, Object> features = new java.util.LinkedHashMap<>();
        for (int j = 0; j < header.length - 1; j++) {
          features.put(header[j], Double.parseDouble(cells[j]));
        }
        double[] row = new double[order.size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = (Double) features.get(order.get(j));
        }
        requests.add(features);
        rows.add(row);
      }
    }
  }
}
