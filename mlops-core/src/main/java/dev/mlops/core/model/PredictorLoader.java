package dev.mlops.core.model;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.artifact.VersionId;
import java.io.InputStream;

/**
 * Turns a verified artifact of one format into a {@link TabularPredictor}; implementations are
 * discovered with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.mlops.core.model.PredictorLoader}). Built in: Tribuo's protobuf format.
 *
 * <p>A loader must not load classes of an optional dependency (ONNX Runtime, say) until
 * {@link #load(Source)} is called for a format it supports. Implementations are thread-safe and
 * stateless.
 */
public interface PredictorLoader {

  /**
   * Tells whether this loader reads a format.
   *
   * @param format the artifact format
   * @return whether {@link #load(Source)} accepts it
   */
  boolean supports(ArtifactFormat format);

  /**
   * Loads a predictor.
   *
   * @param source the artifact to load
   * @return the predictor, checking inputs against {@code source.manifest().signature()}
   * @throws dev.mlops.core.IntegrityException if the verified bytes are not a valid model of the
   *     format, or disagree with the recorded signature
   */
  TabularPredictor load(Source source);

  /**
   * A verified artifact being loaded. Implementations are supplied by the registry and are not
   * thread-safe.
   */
  interface Source {
    /**
     * Returns the version being loaded.
     *
     * @return the version id
     */
    VersionId version();

    /**
     * Returns the version's manifest.
     *
     * @return the manifest
     */
    ArtifactManifest manifest();

    /**
     * Reads a file of the artifact whole, verified against its digest and size.
     *
     * @param path the file's relative path in the manifest
     * @return the bytes
     * @throws dev.mlops.core.NotFoundException if the manifest has no such file
     * @throws dev.mlops.core.IntegrityException if the stored bytes do not match
     */
    byte[] readFile(String path);

    /**
     * Opens a file of the artifact; the stream verifies digest and size when read to its end.
     *
     * @param path the file's relative path in the manifest
     * @return a verifying stream; the caller closes it
     * @throws dev.mlops.core.NotFoundException if the manifest has no such file
     */
    InputStream openFile(String path);
  }
}
