package dev.mlops.registry.run.spi;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.store.BlobStores;
import dev.mlops.registry.run.store.FileRunStore;
import dev.mlops.registry.run.store.InMemoryRunStore;
import java.net.URI;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens a {@link RunStore} from a URI with {@link ServiceLoader}, like
 * {@link dev.mlops.registry.spi.MetadataStores}. Built in: {@code file:/path} (a {@link FileRunStore}
 * under {@code path/runs}), {@code mem:name} (a new {@link InMemoryRunStore} each time) and
 * {@code jdbc:postgresql://...} (a {@link dev.mlops.registry.store.JdbcRunStore} in the URL's
 * {@code currentSchema}, beside the PostgreSQL metadata store; needs the PostgreSQL driver).
 *
 * <p>This class is stateless and thread-safe.
 */
public final class RunStores {
  private RunStores() {}

  /**
   * Opens the run store a URI names.
   *
   * @param uri the store URI
   * @return the store; the caller closes it
   * @throws InvalidInputException if no provider on the class path supports the URI's scheme
   * @throws dev.mlops.core.StoreException if the store cannot be opened
   */
  public static RunStore open(URI uri) {
    Objects.requireNonNull(uri, "uri");
    for (RunStoreProvider p : ServiceLoader.load(RunStoreProvider.class, RunStores.class.getClassLoader())) {
      if (p.supports(uri)) {
        return p.open(uri);
      }
    }
    throw new InvalidInputException("uri", "No run store provider supports the scheme '" + uri.getScheme()
        + "'. Built in: file:, mem:, jdbc:postgresql:; add the module that provides it to the class path, or pass a run store to "
        + "ModelRegistry.Builder.runStore.");
  }

  /** The built-in provider of {@code file:} run stores. Stateless and thread-safe. */
  public static final class FileProvider implements RunStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public FileProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "file".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public RunStore open(URI uri) {
      return FileRunStore.open(BlobStores.fileUriPath(uri));
    }
  }

  /** The built-in provider of {@code mem:} run stores. Stateless and thread-safe. */
  public static final class MemoryProvider implements RunStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public MemoryProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "mem".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public RunStore open(URI uri) {
      return new InMemoryRunStore(uri.toString());
    }
  }
}
