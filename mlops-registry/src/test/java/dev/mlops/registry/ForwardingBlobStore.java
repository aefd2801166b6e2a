package dev.mlops.registry;

import dev.mlops.core.Digest;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.StoredBlob;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** A real store with a seam: tests override one method to act at a chosen instant. Thread-safe as its delegate. */
class ForwardingBlobStore implements BlobStore {
  final BlobStore delegate;

  ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public BlobInfo put(InputStream in) {
    return delegate.put(in);
  }

  @Override
  public BlobInfo put(byte[] bytes) {
    return delegate.put(bytes);
  }

  @Override
  public boolean contains(Digest digest) {
    return delegate.contains(digest);
  }

  @Override
  public InputStream open(Digest digest) {
    return delegate.open(digest);
  }

  @Override
  public void forEach(Consumer<Digest> visitor) {
    delegate.forEach(visitor);
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> visitor) {
    delegate.forEachStored(visitor);
  }

  @Override
  public boolean deleteIfStoredBefore(Digest digest, Instant cutoff) {
    return delegate.deleteIfStoredBefore(digest, cutoff);
  }

  @Override
  public int removeIncompleteWrites(Instant startedBefore) {
    return delegate.removeIncompleteWrites(startedBefore);
  }

  @Override
  public List<String> verifyAll() {
    return delegate.verifyAll();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
