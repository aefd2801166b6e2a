package dev.mlops.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.tribuo.TribuoFixtures.BreastCancer;
import dev.mlops.core.tribuo.TribuoFixtures.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

class TribuoClassificationTest {
  private static final List<String> COLUMNS = TribuoFixtures.featureColumns(BreastCancer.CSV, BreastCancer.RESPONSE);

  @Test
  void csvLoader_readsEveryRowOfTheDataSet() {
    assertThat(BreastCancer.DATA.size()).isEqualTo(569);
    assertThat(BreastCancer.ROWS).hasSize(569);
    assertThat(COLUMNS).hasSize(30);
  }

  @Test
  void serialize_deserialize_givesIdenticalPredictionsOnEveryRow() {
    byte[] bytes = TribuoModels.serialize(BreastCancer.MODEL);
    @SuppressWarnings("unchecked")
    Model<Label> restored = (Model<Label>) TribuoModels.deserialize(bytes, "breast-cancer/1");

    for (Example<Label> example : BreastCancer.DATA) {
      org.tribuo.Prediction<Label> expected = BreastCancer.MODEL.predict(example);
      org.tribuo.Prediction<Label> actual = restored.predict(example);
      assertThat(actual.getOutput().getLabel()).isEqualTo(expected.getOutput().getLabel());
      assertThat(scores(actual)).isEqualTo(scores(expected));
    }
  }

  @Test
  void serialize_isDeterministic() {
    assertThat(TribuoModels.serialize(BreastCancer.MODEL)).isEqualTo(TribuoModels.serialize(BreastCancer.MODEL));
  }

  @Test
  void model_predictsBothClassesOnTheTrainingData() {
    // Guards the other tests: identical predictions of a constant model would prove little.
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    Map<String, Integer> counts = new HashMap<>();
    int correct = 0;
    for (Row row : BreastCancer.ROWS) {
      String label = ((Prediction.Classification) p.predict(row.features())).label();
      counts.merge(label, 1, Integer::sum);
      correct += label.equals(row.response()) ? 1 : 0;
    }

    assertThat(counts).containsOnlyKeys("benign", "malignant");
    assertThat(correct).isGreaterThan(569 / 2);
  }

  @Test
  void signatureOf_listsThe30FeaturesAndBothLabels() {
    ModelSignature signature = TribuoModels.signatureOf(BreastCancer.MODEL);

    assertThat(signature.inputs().names()).hasSize(30).containsExactlyInAnyOrderElementsOf(COLUMNS);
    assertThat(signature.output()).isEqualTo(OutputSpec.classification(List.of("benign", "malignant")));
    assertThat(signature.output().kind()).isEqualTo(OutputKind.CLASSIFICATION);
  }

  @Test
  void signatureOf_followsTheModelsFeatureIdOrder() {
    List<String> names = TribuoModels.signatureOf(BreastCancer.MODEL).inputs().names();

    for (int id = 0; id < names.size(); id++) {
      assertThat(names.get(id)).isEqualTo(BreastCancer.MODEL.getFeatureIDMap().get(id).getName());
    }
  }

