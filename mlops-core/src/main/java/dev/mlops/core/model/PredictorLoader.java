package dev.mlops.core.model;

import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.artifact.VersionId;
import java.io.InputStream;

/**
 * Turns a verified artifact of one format into a {@link TabularPredictor}; implementations are
 * discovered with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.mlops.core.model.PredictorLoader}). Built in: Tribuo's protobuf format
 * and ONNX ({@code dev.mlops.core.onnx.OnnxPredictorLoader}, which needs ONNX Runtime on the class
 * path only when an ONNX artifact is loaded).
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
   * Checks a new artifact before its version is recorded: that it loads and agrees with the signature
   * given at registration, so that a bad artifact is refused at registration rather than at its first
   * request. The registry calls it for every model registration of a format this loader supports,
   * after storing the bytes and before recording the version (a refused registration leaves no
   * version, only unreferenced blobs for garbage collection). {@code source.version()} is the number
   * the version would get. The default does nothing: the artifact is checked when it is loaded.
   *
   * @param source the artifact being registered
   * @throws dev.mlops.core.InvalidInputException if the artifact does not load or disagrees with its
   *     signature
   */
  default void checkRegistration(Source source) {}

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
