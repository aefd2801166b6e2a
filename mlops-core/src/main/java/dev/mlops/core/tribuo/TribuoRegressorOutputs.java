package dev.mlops.core.tribuo;

import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Regression outputs. */
final class TribuoRegressorOutputs extends TribuoOutputs<Regressor> {
  @Override
  Regressor unknown() {
    return RegressionFactory.UNKNOWN_REGRESSOR;
  }

  @Override
  OutputSpec spec(Model<?> model) {
    List<String> dims = model.getOutputIDInfo().getDomain().stream()
        .flatMap(o -> java.util.Arrays.stream(((Regressor) o).getNames()))
        .distinct()
        .sorted()
        .toList();
    return OutputSpec.regression(dims);
  }

  @Override
  Prediction convert(org.tribuo.Prediction<Regressor> p) {
    Regressor r = p.getOutput();
    String[] names = r.getNames();
    double[] values = r.getValues();
    Map<String, Double> out = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], values[i]);
    }
    return new Prediction.Regression(out);
  }
}
