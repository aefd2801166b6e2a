package dev.mlops.core.explain;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.Schema;
import dev.mlops.core.tribuo.TribuoModels;
import dev.mlops.core.tribuo.TribuoPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;

/**
 * Exact TreeSHAP for Tribuo CART trees ({@code CARTClassificationTrainer}, {@code CARTRegressionTrainer},
 * {@code CARTJointRegressionTrainer}) and weighted ensembles of them (bagging, random forests, with
 * the voting, fully weighted voting or averaging combiner): regression per dimension, classification
 * per class score.
 *
 * <ul>
 *   <li>Path-dependent ({@link #explain(double[], ExplainedOutput)}): expectations follow node covers.
 *       Tribuo's trees do not keep per-node training counts, so the covers are recomputed by passing
 *       rows through the trees: give the model's training rows (the data set a registry version's
 *       lineage points at) or a representative sample. {@link Algorithm#FAST} precomputes each
 *       leaf's path summary (Fast TreeSHAP style) and {@link #explainAll} tabulates each leaf's game
 *       for batches (Fast TreeSHAP v2); {@link Algorithm#LUNDBERG} is Lundberg's Algorithm 2 as
 *       published, the second opinion.
 *   <li>Interventional ({@link #explainInterventional}): exact Shapley values with expectations over
 *       background rows, without sampling.
 * </ul>
 *
 * <pre>{@code
 * TreeShap shap = TreeShap.of(forest, trainingData);            // covers from the training set
 * Explanation e = shap.explain(row, ExplainedOutput.score("class_1"));
 * e.additivityError();                                           // ~1e-15
 * }</pre>
 *
 * <p>Rows are in the model's schema order ({@link #schema()}: Tribuo's feature id order, as
 * {@link TribuoPredictor} uses). Instances are immutable and thread-safe.
 */
public final class TreeShap {

  /** The path-dependent algorithm. Enum constants are immutable and thread-safe. */
  public enum Algorithm {
    /** Per-leaf path summaries precomputed once; O(D²) plain arithmetic per leaf and row, no recursion. */
    FAST,
    /** Lundberg, Erion and Lee's Algorithm 2: O(D²) per leaf per row. */
    LUNDBERG
  }

  private final ModelSignature signature;
  private final TreeEnsemble ensemble;
  private final FastTreeShap fast;

  private TreeShap(ModelSignature signature, TreeEnsemble ensemble) {
    this.signature = signature;
    this.ensemble = ensemble;
    this.fast = FastTreeShap.tryCreate(ensemble);
  }

