package dev.mlops.registry.store.s3;

import dev.mlops.core.StoreException;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStoreProvider;
import java.net.URI;

/**
 * The {@link BlobStoreProvider} of {@code s3:} URIs (see {@link S3BlobStore} for the form).
 *
 * <p>The AWS SDK is an optional dependency: this class touches none of its classes until an
 * {@code s3:} store is opened, so discovering the other stores works on a class path without the
 * SDK, and opening an {@code s3:} store there fails with a {@link StoreException} naming the
 * dependencies to add. Stateless and thread-safe.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  /** A class of each dependency the S3 store needs, with the Maven coordinates that provide it. */
  private static final String[][] REQUIRED = {
      {"software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk:s3"},
      {"software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient", "software.amazon.awssdk:url-connection-client"},
  };

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public S3BlobStoreProvider() {}

  @Override
  public boolean supports(URI uri) {
    return "s3".equalsIgnoreCase(uri.getScheme());
  }

  /**
   * Opens the S3 store a URI names, after checking that the AWS SDK is on the class path.
   *
   * @param uri an {@code s3:} URI
   * @return the store; the caller closes it
   * @throws StoreException if the AWS SDK is missing, or the bucket cannot be reached
   * @throws dev.mlops.core.InvalidInputException if the URI is malformed or names an unknown setting
   */
  @Override
  public BlobStore open(URI uri) {
    StringBuilder missing = new StringBuilder();
    for (String[] r : REQUIRED) {
      try {
        Class.forName(r[0], false, S3BlobStoreProvider.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.append(missing.length() == 0 ? "" : " and ").append(r[1]);
      }
    }
    if (missing.length() > 0) {
      throw new StoreException(describe(uri), "The S3 blob store needs the AWS SDK for Java 2.x, which is not on the class path: add "
          + missing + " (an optional dependency of dev.mlops:mlops-registry; use the version its POM names) to your build.", null);
    }
    return S3BlobStore.open(uri);
  }

  /** The URI without its query (which holds settings, never secrets, but keep messages short). */
  static String describe(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }
}
