package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoresTest {
  @TempDir Path dir;

  @Test
  void open_fileUri_givesFileBlobStoreAtThatPath() throws IOException {
    Path root = dir.resolve("models");

    try (BlobStore store = BlobStores.open(URI.create("file:" + root))) {
      assertThat(store).isInstanceOf(FileBlobStore.class);
      assertThat(((FileBlobStore) store).root()).isEqualTo(root.toRealPath());
    }
  }

  @Test
  void open_fileUriWithAuthoritySlashes_givesTheSameStore() throws IOException {
    Path root = dir.resolve("models");
    Digest d;
    try (BlobStore store = BlobStores.open(root.toUri())) {
      d = store.put("x".getBytes(StandardCharsets.UTF_8)).digest();
    }

    try (BlobStore again = BlobStores.open(URI.create("file:" + root))) {
      assertThat(again.contains(d)).isTrue();
    }
  }

  @Test
  void open_memUri_givesANewInMemoryStoreNamedByTheUri() {
    BlobStore one = BlobStores.open(URI.create("mem:x"));
    BlobStore two = BlobStores.open(URI.create("mem:x"));
    Digest d = one.put("x".getBytes(StandardCharsets.UTF_8)).digest();

    assertThat(one).isInstanceOf(InMemoryBlobStore.class);
    assertThat(one.describe()).isEqualTo("mem:x");
    assertThat(two.contains(d)).isFalse();
  }

  @Test
  void open_schemeIsCaseInsensitive() {
    assertThat(BlobStores.open(URI.create("MEM:x"))).isInstanceOf(InMemoryBlobStore.class);
  }

  @Test
  void open_unknownScheme_throwsInvalidInputException() {
    assertThatThrownBy(() -> BlobStores.open(URI.create("s3://bucket/prefix")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("uri"))
        .hasMessageContaining("'s3'");
  }

  @Test
  void open_uriWithoutScheme_throwsInvalidInputException() {
    assertThatThrownBy(() -> BlobStores.open(URI.create("relative/path")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void fileUriPath_readsOpaqueHierarchicalAndRelativeForms() {
    assertThat(BlobStores.fileUriPath(URI.create("file:/var/lib/models"))).isEqualTo(Path.of("/var/lib/models"));
    assertThat(BlobStores.fileUriPath(URI.create("file:///var/lib/models"))).isEqualTo(Path.of("/var/lib/models"));
    assertThat(BlobStores.fileUriPath(URI.create("file:models"))).isEqualTo(Path.of("models"));
  }
}
