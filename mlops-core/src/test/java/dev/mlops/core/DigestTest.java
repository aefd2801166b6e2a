package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  // Reference values: FIPS 180-2 appendix B and the widely published "quick brown fox" vector.
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String FOX = "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592";
  private static final String MILLION_A = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

  @TempDir Path dir;

  @Test
  void sha256_emptyInput_matchesReferenceVector() {
    assertThat(Digest.sha256(new byte[0])).isEqualTo(new Digest("sha256", EMPTY));
    assertThat(Digest.sha256(InputStream.nullInputStream()).hex()).isEqualTo(EMPTY);
  }

  @Test
  void sha256_abc_matchesReferenceVector() {
    assertThat(Digest.sha256(ascii("abc")).toString()).isEqualTo("sha256:" + ABC);
  }

  @Test
  void sha256_quickBrownFox_matchesReferenceVector() {
    assertThat(Digest.sha256(ascii("The quick brown fox jumps over the lazy dog")).hex()).isEqualTo(FOX);
  }

  @Test
  void sha256_stream_millionLetterA_matchesReferenceVector() {
    byte[] a = new byte[1_000_000];
    Arrays.fill(a, (byte) 'a');

    assertThat(Digest.sha256(new ByteArrayInputStream(a)).hex()).isEqualTo(MILLION_A);
  }

  @Test
  void sha256_streamLargerThanOneChunk_equalsInMemoryDigest() {
    byte[] bytes = randomBytes(5 * Digest.CHUNK + 3, 42);

    assertThat(Digest.sha256(new ByteArrayInputStream(bytes))).isEqualTo(Digest.sha256(bytes));
  }

  @Test
  void sha256_streamGivingShortReads_equalsInMemoryDigest() {
    byte[] bytes = randomBytes(2 * Digest.CHUNK + 17, 7);

    assertThat(Digest.sha256(ShortReadInputStream.atMost(bytes, 9973))).isEqualTo(Digest.sha256(bytes));
  }

  @Test
  void sha256_stream_leavesStreamOpen() {
    ShortReadInputStream in = ShortReadInputStream.atMost(ascii("abc"), 1);

    Digest.sha256(in);

    assertThat(in.closed).isFalse();
  }

  @Test
  void sha256_streamThatFails_throwsUncheckedIOException() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk on fire");
      }
    };

    assertThatThrownBy(() -> Digest.sha256(broken)).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void sha256_file_equalsDigestOfItsBytes() throws IOException {
    byte[] bytes = randomBytes(Digest.CHUNK + 1, 3);
    Path file = Files.write(dir.resolve("model.bin"), bytes);

    assertThat(Digest.sha256(file)).isEqualTo(Digest.sha256(bytes));
  }

  @Test
  void sha256_file_refusesSymbolicLink() throws IOException {
    Path target = Files.write(dir.resolve("real.bin"), ascii("abc"));
    Path link = Files.createSymbolicLink(dir.resolve("link.bin"), target);

    assertThatThrownBy(() -> Digest.sha256(link))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("link.bin");
  }

  @Test
  void sha256_file_refusesDirectory() {
    assertThatThrownBy(() -> Digest.sha256(dir)).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void sha256_missingFile_throwsUncheckedIOException() {
    assertThatThrownBy(() -> Digest.sha256(dir.resolve("absent"))).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void parse_toString_roundTrips() {
    Digest d = Digest.sha256(ascii("abc"));

    assertThat(Digest.parse(d.toString())).isEqualTo(d);
    assertThat(Digest.parse("sha256:" + ABC).algorithm()).isEqualTo(Digest.SHA256);
  }

  @Test
  void bytes_areTheRawDigest() {
    Digest d = new Digest("sha256", ABC);

    assertThat(d.bytes()).hasSize(32);
    assertThat(Digest.ofSha256Bytes(d.bytes())).isEqualTo(d);
    assertThat(d.bytes()[0]).isEqualTo((byte) 0xba);
  }

  @Test
  void ofSha256Bytes_rejectsWrongLength() {
    assertThatThrownBy(() -> Digest.ofSha256Bytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compareTo_ordersByHex() {
    Digest low = new Digest("sha256", "0".repeat(64));
    Digest high = new Digest("sha256", "f".repeat(64));

    assertThat(low).isLessThan(high);
    assertThat(low.compareTo(new Digest("sha256", "0".repeat(64)))).isZero();
  }

  @Test
  void parse_rejectsUnknownAlgorithm_withUpgradeAdvice() {
    assertThatThrownBy(() -> Digest.parse("sha512:" + ABC))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("digest"))
        .hasMessageContaining("sha512")
        .hasMessageContaining("upgrade");
  }

  @Test
  void parse_rejectsUppercaseAlgorithm() {
    assertRejected("SHA256:" + ABC);
  }

  @Test
  void parse_rejectsUppercaseHex() {
    assertRejected("sha256:" + ABC.toUpperCase());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 65, 128})
  void parse_rejectsWrongLength(int length) {
    String hex = "a".repeat(length);

    assertRejected("sha256:" + hex);
  }

  @Test
  void parse_rejectsNonHexCharacters() {
    assertRejected("sha256:" + "g".repeat(64));
  }

  @ParameterizedTest
  @ValueSource(strings = {ABC, ":" + ABC, "", "sha256"})
  void parse_rejectsDigestWithoutAlgorithmPrefix(String text) {
    assertRejected(text);
  }

  @Test
  void parse_rejectsWhitespaceAroundDigest() {
    assertRejected(" sha256:" + ABC);
    assertRejected("sha256:" + ABC + "\n");
  }

  @Test
  void parse_messageDoesNotEchoControlCharacters() {
    assertThatThrownBy(() -> Digest.parse("md\u00005:" + ABC))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
  }

  @Test
  void parse_rejectsNull() {
    assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(NullPointerException.class);
  }

  private static void assertRejected(String text) {
    assertThatThrownBy(() -> Digest.parse(text))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("digest"));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
