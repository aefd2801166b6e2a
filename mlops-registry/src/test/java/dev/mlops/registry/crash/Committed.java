package dev.mlops.registry.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Digest;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A version a child reported as committed ({@code REG name version digest seed size}).
 *
 * @param child the child's id
 * @param name the model name
 * @param version the number it got
 * @param digest its manifest digest
 * @param seed the content seed
 * @param size the content size
 */
record Committed(String child, String name, int version, String digest, long seed, int size) {

  static Committed parse(String child, String line) {
    String[] p = line.split(" ");
    if (p.length != 6 || !p[0].equals("REG")) {
      throw new AssertionError("child " + child + " printed a malformed REG line: " + line);
    }
    return new Committed(child, p[1], Integer.parseInt(p[2]), p[3], Long.parseLong(p[4]), Integer.parseInt(p[5]));
  }

  /** Asserts that the stored version is this one: same manifest digest, same content seed and size. */
  void assertMatches(ModelVersion v) {
    assertThat(v.version()).isEqualTo(version);
    assertThat(v.manifestDigest().toString()).as("manifest digest of %s/%d reported by %s", name, version, child)
        .isEqualTo(digest);
    assertThat(v.manifest().metadata()).as("content of %s/%d reported by %s", name, version, child)
        .containsEntry(RegisteringChild.SEED_KEY, Long.toString(seed))
        .containsEntry(RegisteringChild.SIZE_KEY, Integer.toString(size));
  }

  /**
   * Reads a version's file through the registry (which verifies its digest) and compares it with the
   * bytes recomputed from the content seed and size in its manifest.
   *
   * @return the number of bytes checked
   */
  static long assertBytes(ModelRegistry registry, ModelVersion v) {
    String id = v.name() + "/" + v.version();
    long seed = Long.parseLong(v.manifest().metadata().get(RegisteringChild.SEED_KEY));
    int size = Integer.parseInt(v.manifest().metadata().get(RegisteringChild.SIZE_KEY));
    byte[] expected = RegisteringChild.content(seed, size);
    assertThat(v.manifest().files()).hasSize(1);
    assertThat(v.manifest().files().get(0).digest()).as("file digest in the manifest of %s", id)
        .isEqualTo(Digest.sha256(expected));
    byte[] actual;
    try (InputStream in = registry.openFile(id, RegisteringChild.FILE)) {
      actual = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + id, e);
    }
    if (!Arrays.equals(actual, expected)) {
      throw new AssertionError("bytes of " + id + " differ from what the child wrote (" + actual.length + " bytes, expected "
          + expected.length + ")");
    }
    return actual.length;
  }
}
