package dev.mlops.core.tribuo;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.Prediction;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;

/**
 * A {@link TabularPredictor} over a Tribuo classification or regression {@link Model}, checking every
 * input against a {@link ModelSignature} before Tribuo sees it (Tribuo itself would silently ignore
 * an unknown feature and treat a missing one as zero).
 *
 * <pre>{@code
 * TribuoPredictor p = TribuoPredictor.of(model);
 * Prediction out = p.predict(Map.of("mean_radius", 14.2, ...));
 * ModelProvenance provenance = p.provenance();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe: Tribuo models are safe for concurrent prediction.
 */
public final class TribuoPredictor implements TabularPredictor {
  private final Model<?> model;
  private final ModelSignature signature;
  private final TribuoOutputs<?> outputs;
  private final String[] names;

  private TribuoPredictor(Model<?> model, ModelSignature signature) {
    this.model = model;
    this.signature = signature;
    this.outputs = TribuoOutputs.forModel(model);
    this.names = signature.inputs().names().toArray(new String[0]);
  }

  /**
   * Wraps a model with the signature derived from it.
   *
   * @param model the model
   * @return the predictor
   * @throws dev.mlops.core.InvalidInputException if the model is neither classification nor
   *     regression
   */
  public static TribuoPredictor of(Model<?> model) {
    Objects.requireNonNull(model, "model");
    return new TribuoPredictor(model, TribuoModels.signatureOf(model));
  }

  /**
   * Wraps a model with a recorded signature, checking that they agree.
   *
   * @param model the model
   * @param signature the signature recorded at registration
   * @param subject the version, for messages
   * @return the predictor
   * @throws IntegrityException if the signature's features differ from the model's
   */
  public static TribuoPredictor of(Model<?> model, ModelSignature signature, String subject) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(signature, "signature");
    Set<String> recorded = new TreeSet<>(signature.inputs().names());
    Set<String> actual = new TreeSet<>(TribuoModels.signatureOf(model).inputs().names());
    if (!recorded.equals(actual)) {
      throw new IntegrityException(subject, recorded.size() + " recorded features", actual.size() + " model features",
          "The model of " + subject + " does not have the features recorded in its signature; the artifact and its manifest disagree. Register the model again.");
    }
    return new TribuoPredictor(model, signature);
  }

  /**
   * Returns the Tribuo model.
   *
   * @return the model
   */
  public Model<?> model() {
    return model;
  }

  /**
   * Returns the model's Tribuo provenance: its trainer, data and run.
   *
   * @return the provenance
   */
  public ModelProvenance provenance() {
    return model.getProvenance();
  }

  @Override
  public ModelSignature signature() {
    return signature;
  }

  @Override
  public Schema schema() {
    return signature.inputs();
  }

  @Override
  public Prediction predictRow(double[] row) {
    return predictChecked(signature.inputs().checkRow(row));
  }

  @Override
  public List<Prediction> predictRows(List<double[]> rows) {
    List<Example<?>> examples = new ArrayList<>(rows.size());
    for (double[] row : rows) {
      examples.add(example(signature.inputs().checkRow(row)));
    }
    return predictExamples(examples);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Prediction predictChecked(double[] row) {
    org.tribuo.Prediction p = ((Model) model).predict(example(row));
    return ((TribuoOutputs) outputs).convert(p);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Prediction> predictExamples(List<Example<?>> examples) {
    List<org.tribuo.Prediction> raw = ((Model) model).predict((Iterable) examples);
    List<Prediction> out = new ArrayList<>(raw.size());
    for (org.tribuo.Prediction p : raw) {
      out.add(((TribuoOutputs) outputs).convert(p));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Example<?> example(double[] row) {
    return new ArrayExample((Output) outputs.unknown(), names, row);
  }

  @Override
  public String toString() {
    return "TribuoPredictor[" + model.getClass().getSimpleName() + ", " + names.length + " features]";
  }
}
