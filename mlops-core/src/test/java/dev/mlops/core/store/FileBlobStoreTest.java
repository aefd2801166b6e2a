package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileBlobStoreTest extends BlobStoreContract {

  private Path root() {
    return ((FileBlobStore) store).root();
  }

  @Override
  BlobStore newStore() {
    return FileBlobStore.open(tempDir.resolve("store"));
  }

  @Override
  void replaceStoredBytes(Digest digest, byte[] bytes) throws IOException {
    Files.write(blobPath(root(), digest), bytes);
  }

  static Path blobPath(Path root, Digest d) {
    return root.resolve("blobs").resolve("sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
  }

  @Test
  void put_writesTheBlobUnderItsShardedDigestPath() throws IOException {
    byte[] bytes = utf8("weights");

    Digest d = store.put(bytes).digest();

    assertThat(blobPath(root(), d)).isRegularFile().hasBinaryContent(bytes);
  }

  @Test
  void put_sameBytesTwice_leavesExactlyOneFileAndNoTemporaryFiles() throws IOException {
    store.put(utf8("same"));
    store.put(utf8("same"));

    assertThat(regularFilesUnder(root())).hasSize(1);
    assertThat(regularFilesUnder(root().resolve("tmp"))).isEmpty();
  }

  @Test
  void put_streamThatFails_leavesNoTemporaryFile() {
    assertThatThrownBy(() -> store.put(new java.io.InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("boom");
      }
    })).isInstanceOf(java.io.UncheckedIOException.class);

    assertThat(regularFilesUnder(root())).isEmpty();
  }

  @Test
  void root_isTheRealPath() throws IOException {
    assertThat(root()).isEqualTo(tempDir.resolve("store").toRealPath());
  }

  @Test
  void reopening_seesBlobsWrittenBefore() {
    Digest d = store.put(utf8("persisted")).digest();

    try (BlobStore again = FileBlobStore.open(tempDir.resolve("store"))) {
      assertThat(again.read(d)).isEqualTo(utf8("persisted"));
    }
  }

  @Test
  void verifyAll_reportsStrayFilesInTheBlobArea() throws IOException {
    Digest d = store.put(utf8("good")).digest();
    Path shard = blobPath(root(), d).getParent();
    Files.writeString(shard.resolve("notes.txt"), "left by an operator");
    Files.writeString(root().resolve("blobs").resolve("sha256").resolve("stray"), "x");
    // A valid digest name, but in the wrong shard.
    Digest other = Digest.sha256(utf8("other"));
    String wrongShard = other.hex().startsWith("00") ? "01" : "00";
    Files.createDirectories(root().resolve("blobs/sha256/" + wrongShard));
    Files.writeString(root().resolve("blobs/sha256/" + wrongShard).resolve(other.hex()), "other");

    List<String> problems = store.verifyAll();

    assertThat(problems).hasSize(3);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("notes.txt"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("stray"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(wrongShard + "/" + other.hex()));
    assertThat(digests()).containsExactly(d);
  }

  @Test
  void verifyAll_reportsCorruptedBlobAndStrayFileTogether() throws IOException {
    Digest d = store.put(utf8("good")).digest();
    Files.write(blobPath(root(), d), utf8("evil"));
    Files.writeString(blobPath(root(), d).resolveSibling("stray.bin"), "x");

    List<String> problems = store.verifyAll();

    assertThat(problems).hasSize(2);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(d.toString()).contains("does not match"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("stray.bin"));
  }

  @Test
  void blobReplacedBySymbolicLink_isNeitherContainedNorRead() throws IOException {
    byte[] bytes = utf8("weights");
    Digest d = store.put(bytes).digest();
    Path outside = Files.write(tempDir.resolve("outside.bin"), bytes);
    Path blob = blobPath(root(), d);
    Files.delete(blob);
    Files.createSymbolicLink(blob, outside);

    assertThat(store.contains(d)).isFalse();
    assertThatThrownBy(() -> store.read(d)).isInstanceOf(StoreException.class);
    assertThat(store.verifyAll()).singleElement().asString().contains("symbolic link");
  }

  @Test
  void open_removesTemporaryFilesLeftByDeadWriters_butKeepsFreshOnes() throws IOException {
    Path tmp = root().resolve("tmp");
    Path old = Files.writeString(tmp.resolve("blob-dead.tmp"), "partial");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    Path fresh = Files.writeString(tmp.resolve("blob-live.tmp"), "partial");

    FileBlobStore.open(tempDir.resolve("store")).close();

    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void open_onARegularFile_throwsStoreException() throws IOException {
    Path file = Files.writeString(tempDir.resolve("a-file"), "not a directory");

    assertThatThrownBy(() -> FileBlobStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.store()).contains("a-file"));
  }

  @Test
  void describe_isAFileUri() {
    assertThat(store.describe()).isEqualTo("file:" + root());
  }

  private static List<Path> regularFilesUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
