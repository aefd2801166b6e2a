package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.Schema;
import dev.mlops.core.tribuo.TribuoModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.SparseModel;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.explanations.lime.LIMEColumnar;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.data.columnar.ColumnarFeature;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.slm.LARSLassoTrainer;
import org.tribuo.util.tokens.impl.BreakIteratorTokenizer;

/**
 * LIME for Tribuo classifiers through Tribuo's own {@link LIMEColumnar}, wrapped in an
 * {@link Explanation}: Tribuo samples around the row, labels the samples with the model's class
 * probabilities and fits a sparse linear surrogate (LARS-lasso) weighted by distance. The
 * explanation's contributions are the surrogate's terms {@code w_j x_j}, its base value the
 * surrogate's intercept, and its accuracy the surrogate's R² on its own samples
 * ({@link Accuracy.Kind#SURROGATE_R2}); {@link Explanation#additivityError()} is the gap between the
 * surrogate and the model at the row.
 *
 * <p>LIMEColumnar works on models trained through Tribuo's columnar pipeline, whose features are
 * named {@code field@...}: pass that pipeline's {@link RowProcessor}, or use
 * {@link #numeric(Model, int, long)} for models whose features are all {@code field@value} numbers
 * (Tribuo's {@link DoubleFieldProcessor}).
 *
 * <pre>{@code
 * LimeExplainer lime = LimeExplainer.numeric(model, 1000, 42L);
 * Explanation e = lime.explain(row, ExplainedOutput.score("malignant"));
 * e.accuracy();   // SURROGATE_R2
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe: each explanation uses its own generator seeded from
 * the explainer's seed, so the same row always gets the same explanation.
 */
public final class LimeExplainer {
  private final Model<Label> model;
  private final RowProcessor<Label> rowProcessor;
  private final int samples;
  private final long seed;
  private final Schema schema;
  private final String[] fields;

  private LimeExplainer(Model<Label> model, RowProcessor<Label> rowProcessor, int samples, long seed) {
    this.model = model;
    this.rowProcessor = rowProcessor;
    this.samples = samples;
    this.seed = seed;
    this.schema = TribuoModels.signatureOf(model).inputs();
    this.fields = new String[schema.size()];
    for (int i = 0; i < fields.length; i++) {
      String name = schema.features().get(i).name();
      int at = name.indexOf(ColumnarFeature.JOINER);
      fields[i] = at > 0 ? name.substring(0, at) : null;
    }
  }

