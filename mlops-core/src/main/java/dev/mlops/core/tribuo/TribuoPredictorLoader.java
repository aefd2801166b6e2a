package dev.mlops.core.tribuo;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.PredictorLoader;
import dev.mlops.core.model.TabularPredictor;

/**
 * Loads artifacts of format {@code tribuo-protobuf} as {@link TribuoPredictor}s. Registered with
 * {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class TribuoPredictorLoader implements PredictorLoader {
  /** Creates the loader; called by {@link java.util.ServiceLoader}. */
  public TribuoPredictorLoader() {}

  @Override
  public boolean supports(ArtifactFormat format) {
    return ArtifactFormat.TRIBUO_PROTOBUF.equals(format);
  }

  @Override
  public TabularPredictor load(Source source) {
    String subject = source.version().toString();
    ModelSignature signature = source.manifest().signature().orElseThrow(() -> new IntegrityException(
        subject, "a model signature", "none",
        "Version " + subject + " is a Tribuo model without a recorded signature; its manifest is incomplete. Register it again."));
    byte[] bytes = source.readFile(TribuoModels.MODEL_FILE);
    return TribuoPredictor.of(TribuoModels.deserialize(bytes, subject), signature, subject);
  }
}
