package dev.mlops.registry.spi;

import java.net.URI;

/**
 * Creates {@link MetadataStore}s from URIs; implementations are discovered with
 * {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.mlops.registry.spi.MetadataStoreProvider}).
 *
 * <p>A provider must not load classes of an optional dependency (a JDBC driver, say) until
 * {@link #open(URI)} is called for a URI it supports. Implementations are stateless and thread-safe.
 */
public interface MetadataStoreProvider {

  /**
   * Tells whether this provider handles a URI, by its scheme alone.
   *
   * @param uri the store URI
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
  MetadataStore open(URI uri);
}
