package dev.mlops.core.store;

import dev.mlops.core.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens a {@link BlobStore} from a URI, choosing the provider with {@link ServiceLoader}. Built in:
 * {@code file:/path} (a {@link FileBlobStore}) and {@code mem:name} (a new {@link InMemoryBlobStore}
 * each time).
 *
 * <pre>{@code
 * BlobStore blobs = BlobStores.open(URI.create("file:/var/lib/models"));
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class BlobStores {
  private BlobStores() {}

  /**
   * Opens the blob store a URI names.
   *
   * @param uri the store URI
   * @return the store; the caller closes it
   * @throws InvalidInputException if no provider on the class path supports the URI's scheme
   * @throws dev.mlops.core.StoreException if the store cannot be opened
   */
  public static BlobStore open(URI uri) {
    Objects.requireNonNull(uri, "uri");
    for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class, BlobStores.class.getClassLoader())) {
      if (p.supports(uri)) {
        return p.open(uri);
      }
    }
    throw new InvalidInputException(
        "uri", "No blob store provider supports the scheme '" + uri.getScheme()
            + "'. Built in: file:, mem:; add the module that provides it (e.g. S3) to the class path.");
  }

  /**
   * Converts a {@code file:} URI to a path; accepts {@code file:/abs}, {@code file:///abs} and
   * {@code file:relative}.
   *
   * @param uri the URI
   * @return the path
   */
  public static Path fileUriPath(URI uri) {
    if (uri.isOpaque()) {
      return Path.of(uri.getSchemeSpecificPart());
    }
    return Path.of(uri.getPath());
  }

  /** The built-in provider of {@code file:} stores. Stateless and thread-safe. */
  public static final class FileProvider implements BlobStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public FileProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "file".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public BlobStore open(URI uri) {
      return FileBlobStore.open(fileUriPath(uri));
    }
  }

  /** The built-in provider of {@code mem:} stores. Stateless and thread-safe. */
  public static final class MemoryProvider implements BlobStoreProvider {
    /** Creates the provider; called by {@link ServiceLoader}. */
    public MemoryProvider() {}

    @Override
    public boolean supports(URI uri) {
      return "mem".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public BlobStore open(URI uri) {
      return new InMemoryBlobStore(uri.toString());
    }
  }
}