  /**
   * Reads a Tribuo tree model and recomputes its node covers from rows.
   *
   * @param model a CART tree or a weighted ensemble of CART trees
   * @param coverRows the rows that define the covers (training rows, ideally), in schema order
   * @return the explainer
   * @throws InvalidInputException if the model is not a supported tree model, or the rows are empty
   *     or of the wrong width or not finite
   */
  public static TreeShap of(Model<?> model, List<double[]> coverRows) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(coverRows, "coverRows");
    ModelSignature signature = TribuoModels.signatureOf(model);
    Schema schema = signature.inputs();
    for (double[] r : coverRows) {
      schema.checkRow(r);
    }
    TreeEnsemble e = TribuoTrees.read(model, schema, signature.output()).withCovers(coverRows);
    return new TreeShap(signature, e);
  }

  /**
   * Reads a Tribuo tree model and recomputes its node covers from a Tribuo data set (its training
   * set, found for a registered version through its lineage). Features absent from an example are 0,
   * as Tribuo treats them.
   *
   * @param model the model
   * @param data the data set
   * @return the explainer
   * @throws InvalidInputException as {@link #of(Model, List)}
   */
  public static TreeShap of(Model<?> model, Dataset<?> data) {
    Objects.requireNonNull(data, "data");
    return of(model, rows(TribuoModels.signatureOf(model).inputs(), data));
  }

  /**
   * Reads the model of a Tribuo predictor.
   *
   * @param predictor the predictor
   * @param coverRows the rows that define the covers, in the predictor's schema order
   * @return the explainer
   * @throws InvalidInputException as {@link #of(Model, List)}, or if the predictor's schema order
   *     differs from the model's
   */
  public static TreeShap of(TribuoPredictor predictor, List<double[]> coverRows) {
    TreeShap t = of(predictor.model(), coverRows);
    if (!t.schema().equals(predictor.schema())) {
      throw new InvalidInputException("schema", "The predictor's recorded schema orders features differently from the model; "
          + "give rows in TreeShap.schema() order.");
    }
    return t;
  }

  /**
   * Converts a Tribuo data set to dense rows in a schema's order (absent features are 0).
   *
   * @param schema the schema
   * @param data the data set
   * @return one row per example
   */
  public static List<double[]> rows(Schema schema, Dataset<?> data) {
    List<double[]> rows = new ArrayList<>(data.size());
    for (Example<?> ex : data) {
      double[] r = new double[schema.size()];
      for (Feature f : ex) {
        r[schema.indexOf(f.getName())] = f.getValue();
      }
      rows.add(r);
    }
    return rows;
  }

  /**
   * Returns the model's input features in row order.
   *
   * @return the schema
   */
  public Schema schema() {
    return signature.inputs();
  }

  /**
   * Returns the output names: class labels or regression dimensions.
   *
   * @return the names
   */
  public List<String> outputs() {
    return ensemble.outputs;
  }

  /**
   * Returns the number of trees.
   *
   * @return the count
   */
  public int trees() {
    return ensemble.trees.length;
  }

  /**
   * Returns the mean number of leaves per tree.
   *
   * @return the mean
   */
  public double meanLeaves() {
    return ensemble.meanLeaves();
  }

  /**
   * Returns the depth of the deepest tree.
   *
   * @return the depth
   */
  public int maxDepth() {
    return ensemble.maxDepth();
  }

  /**
   * Returns the model's output computed from the trees, which equals the Tribuo model's.
   *
   * @param row the row
   * @param output the output
   * @return the value
   * @throws InvalidInputException if the row or output does not match the model
   */
  public double predict(double[] row, ExplainedOutput output) {
    return ensemble.predict(schema().checkRow(row), index(output));
  }

  /**
   * Returns the path-dependent base value: the output's expectation under the covers.
   *
   * @param output the output
   * @return the expected value
   * @throws InvalidInputException if the output does not match the model
   */
  public double expectedValue(ExplainedOutput output) {
    return ensemble.expectation(new double[ensemble.numFeatures], new boolean[ensemble.numFeatures], index(output));
  }

  /**
   * Explains one row with path-dependent TreeSHAP, {@link Algorithm#FAST}.
   *
   * @param row the row, in schema order
   * @param output the output
   * @return the explanation; its accuracy is the additivity error
   * @throws InvalidInputException if the row or output does not match the model
   */
  public Explanation explain(double[] row, ExplainedOutput output) {
    return explain(row, output, Algorithm.FAST);
  }

  /**
   * Explains one row with path-dependent TreeSHAP.
   *
   * @param row the row, in schema order
   * @param output the output
   * @param algorithm the algorithm (both give the same values up to rounding)
   * @return the explanation; its accuracy is the additivity error
   * @throws InvalidInputException if the row or output does not match the model
   */
  public Explanation explain(double[] row, ExplainedOutput output, Algorithm algorithm) {
    double[] x = schema().checkRow(row);
    int k = index(output);
    double[] phi = algorithm == Algorithm.FAST && fast != null ? fast.shap(x, k) : LundbergTreeShap.shap(ensemble, x, k);
    return result(ExplanationMethod.TREE_SHAP_PATH_DEPENDENT, output, x, phi, expectedValue(output), ensemble.predict(x, k));
  }

  /**
   * Explains many rows with path-dependent TreeSHAP, per leaf over all rows with tabulated leaf
   * games (Fast TreeSHAP v2; the tables, up to 2<sup>d</sup> doubles per leaf of d unique path
   * features, are built on the first call and kept). Equal to {@link #explain(double[],
   * ExplainedOutput)} for each row up to rounding.
   *
   * @param rows the rows, in schema order
   * @param output the output
   * @return one explanation per row, in order
   * @throws InvalidInputException if a row or the output does not match the model
   */
  public List<Explanation> explainAll(List<double[]> rows, ExplainedOutput output) {
    int k = index(output);
    List<double[]> checked = new ArrayList<>(rows.size());
    for (double[] r : rows) {
      checked.add(schema().checkRow(r));
    }
    double base = expectedValue(output);
    List<Explanation> out = new ArrayList<>(rows.size());
    if (fast == null) {
      for (double[] x : checked) {
        out.add(result(ExplanationMethod.TREE_SHAP_PATH_DEPENDENT, output, x, LundbergTreeShap.shap(ensemble, x, k), base,
            ensemble.predict(x, k)));
      }
      return out;
    }
    double[][] phi = fast.shapAll(checked, k);
    for (int i = 0; i < phi.length; i++) {
      double[] x = checked.get(i);
      out.add(result(ExplanationMethod.TREE_SHAP_PATH_DEPENDENT, output, x, phi[i], base, ensemble.predict(x, k)));
    }
    return out;
  }

  /**
   * Explains one row with interventional TreeSHAP over background rows: the exact Shapley values of
   * {@code v(S) = Σ_b w_b f(x_S, b_rest)}, as {@link ExactShapley} would enumerate them.
   *
   * @param row the row
   * @param output the output
   * @param background the background rows, in schema order
   * @return the explanation; its accuracy is the additivity error
   * @throws InvalidInputException if the row, output or background does not match the model
   */
  public Explanation explainInterventional(double[] row, ExplainedOutput output, Background background) {
    double[] x = schema().checkRow(row);
    int k = index(output);
    if (background.width() != x.length) {
      throw new InvalidInputException("background", "Background rows have " + background.width() + " values; the model has "
          + x.length + " features.");
    }
    double[] phi = InterventionalTreeShap.shap(ensemble, x, background, k);
    double base = 0;
    for (int b = 0; b < background.size(); b++) {
      base += background.weight(b) * ensemble.predict(background.rawRows()[b], k);
    }
    return result(ExplanationMethod.TREE_SHAP_INTERVENTIONAL, output, x, phi, base, ensemble.predict(x, k));
  }

  /**
   * Exact Shapley values of the trees' path-dependent expectations, by enumerating all
   * 2<sup>M</sup> coalitions: the oracle TreeSHAP is tested against.
   *
   * @param row the row
   * @param output the output
   * @return the explanation ({@link ExplanationMethod#EXACT_SHAPLEY_PATH_DEPENDENT})
   * @throws InvalidInputException if the model has more than {@link ExactShapley#MAX_PLAYERS}
   *     features, or the row or output does not match
   */
  public Explanation explainExactPathDependent(double[] row, ExplainedOutput output) {
    double[] x = schema().checkRow(row);
    int k = index(output);
    int m = x.length;
    if (m > ExactShapley.MAX_PLAYERS) {
      throw new InvalidInputException("features", "Enumeration over " + m + " features is too large; at most "
          + ExactShapley.MAX_PLAYERS + ".");
    }
    double[] v = new double[1 << m];
    boolean[] in = new boolean[m];
    for (int mask = 0; mask < v.length; mask++) {
      for (int i = 0; i < m; i++) {
        in[i] = (mask & (1 << i)) != 0;
      }
      v[mask] = ensemble.expectation(x, in, k);
    }
    double[] phi = ExactShapley.shapleyValues(m, v);
    return result(ExplanationMethod.EXACT_SHAPLEY_PATH_DEPENDENT, output, x, phi, v[0], v[v.length - 1]);
  }

  private Explanation result(ExplanationMethod method, ExplainedOutput output, double[] x, double[] phi, double base, double fx) {
    Explanation e = new Explanation(method, output, schema().names(), Explanation.boxed(x), Explanation.boxed(phi), List.of(),
        base, fx, new Accuracy(Accuracy.Kind.ADDITIVITY_ERROR, 0));
    return ExactShapley.withAdditivity(e);
  }

  private int index(ExplainedOutput output) {
    Objects.requireNonNull(output, "output");
    boolean classification = signature.output().kind() == OutputKind.CLASSIFICATION;
    if (classification != (output.kind() == ExplainedOutput.Kind.SCORE)) {
      throw new InvalidInputException("output", classification
          ? "The model is a classifier; explain ExplainedOutput.score(label)."
          : "The model is a regression; explain ExplainedOutput.value(...).");
    }
    if (!classification && output.name().isEmpty()) {
      if (ensemble.outputs.size() != 1) {
        throw new InvalidInputException("output", "The model predicts " + ensemble.outputs.size() + " dimensions; name one.");
      }
      return 0;
    }
    int k = ensemble.outputs.indexOf(output.name());
    if (k < 0) {
      throw new InvalidInputException("output", "The model has no output '" + output.name() + "'; it has " + ensemble.outputs + ".");
    }
    return k;
  }
}
