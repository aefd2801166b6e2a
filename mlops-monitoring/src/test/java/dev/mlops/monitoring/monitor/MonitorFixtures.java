package dev.mlops.monitoring.monitor;

import dev.mlops.core.model.Prediction;
import dev.mlops.monitoring.frame.CategoricalColumn;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.NumericColumn;
import dev.mlops.monitoring.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded streams for monitor tests: a reference of two normal features and a plan category. */
public final class MonitorFixtures {
  private MonitorFixtures() {}

  /** The reference: x ~ N(0,1), y ~ N(5,2), plan in {free, pro, team} with 60/30/10%. */
  public static Frame referenceFrame(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[rows];
    double[] y = new double[rows];
    String[] plan = new String[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = gaussian(r);
      y[i] = 5 + 2 * gaussian(r);
      plan[i] = plan(r.nextDouble());
    }
    return Frame.of(new NumericColumn("x", x), new NumericColumn("y", y), new CategoricalColumn("plan", plan));
  }

  public static ReferenceProfile referenceProfile() {
    return ReferenceProfile.builder().parallelism(1).build(referenceFrame(2000, 7));
  }

  static String plan(double u) {
    return u < 0.6 ? "free" : u < 0.9 ? "pro" : "team";
  }

  public static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** One row; shift moves x by shift standard deviations. */
  public static Map<String, Object> row(SplittableRandom r, double shift) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", gaussian(r) + shift);
    m.put("y", 5 + 2 * gaussian(r));
    m.put("plan", plan(r.nextDouble()));
    return m;
  }

  /** The model: "yes" when x > 0.5 (about 31% of the reference). */
  public static Prediction predict(Map<String, Object> row) {
    double x = (Double) row.get("x");
    return new Prediction.Classification(x > 0.5 ? "yes" : "no", Map.of("yes", x > 0.5 ? 0.8 : 0.2,
        "no", x > 0.5 ? 0.2 : 0.8));
  }

  public static ReferenceProfile outputProfile() {
    SplittableRandom r = new SplittableRandom(11);
    List<Prediction> ps = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ps.add(predict(row(r, 0)));
    }
    return PredictionMonitor.outputProfile(ps);
  }
}