  /**
   * Creates an explainer for a model trained through a columnar pipeline.
   *
   * @param model a classifier that produces probabilities
   * @param rowProcessor the row processor that made the model's training examples
   * @param samples the number of perturbed samples per explanation, at least 10
   * @param seed the seed
   * @return the explainer
   * @throws InvalidInputException if the model does not give probabilities
   */
  public static LimeExplainer of(Model<Label> model, RowProcessor<Label> rowProcessor, int samples, long seed) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rowProcessor, "rowProcessor");
    if (samples < 10) {
      throw new IllegalArgumentException("samples < 10");
    }
    if (!model.generatesProbabilities()) {
      throw new InvalidInputException("model", "LIME fits class probabilities; this model gives none. Use KernelShap.");
    }
    return new LimeExplainer(model, rowProcessor, samples, seed);
  }

  /**
   * Creates an explainer for a classifier whose features are all numeric columns named
   * {@code field@value}, building the matching row processor.
   *
   * @param model the classifier
   * @param samples the number of perturbed samples per explanation
   * @param seed the seed
   * @return the explainer
   * @throws InvalidInputException if a feature is not named {@code field@value}, or the model gives no
   *     probabilities
   */
  public static LimeExplainer numeric(Model<Label> model, int samples, long seed) {
    Objects.requireNonNull(model, "model");
    Map<String, FieldProcessor> fieldProcessors = new LinkedHashMap<>();
    for (String name : TribuoModels.signatureOf(model).inputs().names()) {
      String suffix = ColumnarFeature.JOINER + "value";
      if (!name.endsWith(suffix) || name.length() == suffix.length()) {
        throw new InvalidInputException(name, "Feature '" + name + "' is not a numeric column named field@value; LIMEColumnar needs"
            + " a model trained through Tribuo's columnar pipeline (give its RowProcessor to LimeExplainer.of).");
      }
      String field = name.substring(0, name.length() - suffix.length());
      fieldProcessors.put(field, new DoubleFieldProcessor(field));
    }
    RowProcessor<Label> rp = new RowProcessor<>(new FieldResponseProcessor<>("__response__", "", new LabelFactory()), fieldProcessors);
    return of(model, rp, samples, seed);
  }

  /**
   * Returns the model's features in row order.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * Explains a row of numbers in schema order; every feature must be a {@code field@value} column.
   *
   * @param row the row
   * @param output the class score to explain
   * @return the explanation
   * @throws InvalidInputException if the row is invalid, a feature is not a numeric column, the output
   *     is not a class of the model, or the surrogate's fit is undefined (constant scores)
   */
  public Explanation explain(double[] row, ExplainedOutput output) {
    double[] x = schema.checkRow(row);
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < x.length; i++) {
      if (fields[i] == null) {
        throw new InvalidInputException(schema.features().get(i).name(), "Feature is not a columnar field@value feature; pass the columns with explain(Map, output).");
      }
      columns.put(fields[i], Double.toString(x[i]));
    }
    return explain(columns, output);
  }

  /**
   * Explains a row given as columns (field name to its text value), as LIMEColumnar takes it.
   *
   * @param columns field to value
   * @param output the class score to explain
   * @return the explanation
   * @throws InvalidInputException if the output is not a class of the model, or the surrogate's fit
   *     is undefined
   */
  public Explanation explain(Map<String, String> columns, ExplainedOutput output) {
    Objects.requireNonNull(columns, "columns");
    if (output.kind() != ExplainedOutput.Kind.SCORE) {
      throw new InvalidInputException("output", "LIME explains a class score: use ExplainedOutput.score(label).");
    }
    String label = output.name();
    boolean known = model.getOutputIDInfo().getDomain().stream().anyMatch(l -> l.getLabel().equals(label));
    if (!known) {
      throw new InvalidInputException("output", "The model has no class '" + label + "'.");
    }
    LIMEColumnar lime = new LIMEColumnar(new SplittableRandom(seed), model, new LARSLassoTrainer(schema.size()), samples,
        rowProcessor, new BreakIteratorTokenizer(Locale.ROOT));
    LIMEExplanation le;
    try {
      le = lime.explain(columns);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidInputException("columns", "Tribuo's LIMEColumnar rejected the row: " + e.getMessage());
    }
    Prediction<Label> prediction = le.getPrediction();
    double fx = prediction.getOutputScores().containsKey(label) ? prediction.getOutputScores().get(label).getScore() : 0;
    Example<Label> example = prediction.getExample();
    SparseModel<Regressor> surrogate = le.getModel();

    // the surrogate is linear: w_j x_j = g(x) − g(x without feature j)
    List<String> names = schema.names();
    double[] x = new double[names.size()];
    for (org.tribuo.Feature f : example) {
      x[schema.indexOf(f.getName())] = f.getValue();
    }
    int nonZero = 0;
    for (double v : x) {
      if (v != 0) {
        nonZero++;
      }
    }
    if (nonZero == 0) {
      throw new InvalidInputException("row", "Every feature of the row is 0; Tribuo cannot predict an empty example.");
    }
    List<Example<Regressor>> probes = new ArrayList<>();
    probes.add(example(names, x, -1));
    for (int j = 0; j < names.size(); j++) {
      probes.add(example(names, x, j));
    }
    List<Prediction<Regressor>> g = surrogate.predict(probes);
    double gx = dimension(g.get(0).getOutput(), label);
    double[] phi = new double[names.size()];
    double sum = 0;
    for (int j = 0; j < phi.length; j++) {
      double gj = dimension(g.get(j + 1).getOutput(), label);
      // removing j, or (when j is the only non-zero feature) doubling it: both differ by w_j x_j
      phi[j] = x[j] == 0 ? 0 : nonZero > 1 ? gx - gj : gj - gx;
      sum += phi[j];
    }
    double r2 = Double.NaN;
    for (Map.Entry<Regressor, Double> e : le.getEvaluation().r2().entrySet()) {
      if (e.getKey().getNames().length == 1 && e.getKey().getNames()[0].equals(label)) {
        r2 = e.getValue();
      }
    }
    if (!Double.isFinite(r2)) {
      throw new InvalidInputException("output", "The model's score for '" + label + "' does not vary around this row, so LIME's surrogate fit is undefined.");
    }
    return new Explanation(ExplanationMethod.LIME, output, names, Explanation.boxed(x), Explanation.boxed(phi), List.of(), gx - sum, fx,
        new Accuracy(Accuracy.Kind.SURROGATE_R2, r2));
  }

  private static Example<Regressor> example(List<String> names, double[] x, int without) {
    List<String> n = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (i != without && x[i] != 0) {
        n.add(names.get(i));
        v.add(x[i]);
      }
    }
    if (n.isEmpty() && without >= 0) {
      // Tribuo does not predict empty examples: double the only feature instead
      n.add(names.get(without));
      v.add(2 * x[without]);
    }
    double[] values = new double[v.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = v.get(i);
    }
    return new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, n.toArray(new String[0]), values);
  }

  private static double dimension(Regressor r, String label) {
    return r.getDimension(label).map(Regressor.DimensionTuple::getValue).orElse(0.0);
  }
}
