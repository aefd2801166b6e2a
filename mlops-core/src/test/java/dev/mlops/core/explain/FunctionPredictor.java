package dev.mlops.core.explain;

import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A user's own regression model written as a function of the row (how a hand-written model plugs in). */
final class FunctionPredictor implements TabularPredictor {
  private final ModelSignature signature;
  private final ToDoubleFunction<double[]> f;

  FunctionPredictor(List<String> names, ToDoubleFunction<double[]> f) {
    this.signature = new ModelSignature(Schema.numeric(names), OutputSpec.regression(List.of("y")));
    this.f = f;
  }

  static FunctionPredictor of(int m, ToDoubleFunction<double[]> f) {
    return new FunctionPredictor(List.of(ExplainFixtures.names(m)), f);
  }

  /** The sum of two models' explained outputs. */
  static FunctionPredictor sum(TabularPredictor a, ExplainedOutput oa, TabularPredictor b, ExplainedOutput ob) {
    return new FunctionPredictor(a.schema().names(), r -> oa.of(a.predictRow(r)) + ob.of(b.predictRow(r)));
  }

  @Override
  public Prediction predictRow(double[] row) {
    return new Prediction.Regression(Map.of("y", f.applyAsDouble(signature.inputs().checkRow(row))));
  }

  @Override
  public ModelSignature signature() {
    return signature;
  }
}
