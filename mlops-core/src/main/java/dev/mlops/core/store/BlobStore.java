package dev.mlops.core.store;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Immutable bytes addressed by their SHA-256 digest: the storage of artifact files.
 *
 * <p>The contract every implementation keeps (and the compatibility kit checks):
 * <ul>
 *   <li>{@link #put(InputStream)} is idempotent: the same bytes always give the same digest and are
 *       stored once; a put of bytes whose stored copy was corrupted replaces that copy, so registering
 *       an artifact again repairs it; a put is atomic: a blob is visible complete or not at all, even if the process
 *       dies during the put;</li>
 *   <li>{@link #open(Digest)} verifies: the returned stream recomputes the digest as it is read and
 *       throws {@link IntegrityException} at its end if the bytes differ from the digest, so corrupted
 *       or truncated bytes are never taken as good once the stream is read through;</li>
 *   <li>a put of bytes already stored refreshes the blob's stored time ({@link StoredBlob#storedAt()}),
 *       so that a garbage collector never removes a blob a registration has just stored;</li>
 *   <li>{@link #deleteIfStoredBefore(Digest, Instant)} removes a blob only if its last put is older
 *       than the cutoff, and a put that completes concurrently with it leaves the blob stored (see
 *       each store for how exact that is on its medium);</li>
 *   <li>nothing is written outside the store's own root, bucket or prefix.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe and may be shared by many threads; stores on shared media
 * (a file system, a bucket) are also safe to use from several processes at once.
 *
 * <pre>{@code
 * try (BlobStore blobs = BlobStores.open(URI.create("file:/var/lib/models"))) {
 *   BlobInfo info = blobs.put(Files.newInputStream(path));
 *   byte[] same = blobs.read(info.digest());   // verified
 * }
 * }</pre>
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores the bytes of a stream (read to its end, not closed) and returns their digest and size.
   *
   * @param in the bytes
   * @return the digest and size of what was stored
   * @throws StoreException if the store cannot write
   * @throws UncheckedIOException if the stream cannot be read
   */
  BlobInfo put(InputStream in);

  /**
   * Stores bytes held in memory.
   *
   * @param bytes the bytes
   * @return the digest and size
   * @throws StoreException if the store cannot write
   */
  default BlobInfo put(byte[] bytes) {
    return put(new ByteArrayInputStream(bytes));
  }

  /**
   * Stores the content of a regular file. Symbolic links are refused.
   *
   * @param file the file
   * @return the digest and size
   * @throws StoreException if the store cannot write
   * @throws UncheckedIOException if the file cannot be read or is not a regular file
   */
  default BlobInfo putFile(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("not a regular file (symbolic links are refused): " + file);
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        return put(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /**
   * Tells whether a blob is stored (without verifying it).
   *
   * @param digest the digest
   * @return whether the store holds a blob under this digest
   * @throws StoreException if the store cannot be read
   */
  boolean contains(Digest digest);

  /**
   * Opens a blob for reading. The stream verifies the digest as it is read: reading it to its end
   * throws {@link IntegrityException} if the bytes do not match. Read it through before trusting it.
   *
   * @param digest the digest
   * @return a verifying stream; the caller closes it
   * @throws NotFoundException if no blob is stored under the digest
   * @throws StoreException if the store cannot be read
   */
  InputStream open(Digest digest);

  /**
   * Reads a whole blob into memory, verified.
   *
   * @param digest the digest
   * @return the bytes, which match the digest
   * @throws NotFoundException if no blob is stored under the digest
   * @throws IntegrityException if the stored bytes do not match the digest
   * @throws StoreException if the store cannot be read
   */
  default byte[] read(Digest digest) {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not read blob " + digest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Visits the digests of every stored blob, in no particular order.
   *
   * @param visitor called once per blob
   * @throws StoreException if the store cannot be listed
   */
  void forEach(Consumer<Digest> visitor);

  /**
   * Visits every stored blob with its size and the time of its last put, in no particular order.
   * Temporary data of puts in progress is not listed.
   *
   * @param visitor called once per blob
   * @throws StoreException if the store cannot be listed
   */
  void forEachStored(Consumer<StoredBlob> visitor);

  /**
   * Removes a blob, but only if its last put is older than a cutoff: what a garbage collector calls,
   * so that a blob stored again after it was listed (by a registration in flight) survives.
   *
   * @param digest the blob's digest
   * @param cutoff keep the blob if it was stored at or after this instant (by the medium's clock)
   * @return whether the blob was removed; false if it was absent or stored at or after the cutoff
   * @throws StoreException if the store cannot be read or written
   */
  boolean deleteIfStoredBefore(Digest digest, Instant cutoff);

  /**
   * Removes what puts that never finished left behind (temporary files of a dead process, incomplete
   * multipart uploads) if they started before an instant. Stores that leave nothing behind keep the
   * default, which removes nothing.
   *
   * @param startedBefore only leftovers started before this instant are removed, so puts in progress
   *     are left alone
   * @return how many leftovers were removed
   * @throws StoreException if the store cannot be listed or written
   */
  default int removeIncompleteWrites(Instant startedBefore) {
    return 0;
  }

  /**
   * Re-reads every blob and reports those whose bytes do not match their digest, and anything else
   * in the store's space that should not be there.
   *
   * @return the problems found; empty when the store is intact
   * @throws StoreException if the store cannot be read
   */
  List<String> verifyAll();

  /**
   * Describes the store for messages and logs, e.g. its URI, never with credentials.
   *
   * @return a description
   */
  String describe();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
