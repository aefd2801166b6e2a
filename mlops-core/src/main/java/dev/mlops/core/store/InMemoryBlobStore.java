package dev.mlops.core.store;

import dev.mlops.core.Digest;
import dev.mlops.core.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link BlobStore} held in this JVM's memory, for tests and short-lived tools. Blobs are limited
 * to 2 GiB each. Contents are lost when the store is dropped.
 *
 * <p>Instances are thread-safe.
 */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<Digest, Entry> blobs = new ConcurrentHashMap<>();
  private final String name;

  /**
   * Creates an empty store.
   *
   * @param name a name for messages, e.g. the {@code mem:} URI it was opened from
   */
  public InMemoryBlobStore(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public BlobInfo put(InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bytes to store", e);
    }
    Digest d = Digest.sha256(bytes);
    blobs.put(d, new Entry(bytes, Instant.now())); // replace: repairs a corrupted blob, refreshes its time
    return new BlobInfo(d, bytes.length);
  }

  @Override
  public boolean contains(Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public InputStream open(Digest digest) {
    Entry e = blobs.get(digest);
    if (e == null) {
      throw new NotFoundException("blob", digest.toString(), "Blob " + digest + " is not in " + name + ".");
    }
    return new VerifyingInputStream(new ByteArrayInputStream(e.bytes), digest, -1, "blob " + digest);
  }

  @Override
  public void forEach(Consumer<Digest> visitor) {
    blobs.keySet().forEach(visitor);
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> visitor) {
    blobs.forEach((d, e) -> visitor.accept(new StoredBlob(d, e.bytes.length, e.storedAt)));
  }

  /**
   * Removes a blob if its last put is older than the cutoff; atomic with respect to concurrent puts.
   *
   * @param digest the blob's digest
   * @param cutoff keep the blob if it was stored at or after this instant
   * @return whether the blob was removed
   */
  @Override
  public boolean deleteIfStoredBefore(Digest digest, Instant cutoff) {
    boolean[] removed = {false};
    blobs.computeIfPresent(digest, (d, e) -> {
      if (e.storedAt.isBefore(cutoff)) {
        removed[0] = true;
        return null;
      }
      return e;
    });
    return removed[0];
  }

  @Override
  public List<String> verifyAll() {
    List<String> problems = new ArrayList<>();
    blobs.forEach((d, e) -> {
      if (!Digest.sha256(e.bytes).equals(d)) {
        problems.add("blob " + d + " does not match its digest");
      }
    });
    return problems;
  }

  /**
   * Replaces the bytes stored under a digest without checking them: a test hook to simulate
   * corruption. Never use it outside tests.
   *
   * @param digest the digest
   * @param bytes the (wrong) bytes
   */
  public void corruptForTesting(Digest digest, byte[] bytes) {
    blobs.compute(digest, (d, e) -> new Entry(bytes.clone(), e == null ? Instant.now() : e.storedAt));
  }

  @Override
  public String describe() {
    return name;
  }

  /** Bytes and the time of their last put. */
  private record Entry(byte[] bytes, Instant storedAt) {}
}
