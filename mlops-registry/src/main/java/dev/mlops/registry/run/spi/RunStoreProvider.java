package dev.mlops.registry.run.spi;

import java.net.URI;

/**
 * Creates {@link RunStore}s from the same URIs as the registry's other stores; implementations are
 * discovered with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.mlops.registry.run.spi.RunStoreProvider}).
 *
 * <p>A provider must not load classes of an optional dependency until {@link #open(URI)} is called
 * for a URI it supports. Implementations are stateless and thread-safe.
 */
public interface RunStoreProvider {

  /**
   * Tells whether this provider handles a URI, by its scheme alone.
   *
   * @param uri the store URI
   * @return whether {@link #open(URI)} accepts it
   */
  boolean supports(URI uri);

  /**
   * Opens the run store a URI names.
   *
   * @param uri a URI this provider supports
   * @return the store; the caller closes it
   * @throws dev.mlops.core.StoreException if the store cannot be opened
   */
  RunStore open(URI uri);
}
