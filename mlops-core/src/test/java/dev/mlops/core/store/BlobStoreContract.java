package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness of the blob store tests in this module: a fresh store per test and a hook that
 * overwrites stored bytes behind the store's back. The behaviour every {@link BlobStore} keeps is
 * checked by {@code BlobStoreCompatibilityKit} in mlops-testing, against both built-in stores; the
 * subclasses here test what is particular to each store.
 */
abstract class BlobStoreContract {
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir Path tempDir;

  BlobStore store;

  /** Opens a new, empty store (it may use {@link #tempDir}). */
  abstract BlobStore newStore() throws IOException;

  /** Replaces the bytes stored under a digest without going through the store's checks. */
  abstract void replaceStoredBytes(Digest digest, byte[] bytes) throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void putFile_refusesSymbolicLink() throws IOException {
    Path target = Files.write(tempDir.resolve("secret.txt"), utf8("secret"));
    Path link = Files.createSymbolicLink(tempDir.resolve("link.txt"), target);

    assertThatThrownBy(() -> store.putFile(link)).isInstanceOf(UncheckedIOException.class);
    assertThat(digests()).isEmpty();
  }

  List<Digest> digests() {
    List<Digest> all = new ArrayList<>();
    store.forEach(all::add);
    return all;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
