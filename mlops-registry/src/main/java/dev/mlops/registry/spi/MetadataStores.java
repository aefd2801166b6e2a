package dev.mlops.registry.spi;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.store.BlobStores;
import dev.mlops.registry.store.FileMetadataStore;
import dev.mlops.registry.store.InMemoryMetadataStore;
import java.net.URI;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens a {@link MetadataStore} from a URI, choosing the provider with {@link ServiceLoader}. Built
 * in: {@code file:/path} (a {@link FileMetadataStore}), {@code mem:name} (a new
 * {@link InMemoryMetadataStore} each time) and {@code jdbc:postgresql://host/db} (a
 * {@link dev.mlops.registry.store.JdbcMetadataStore}; needs the PostgreSQL JDBC driver on the class path).
 *
 * <p>This class is stateless and thread-safe.
 */
public final class MetadataStores {
  private MetadataStores() {}

  /**
   * Opens the metadata store a URI names.
   *
   * @param uri the store URI
   * @return the store; the caller closes it
   * @throws InvalidInputException if no provider on the class path supports the URI's scheme
   * @throws dev.mlops.core.StoreException if the store cannot be opened
   */
  public static MetadataStore open(URI uri) {
    Objects.requireNonNull(uri, "uri");
    for (MetadataStoreProvider p : ServiceLoader.load(MetadataStoreProvider.class, MetadataStores.class.getClassLoader())) {
      if (p.supports(uri)) {
        return p.open(uri);
      }
    }
    throw new InvalidInputException(
        "uri", "No metadata store provider supports the scheme '" + uri.getScheme()
            + "'. Built in: file:, mem:, jdbc:postgresql:; add the module that provides it to the class path.");
  }

  /** The built-in provider of {@code file:} stores. Stateless and thread-safe. */
  public static final class FileProvider implements MetadataStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public FileProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "file".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public MetadataStore open(URI uri) {
      return FileMetadataStore.open(BlobStores.fileUriPath(uri));
    }
  }

  /** The built-in provider of {@code mem:} stores. Stateless and thread-safe. */
  public static final class MemoryProvider implements MetadataStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public MemoryProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "mem".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public MetadataStore open(URI uri) {
      return new InMemoryMetadataStore(uri.toString());
    }
  }
}
