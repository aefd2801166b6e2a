package dev.mlops.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors pin the hash, so that assignments never change between releases or JVMs. Every
 * expected value comes from an independent implementation:
 * <ul>
 *   <li>SMHasher's verification value for MurmurHash3_x86_32, 0xB0F57EE3 (Austin Appleby's reference
 *       C++, {@code smhasher/src/main.cpp}; also asserted by Guava's {@code Murmur3Hash32Test.testParanoid}):
 *       hash the keys {0}, {0,1}, ..., {0..254} with seed 256 - length, concatenate the 256 hashes
 *       little-endian, hash that with seed 0.</li>
 *   <li>Guava's {@code Murmur3Hash32Test.testKnownIntegerInputs}: {@code hashInt(0)} (four zero bytes)
 *       is 593689054.</li>
 *   <li>The ASCII string vectors of the {@code mint-murmur3} test suite
 *       (github.com/itsgreggreg/mint-murmur3, {@code tests/Murmur3.mint}; its non-ASCII vectors hash one
 *       byte per code point, not UTF-8, so they are not used).</li>
 *   <li>UTF-8 vectors with 2-, 3- and 4-byte characters computed with Guava 33.5.0's
 *       {@code Hashing.murmur3_32_fixed(seed).hashString(s, UTF_8)} by
 *       {@code src/test/reference/GuavaMurmur3Vectors.java} (its command is in the file).</li>
 * </ul>
 */
class MurmurHash3Test {

  @Test
  void hash32_smhasherVerificationValue_matchesReference() {
    byte[] key = new byte[256];
    byte[] hashes = new byte[256 * 4];
    for (int i = 0; i < 256; i++) {
      key[i] = (byte) i;
      int h = MurmurHash3.hash32(key, 0, i, 256 - i);
      hashes[i * 4] = (byte) h;
      hashes[i * 4 + 1] = (byte) (h >>> 8);
      hashes[i * 4 + 2] = (byte) (h >>> 16);
      hashes[i * 4 + 3] = (byte) (h >>> 24);
    }
    assertThat(MurmurHash3.hash32(hashes, 0, hashes.length, 0)).isEqualTo(0xB0F57EE3);
  }

  @Test
  void hash32_guavaKnownIntegerInput_fourZeroBytes() {
    assertThat(MurmurHash3.hash32(new byte[4], 0, 4, 0)).isEqualTo(593689054);
  }

  @Test
  void hash32_utf8Strings_matchPublishedVectors() {
    assertThat(u32(MurmurHash3.hash32("", 0))).isEqualTo(0L);
    assertThat(u32(MurmurHash3.hash32("", 1))).isEqualTo(1364076727L);
    assertThat(u32(MurmurHash3.hash32("Turn me into a hash", 1234))).isEqualTo(4138100590L);
    assertThat(u32(MurmurHash3.hash32(
        "Life, the Universe, and Everything. There is an answer. But, I'll have to think about it.", 42)))
        .isEqualTo(150807855L);
    assertThat(u32(MurmurHash3.hash32(
        "Life, the Universe, and Everything. There is an answer. But, I'll have to think about it.", -42)))
        .isEqualTo(2194656369L);
    assertThat(u32(MurmurHash3.hash32("Life, the Universe, and Everything.", 42))).isEqualTo(458076548L);
  }

  @Test
  void hash32_utf8Strings_matchGuavaMurmur3_32Fixed() {
    assertThat(u32(MurmurHash3.hash32("user-42", 0))).isEqualTo(3111312080L);
    assertThat(u32(MurmurHash3.hash32("exp-2026", "user-42", 0))).isEqualTo(2072597960L);
    assertThat(u32(MurmurHash3.hash32("\u03c0".repeat(8), 0))).isEqualTo(3966940904L);
    assertThat(u32(MurmurHash3.hash32("\uD83C\uDF35", 0))).isEqualTo(3922971290L); // U+1F335, 4 bytes
    assertThat(u32(MurmurHash3.hash32("\u30e6\u30fc\u30b6\u30fc7", 0))).isEqualTo(2516604114L);
    assertThat(u32(MurmurHash3.hash32("Gr\u00fc\u00dfe, caf\u00e9!", 0))).isEqualTo(3417956568L);
    assertThat(u32(MurmurHash3.hash32("\u00e9", 0))).isEqualTo(269551495L);
    assertThat(u32(MurmurHash3.hash32("", 42))).isEqualTo(142593372L);
    assertThat(u32(MurmurHash3.hash32("exp-2026", "user-42", 42))).isEqualTo(504949949L);
    assertThat(u32(MurmurHash3.hash32("\u03c0".repeat(8), 42))).isEqualTo(2675532586L);
    assertThat(u32(MurmurHash3.hash32("\uD83C\uDF35", 42))).isEqualTo(2765028646L);
    assertThat(u32(MurmurHash3.hash32("Gr\u00fc\u00dfe, caf\u00e9!", 42))).isEqualTo(1772165147L);
  }

  @Test
  void hash32_saltAndId_equalsHashOfConcatenation_whateverTheSaltLength() {
    for (String salt : new String[] {"", "a", "ab", "abc", "abcd", "é", "exp-π-2026"}) {
      for (String id : new String[] {"", "u", "user-42", "ユーザー7", "\uD83C\uDF35x", "0123456789abcdef"}) {
        assertThat(MurmurHash3.hash32(salt, id, 0)).as(salt + "|" + id).isEqualTo(MurmurHash3.hash32(salt + id, 0));
      }
    }
  }

  @Property(tries = 2000)
  void hash32_charSequence_equalsHashOfItsUtf8Bytes(@ForAll String text, @ForAll int seed) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8); // unpaired surrogates become '?', as in hash32
    assertThat(MurmurHash3.hash32(text, seed)).isEqualTo(MurmurHash3.hash32(utf8, 0, utf8.length, seed));
  }

  @Property(tries = 1000)
  void hash32_saltPlusId_equalsConcatenation(@ForAll String salt, @ForAll String id) {
    assertThat(MurmurHash3.hash32(salt, id, 0)).isEqualTo(MurmurHash3.hash32(salt + id, 0));
  }

  @Test
  void hash32_unpairedSurrogates_encodeAsQuestionMark() {
    assertThat(MurmurHash3.hash32("a\uD800b", 0)).isEqualTo(MurmurHash3.hash32("a?b", 0));
    assertThat(MurmurHash3.hash32("\uDC00", 0)).isEqualTo(MurmurHash3.hash32("?", 0));
  }

  private static long u32(int h) {
    return h & 0xffffffffL;
  }
}
