package dev.mlops.core.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * Saving, loading and describing Tribuo models. Models are stored in Tribuo's protobuf format
 * ({@link Model#serialize()} / {@link Model#deserialize(ModelProto)}); Java serialization is never
 * used.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TribuoModels {
  /** The artifact file name a Tribuo model is stored under. */
  public static final String MODEL_FILE = "model.tribuo.pb";

  private TribuoModels() {}

  /**
   * Serializes a model to Tribuo's protobuf format.
   *
   * @param model the model
   * @return the protobuf bytes
   */
  public static byte[] serialize(Model<?> model) {
    Objects.requireNonNull(model, "model");
    return model.serialize().toByteArray();
  }

  /**
   * Deserializes a model from verified protobuf bytes.
   *
   * @param bytes the bytes, already verified against their digest
   * @param subject what is being loaded, for messages
   * @return the model
   * @throws IntegrityException if the bytes are not a Tribuo model
   */
  public static Model<?> deserialize(byte[] bytes, String subject) {
    try {
      return Model.deserialize(ModelProto.parseFrom(bytes));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IntegrityException(subject, "a Tribuo protobuf model", "bytes that do not parse as one",
          "The artifact of " + subject + " is not a Tribuo model in protobuf format (" + e.getClass().getSimpleName()
              + "). It was registered with the wrong format, or by an incompatible Tribuo version.", e);
    }
  }

  /**
   * Derives a model's signature from its feature and output domains: every feature in the model's
   * feature map, as a {@code double}, in the model's feature id order; the output kind and its labels
   * or dimensions.
   *
   * @param model the model
   * @return the signature
   * @throws InvalidInputException if the model's output type is not classification or regression
   */
  public static ModelSignature signatureOf(Model<?> model) {
    List<FeatureSpec> features = new ArrayList<>();
    var fmap = model.getFeatureIDMap();
    for (int id = 0; id < fmap.size(); id++) {
      VariableInfo info = fmap.get(id);
      features.add(FeatureSpec.numeric(info.getName()));
    }
    OutputSpec output = TribuoOutputs.forModel(model).spec(model);
    return new ModelSignature(Schema.of(features), output);
  }

  /**
   * Returns a few facts from a model's provenance, recorded as manifest metadata at registration.
   *
   * @param model the model
   * @return key to value: {@code tribuo.version}, {@code tribuo.trainer}, {@code tribuo.modelClass},
   *     {@code tribuo.trainingTime}, {@code tribuo.dataset.examples}
   */
  public static Map<String, String> metadataOf(Model<?> model) {
    Map<String, String> meta = new LinkedHashMap<>();
    ModelProvenance p = model.getProvenance();
    meta.put("tribuo.modelClass", model.getClass().getName());
    meta.put("tribuo.version", p.getTribuoVersion());
    meta.put("tribuo.trainer", p.getTrainerProvenance().getClassName());
    meta.put("tribuo.trainingTime", p.getTrainingTime().toInstant().toString());
    meta.put("tribuo.dataset.examples", String.valueOf(p.getDatasetProvenance().getNumExamples()));
    return meta;
  }
}
