package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.store.BlobStore;
import dev.mlops.core.store.BlobStores;
import dev.mlops.core.store.FileBlobStore;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.MetadataStores;
import dev.mlops.registry.store.FileMetadataStore;
import dev.mlops.registry.store.InMemoryMetadataStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding stores from URIs, and opening registries on them. */
class StoreDiscoveryTest {
  static final IrisData IRIS = IrisData.get();

  @TempDir Path tmp;

  @Test
  void metadataStores_openAFileUri_returnsAFileStoreRootedThere() throws Exception {
    Path root = tmp.resolve("meta-root");
    try (MetadataStore s = MetadataStores.open(root.toUri())) {
      assertThat(s).isInstanceOf(FileMetadataStore.class);
      assertThat(s.describe()).isEqualTo("file:" + root.toRealPath());
      assertThat(s.names()).isEmpty();
    }
    assertThat(root.resolve("meta/layout.json")).isRegularFile();
  }

  @Test
  void metadataStores_openAnOpaqueFileUri_isTheSameStore() throws Exception {
    Path root = tmp.resolve("opaque");
    try (ModelRegistry a = ModelRegistry.open(URI.create("file:" + root.toAbsolutePath()));
        ModelRegistry b = ModelRegistry.open(root.toUri())) {
      a.register(Registration.bytes("m", "f", bytes("x"), ArtifactFormat.RAW).build());
      assertThat(b.names()).containsExactly("m");
    }
  }

  @Test
  void metadataStores_openAMemUri_returnsANewEmptyStoreEachTime() throws Exception {
    try (MetadataStore a = MetadataStores.open(URI.create("mem:shared-name"));
        MetadataStore b = MetadataStores.open(URI.create("mem:shared-name"))) {
      assertThat(a).isInstanceOf(InMemoryMetadataStore.class).isNotSameAs(b);
      assertThat(a.describe()).isEqualTo("mem:shared-name");
    }
    try (ModelRegistry a = ModelRegistry.open(URI.create("mem:r")); ModelRegistry b = ModelRegistry.open(URI.create("mem:r"))) {
      a.register(Registration.bytes("m", "f", bytes("x"), ArtifactFormat.RAW).build());
      assertThat(a.names()).containsExactly("m");
      assertThat(b.names()).isEmpty();
    }
  }

  @Test
  void blobStores_openFileAndMemUris_returnTheBuiltInStores() throws Exception {
    try (BlobStore f = BlobStores.open(tmp.resolve("blob-root").toUri()); BlobStore m = BlobStores.open(URI.create("mem:b"))) {
      assertThat(f).isInstanceOf(FileBlobStore.class);
      assertThat(m).isInstanceOf(InMemoryBlobStore.class);
      assertThat(m.describe()).isEqualTo("mem:b");
      var info = f.put(bytes("hello"));
      assertThat(f.read(info.digest())).isEqualTo(bytes("hello"));
    }
    assertThat(tmp.resolve("blob-root/blobs/sha256")).isDirectory();
  }

  @Test
  void storesOpen_anUnknownScheme_throwsInvalidInputNamingTheUri() {
    URI unknown = URI.create("s3x://bucket/prefix");

    assertThatThrownBy(() -> MetadataStores.open(unknown)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s3x")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("uri"));
    assertThatThrownBy(() -> BlobStores.open(unknown)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ModelRegistry.open(unknown)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void openPath_createsTheStoresAndAReopenedRegistryLoadsWhatWasRegistered() {
    Path root = tmp.resolve("a dir with spaces/registry");

    try (ModelRegistry r = ModelRegistry.open(root)) {
      r.register(Registration.model("iris", IRIS.model()).build());
      r.setAlias("iris", "champion", 1);
    }
    assertThat(root.resolve("meta/models/iris/versions/1.json")).isRegularFile();
    assertThat(root.resolve("blobs/sha256")).isDirectory();

    try (ModelRegistry r = ModelRegistry.open(root); TabularPredictor p = r.load("iris@champion")) {
      RegistryContract.assertPredictsLike(p, IRIS.model());
      assertThat(r.verify().isClean()).isTrue();
      assertThat(r.toString()).contains("file:");
    }
  }

  @Test
  void builder_explicitStoreWinsOverTheUri() throws Exception {
    Path root = tmp.resolve("uri-root");
    InMemoryMetadataStore meta = new InMemoryMetadataStore("mem:explicit");

    try (ModelRegistry r = ModelRegistry.builder().uri(root.toUri()).metadataStore(meta).build()) {
      r.register(Registration.bytes("m", "f", bytes("x"), ArtifactFormat.RAW).build());

      assertThat(r.metadataStore()).isSameAs(meta);
      assertThat(r.blobStore()).isInstanceOf(FileBlobStore.class);
      assertThat(meta.names()).containsExactly("m");
      assertThat(root.resolve("meta")).doesNotExist();
    }
    assertThat(meta.names()).containsExactly("m");
  }

  @Test
  void builder_withoutStores_orWithASettingGivenTwice_isRefused() {
    assertThatThrownBy(() -> ModelRegistry.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ModelRegistry.builder().blobStore(new InMemoryBlobStore("b")).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ModelRegistry.builder().uri(URI.create("mem:a")).uri(URI.create("mem:b")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ModelRegistry.builder().principal(() -> "a").principal(() -> "b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void defaultPrincipal_isTheOperatingSystemUser() {
    try (ModelRegistry r = ModelRegistry.open(URI.create("mem:p"))) {
      ModelVersion v = r.register(Registration.bytes("m", "f", bytes("x"), ArtifactFormat.RAW).build());

      assertThat(v.registeredBy()).isEqualTo(System.getProperty("user.name"));
      assertThat(r.auditLog("m").get(0).principal()).isEqualTo(System.getProperty("user.name"));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void openPath_onAFile_throwsAStoreException() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "not a directory");

    assertThatThrownBy(() -> ModelRegistry.open(file)).isInstanceOf(dev.mlops.core.StoreException.class);
  }
}
