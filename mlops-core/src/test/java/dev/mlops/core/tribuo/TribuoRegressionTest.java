package dev.mlops.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.tribuo.TribuoFixtures.Diabetes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

class TribuoRegressionTest {
  private static final List<String> COLUMNS = TribuoFixtures.featureColumns(Diabetes.CSV, Diabetes.RESPONSE);

  /** The name of the model's one output dimension, as Tribuo records it. */
  private static String dimension() {
    return Diabetes.MODEL.getOutputIDInfo().getDomain().iterator().next().getNames()[0];
  }

  @Test
  void csvLoader_readsEveryRowOfTheDataSet() {
    assertThat(Diabetes.DATA.size()).isEqualTo(442);
    assertThat(COLUMNS).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
  }

  @Test
  void signatureOf_listsTheFeaturesAndTheOneOutputDimension() {
    ModelSignature signature = TribuoModels.signatureOf(Diabetes.MODEL);

    assertThat(signature.inputs().names()).containsExactlyInAnyOrderElementsOf(COLUMNS);
    // Tribuo's CSVLoader names a single response dimension DIM-0, whatever the column is called.
    assertThat(signature.output()).isEqualTo(OutputSpec.regression(List.of(dimension())));
    assertThat(dimension()).isEqualTo("DIM-0");
  }

  @Test
  void predict_givesRegressionWithOneValue_matchingTribuoOnEveryRow() {
    TribuoPredictor p = TribuoPredictor.of(Diabetes.MODEL);
    int i = 0;
    for (Example<Regressor> example : Diabetes.DATA) {
      double expected = Diabetes.MODEL.predict(example).getOutput().getValues()[0];

      Prediction prediction = p.predict(Diabetes.ROWS.get(i++).features());

      assertThat(prediction).isInstanceOf(Prediction.Regression.class);
      Prediction.Regression r = (Prediction.Regression) prediction;
      assertThat(r.values()).containsOnlyKeys(dimension());
      assertThat(r.value()).isFinite().isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void predictions_varyWithTheInput() {
    // Guards the equality tests below: a constant model would pass them trivially.
    TribuoPredictor p = TribuoPredictor.of(Diabetes.MODEL);
    double first = ((Prediction.Regression) p.predict(Diabetes.ROWS.get(0).features())).value();
    double second = ((Prediction.Regression) p.predict(Diabetes.ROWS.get(1).features())).value();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void serialize_deserialize_givesIdenticalPredictionsOnEveryRow() {
    @SuppressWarnings("unchecked")
    Model<Regressor> restored =
        (Model<Regressor>) TribuoModels.deserialize(TribuoModels.serialize(Diabetes.MODEL), "diabetes/1");

    for (Example<Regressor> example : Diabetes.DATA) {
      assertThat(restored.predict(example).getOutput().getValues())
          .containsExactly(Diabetes.MODEL.predict(example).getOutput().getValues());
    }
  }

  @Test
  void predictRows_equalsPredictRowForEveryRow() {
    TribuoPredictor p = TribuoPredictor.of(Diabetes.MODEL);
    List<double[]> rows = Diabetes.ROWS.stream().map(r -> r.in(p.schema().names())).toList();

    List<Prediction> batch = p.predictRows(rows);

    for (int i = 0; i < rows.size(); i++) {
      assertThat(batch.get(i)).isEqualTo(p.predictRow(rows.get(i)));
    }
  }

  @Test
  void predict_missingFeature_throwsInvalidInputExceptionNamingIt() {
    Map<String, Double> input = new HashMap<>(Diabetes.ROWS.get(0).features());
    input.remove("bmi");

    assertThatThrownBy(() -> TribuoPredictor.of(Diabetes.MODEL).predict(input))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("bmi"));
  }
}