  @Test
  void predict_matchesTribuoOnEveryRow() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    int i = 0;
    for (Example<Label> example : BreastCancer.DATA) {
      org.tribuo.Prediction<Label> expected = BreastCancer.MODEL.predict(example);
      Prediction.Classification actual = (Prediction.Classification) p.predict(BreastCancer.ROWS.get(i++).features());

      assertThat(actual.label()).isEqualTo(expected.getOutput().getLabel());
      scores(expected).forEach((label, score) -> assertThat(actual.score(label)).isCloseTo(score, within(1e-12)));
      assertThat(actual.scores()).containsOnlyKeys("benign", "malignant");
    }
  }

  @Test
  void predict_scoresAreProbabilities() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    Prediction.Classification c = (Prediction.Classification) p.predict(BreastCancer.ROWS.get(0).features());

    assertThat(c.score("benign") + c.score("malignant")).isCloseTo(1.0, within(1e-9));
    assertThat(c.score(c.label())).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void predict_missingFeature_throwsInvalidInputExceptionNamingIt() {
    Map<String, Double> input = new HashMap<>(BreastCancer.ROWS.get(0).features());
    input.remove("worst_area");

    assertRejected(input, "worst_area");
  }

  @Test
  void predict_unknownFeature_throwsInvalidInputExceptionNamingIt() {
    Map<String, Object> input = new HashMap<>(BreastCancer.ROWS.get(0).features());
    input.put("patient_age", 54.0);

    assertRejected(input, "patient_age");
  }

  @Test
  void predict_misspelledFeature_isNotSilentlyTreatedAsZero() {
    Map<String, Object> input = new HashMap<>(BreastCancer.ROWS.get(0).features());
    input.put("mean_radios", input.remove("mean_radius"));

    assertRejected(input, "mean_radios");
  }

  @Test
  void predict_NaN_throwsInvalidInputExceptionNamingTheFeature() {
    Map<String, Object> input = new HashMap<>(BreastCancer.ROWS.get(0).features());
    input.put("mean_texture", Double.NaN);

    assertRejected(input, "mean_texture");
  }

  @Test
  void predict_wrongType_throwsWithoutEchoingTheValue() {
    Map<String, Object> input = new HashMap<>(BreastCancer.ROWS.get(0).features());
    input.put("mean_texture", "patient-4711");

    assertThatThrownBy(() -> TribuoPredictor.of(BreastCancer.MODEL).predict(input))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("mean_texture");
          assertThat(e.getMessage()).doesNotContain("patient-4711");
        });
  }

  @Test
  void predictRow_rejectsWrongLengthAndNonFiniteValues() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    double[] row = p.schema().toRow(BreastCancer.ROWS.get(0).features());
    double[] withInfinity = row.clone();
    withInfinity[3] = Double.POSITIVE_INFINITY;

    assertThatThrownBy(() -> p.predictRow(new double[29])).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> p.predictRow(withInfinity))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo(p.schema().names().get(3)));
    assertThatThrownBy(() -> p.predictRows(List.of(row, withInfinity))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void predictRows_equalsPredictRowForEveryRow() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    List<String> order = p.schema().names();
    List<double[]> rows = BreastCancer.ROWS.stream().map(r -> r.in(order)).toList();

    List<Prediction> batch = p.predictRows(rows);

    assertThat(batch).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(batch.get(i)).as("row %d", i).isEqualTo(p.predictRow(rows.get(i)));
    }
  }

  @Test
  void predictAll_equalsPredictForEveryInput() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    List<Map<String, Double>> inputs = BreastCancer.ROWS.subList(0, 50).stream().map(Row::features).toList();

    List<Prediction> all = p.predictAll(inputs);

    for (int i = 0; i < inputs.size(); i++) {
      assertThat(all.get(i)).isEqualTo(p.predict(inputs.get(i)));
    }
  }

  @Test
  void predict_isIndependentOfInputMapOrder() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);
    Row row = BreastCancer.ROWS.get(7);
    List<String> keys = new ArrayList<>(row.features().keySet());
    Collections.shuffle(keys, new Random(3));
    Map<String, Double> shuffled = new java.util.LinkedHashMap<>();
    keys.forEach(k -> shuffled.put(k, row.features().get(k)));

    assertThat(p.predict(shuffled)).isEqualTo(p.predict(row.features()));
  }

  @Test
  void of_withRecordedSignatureInAnotherOrder_readsRowsInTheRecordedOrder() {
    TribuoPredictor derived = TribuoPredictor.of(BreastCancer.MODEL);
    List<String> reversed = new ArrayList<>(derived.schema().names());
    Collections.reverse(reversed);
    ModelSignature recorded = new ModelSignature(Schema.numeric(reversed), derived.signature().output());

    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL, recorded, "breast-cancer/1");

    Row row = BreastCancer.ROWS.get(11);
    assertThat(p.schema().names()).isEqualTo(reversed);
    assertThat(p.predictRow(row.in(reversed))).isEqualTo(derived.predictRow(row.in(derived.schema().names())));
    assertThat(p.predict(row.features())).isEqualTo(derived.predict(row.features()));
  }

  @Test
  void of_withSignatureOfOtherFeatures_throwsIntegrityException() {
    List<String> names = new ArrayList<>(COLUMNS);
    names.set(0, "not_a_feature");
    ModelSignature wrong = new ModelSignature(Schema.numeric(names), OutputSpec.classification(List.of("benign", "malignant")));

    assertThatThrownBy(() -> TribuoPredictor.of(BreastCancer.MODEL, wrong, "x/1"))
        .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.subject()).isEqualTo("x/1"));
  }

  @Test
  void of_withSignatureMissingAFeature_throwsIntegrityException() {
    ModelSignature wrong = new ModelSignature(
        Schema.numeric(COLUMNS.subList(1, COLUMNS.size())), OutputSpec.classification(List.of("benign", "malignant")));

    assertThatThrownBy(() -> TribuoPredictor.of(BreastCancer.MODEL, wrong, "x/1"))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void deserialize_garbage_throwsIntegrityException() {
    byte[] garbage = new byte[4096];
    new Random(5).nextBytes(garbage);

    assertThatThrownBy(() -> TribuoModels.deserialize(garbage, "x/1"))
        .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.subject()).isEqualTo("x/1"));
    assertThatThrownBy(() -> TribuoModels.deserialize(new byte[0], "x/1")).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> TribuoModels.deserialize("{\"model\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "x/1"))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void deserialize_truncatedModel_throwsIntegrityException() {
    byte[] bytes = TribuoModels.serialize(BreastCancer.MODEL);

    assertThatThrownBy(() -> TribuoModels.deserialize(java.util.Arrays.copyOf(bytes, bytes.length / 2), "x/1"))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void metadataOf_recordsProvenanceFacts() {
    Map<String, String> meta = TribuoModels.metadataOf(BreastCancer.MODEL);

    assertThat(meta).containsKeys("tribuo.version", "tribuo.trainer", "tribuo.modelClass", "tribuo.trainingTime");
    assertThat(meta.get("tribuo.dataset.examples")).isEqualTo("569");
    assertThat(meta.get("tribuo.trainer")).endsWith("LogisticRegressionTrainer");
    assertThat(meta.get("tribuo.modelClass")).isEqualTo(BreastCancer.MODEL.getClass().getName());
    meta.forEach((k, v) -> {
      dev.mlops.core.Names.requireTagKey(k);
      dev.mlops.core.Names.requireTagValue(v);
    });
  }

  @Test
  void predictor_exposesModelProvenanceAndDescribesItself() {
    TribuoPredictor p = TribuoPredictor.of(BreastCancer.MODEL);

    assertThat(p.model()).isSameAs(BreastCancer.MODEL);
    assertThat(p.provenance()).isSameAs(BreastCancer.MODEL.getProvenance());
    assertThat(p.schema()).isEqualTo(p.signature().inputs());
    assertThat(p.toString()).contains("30 features");
  }

  private static void assertRejected(Map<String, ?> input, String feature) {
    assertThatThrownBy(() -> TribuoPredictor.of(BreastCancer.MODEL).predict(input))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(feature));
  }

  private static Map<String, Double> scores(org.tribuo.Prediction<Label> p) {
    Map<String, Double> scores = new HashMap<>();
    p.getOutputScores().forEach((k, v) -> scores.put(k, v.getScore()));
    return scores;
  }
}
