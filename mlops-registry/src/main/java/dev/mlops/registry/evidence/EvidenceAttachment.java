package dev.mlops.registry.evidence;

import dev.mlops.core.Digest;
import dev.mlops.core.Names;
import java.util.Objects;

/**
 * A file that goes with a piece of evidence, such as an HTML summary: its name, media type, and the
 * digest and size of its bytes in the registry's blob store. Store the bytes first with
 * {@link dev.mlops.registry.ModelRegistry#storeEvidenceAttachment}, which returns this record.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name a relative path, unique within the evidence, e.g. {@code summary.html}
 * @param mediaType the media type, e.g. {@code text/html}
 * @param digest the digest of the bytes
 * @param size the number of bytes
 */
public record EvidenceAttachment(String name, String mediaType, Digest digest, long size) {

  /**
   * Validates the components.
   *
   * @param name the name
   * @param mediaType the media type
   * @param digest the digest
   * @param size the size
   * @throws dev.mlops.core.InvalidInputException if the name is not a relative path or the media type
   *     is empty or too long
   * @throws IllegalArgumentException if the size is negative
   */
  public EvidenceAttachment {
    Names.requireRelativePath(name);
    Names.requireText("media type", mediaType, 255);
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }
}
