package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DigestProperties {

  @Property(tries = 300)
  void sameBytes_giveSameDigest(@ForAll("payloads") byte[] bytes) {
    assertThat(Digest.sha256(bytes)).isEqualTo(Digest.sha256(bytes.clone()));
  }

  @Property(tries = 300)
  void streamInRandomChunks_equalsDigestInOneGo(
      @ForAll("payloads") byte[] bytes, @ForAll long seed, @ForAll @IntRange(min = 1, max = 25_000) int maxChunk) {
    InputStream in = ShortReadInputStream.randomChunks(bytes, new Random(seed), maxChunk);

    assertThat(Digest.sha256(in)).isEqualTo(Digest.sha256(bytes));
  }

  @Property(tries = 15)
  void streamInRandomChunks_acrossChunkBoundaries_equalsDigestInOneGo(
      @ForAll("largePayloadSizes") int size, @ForAll long seed) {
    byte[] bytes = DigestTest.randomBytes(size, seed);
    InputStream in = ShortReadInputStream.randomChunks(bytes, new Random(seed ^ 0x5DEECE66DL), Digest.CHUNK + 4096);

    assertThat(Digest.sha256(in)).isEqualTo(Digest.sha256(bytes));
  }

  @Property
  void flippingAnyBit_changesTheDigest(
      @ForAll("nonEmptyPayloads") byte[] bytes, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] flipped = bytes.clone();
    int i = position % bytes.length;
    flipped[i] = (byte) (flipped[i] ^ (1 << bit));

    assertThat(Digest.sha256(flipped)).isNotEqualTo(Digest.sha256(bytes));
  }

  @Property
  void parse_ofToString_isTheSameDigest(@ForAll @Size(32) byte[] raw) {
    Digest d = Digest.ofSha256Bytes(raw);

    assertThat(Digest.parse(d.toString())).isEqualTo(d);
    assertThat(d.toString()).matches("sha256:[0-9a-f]{64}");
    assertThat(d.bytes()).isEqualTo(raw);
  }

  @Property
  void compareTo_isConsistentWithEquals(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    Digest x = Digest.ofSha256Bytes(a);
    Digest y = Digest.ofSha256Bytes(b);

    assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(20_000);
  }

  @Provide
  Arbitrary<byte[]> nonEmptyPayloads() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4_096);
  }

  @Provide
  Arbitrary<Integer> largePayloadSizes() {
    return Arbitraries.integers().between(Digest.CHUNK - 3, 3 * Digest.CHUNK + 3)
        .edgeCases(c -> c.add(Digest.CHUNK - 1, Digest.CHUNK, Digest.CHUNK + 1, 2 * Digest.CHUNK));
  }
}
