package dev.mlops.registry.store.s3;

import dev.mlops.core.StoreException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Registration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link S3OptionalDependencyTest} in a child JVM whose class path lacks the AWS SDK: the
 * built-in stores are discovered and work (the S3 provider is on the class path and is asked, but
 * touches no SDK class), and an {@code s3:} store fails with a StoreException naming the dependency.
 * Prints one line per check; exits non-zero on the first surprise.
 */
public final class WithoutAwsSdkChild {
  private WithoutAwsSdkChild() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("software.amazon.awssdk.services.s3.S3Client");
      System.out.println("SDK-PRESENT");
      System.exit(2);
    } catch (ClassNotFoundException expected) {
      System.out.println("SDK-ABSENT");
    }
    Path dir = Files.createTempDirectory("no-sdk");
    try (BlobStore file = BlobStores.open(dir.resolve("blobs").toUri()); BlobStore mem = BlobStores.open(URI.create("mem:x"))) {
      file.put(new byte[] {1, 2, 3});
      mem.put(new byte[] {4});
      System.out.println("BUILT-IN " + file.getClass().getSimpleName() + " " + mem.getClass().getSimpleName());
    }
    try (ModelRegistry r = ModelRegistry.open(dir.resolve("registry"))) {
      r.register(Registration.bytes("m", "f", new byte[] {7}, ArtifactFormat.RAW).build());
      System.out.println("REGISTRY " + r.get("m").id() + " " + r.verify().isClean());
    }
    try {
      BlobStores.open(URI.create("s3://models/prod?region=eu-west-1"));
      System.out.println("S3-OPENED");
      System.exit(3);
    } catch (StoreException e) {
      System.out.println("S3-ERROR " + e.getClass().getSimpleName() + " store=" + e.store() + " message=" + e.getMessage());
    }
  }
}
