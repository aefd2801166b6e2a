package dev.mlops.core.store;

import java.net.URI;

/**
 * Creates {@link BlobStore}s from URIs; implementations are discovered with
 * {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.mlops.core.store.BlobStoreProvider}).
 *
 * <p>A provider must not load classes of an optional dependency (an S3 client, say) until
 * {@link #open(URI)} is called for a URI it supports, so discovery works on a class path without
 * that dependency. Implementations are thread-safe and stateless.
 */
public interface BlobStoreProvider {

  /**
   * Tells whether this provider handles a URI, by its scheme alone.
   *
   * @param uri the store URI, e.g. {@code file:/var/lib/models}
   * @return whether {@link #open(URI)} accepts it
   */
  boolean supports(URI uri);

  /**
   * Opens the store a URI names.
   *
   * @param uri a URI this provider supports
   * @return the store; the caller closes it
   * @throws dev.mlops.core.StoreException if the store cannot be opened
   */
  BlobStore open(URI uri);
}
