package dev.mlops.core.routing;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's {@code MurmurHash3_x86_32}), over bytes or over
 * the UTF-8 encoding of character sequences without materialising the bytes.
 *
 * <p>The router's assignments depend on this function, so its output is pinned by golden vectors in
 * the tests (the SMHasher verification value and published vectors of independent
 * implementations): assignments do not change between releases or JVMs. Character sequences are
 * encoded exactly as {@code String.getBytes(StandardCharsets.UTF_8)} does, an unpaired surrogate
 * becoming {@code '?'}.
 *
 * <pre>{@code
 * int h = MurmurHash3.hash32("user-42", 0);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class MurmurHash3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private MurmurHash3() {}

  /**
   * Hashes a range of bytes.
   *
   * @param data the bytes
   * @param offset the first byte
   * @param length how many bytes
   * @param seed the seed
   * @return the 32-bit hash
   * @throws IndexOutOfBoundsException if the range is outside the array
   */
  public static int hash32(byte[] data, int offset, int length, int seed) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int h1 = seed;
    int end = offset + (length & ~3);
    for (int i = offset; i < end; i += 4) {
      int k1 = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
      h1 = mixH1(h1, k1);
    }
    int k1 = 0;
    switch (length & 3) {
      case 3:
        k1 ^= (data[end + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 ^= (data[end + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 ^= data[end] & 0xff;
        h1 ^= mixK1(k1);
        break;
      default:
        break;
    }
    return fmix(h1 ^ length);
  }

  /**
   * Hashes the UTF-8 encoding of a character sequence.
   *
   * @param text the text
   * @param seed the seed
   * @return the 32-bit hash, the same as {@code hash32(text.toString().getBytes(UTF_8), seed)}
   */
  public static int hash32(CharSequence text, int seed) {
    return finish(seed, 0L, 0, 0, Objects.requireNonNull(text, "text"));
  }

  /**
   * Hashes the UTF-8 encoding of {@code salt} followed by {@code unitId}, without concatenating them.
   *
   * @param salt the salt (an experiment key)
   * @param unitId the unit id
   * @param seed the seed
   * @return the 32-bit hash of the concatenated UTF-8 bytes
   */
  public static int hash32(CharSequence salt, CharSequence unitId, int seed) {
    Prefix p = Prefix.of(salt, seed);
    return p.hash(Objects.requireNonNull(unitId, "unitId"));
  }

  /**
   * The state of the hash after a fixed prefix (the salt), so that hashing salt + id costs only the
   * id's bytes. Immutable and thread-safe.
   */
  static final class Prefix {
    private final int h1;
    private final long acc;
    private final int pending;
    private final int length;

    private Prefix(int h1, long acc, int pending, int length) {
      this.h1 = h1;
      this.acc = acc;
      this.pending = pending;
      this.length = length;
    }

    static Prefix of(CharSequence salt, int seed) {
      byte[] b = Objects.requireNonNull(salt, "salt").toString().getBytes(StandardCharsets.UTF_8);
      int h1 = seed;
      int full = b.length & ~3;
      for (int i = 0; i < full; i += 4) {
        h1 = mixH1(h1, (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24);
      }
      long acc = 0;
      for (int i = full; i < b.length; i++) {
        acc |= (b[i] & 0xffL) << ((i - full) << 3);
      }
      return new Prefix(h1, acc, b.length - full, b.length);
    }

    int hash(CharSequence id) {
      return finish(h1, acc, pending, length, id);
    }
  }

  /** Streams the UTF-8 bytes of {@code s} into the state and finishes the hash. */
  static int finish(int h1, long acc, int pending, int length, CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (i + 4 <= n) {
        int c0 = s.charAt(i);
        int c1 = s.charAt(i + 1);
        int c2 = s.charAt(i + 2);
        int c3 = s.charAt(i + 3);
        if ((c0 | c1 | c2 | c3) < 0x80) {
          long block = (c0 | c1 << 8 | c2 << 16 | c3 << 24) & 0xffffffffL;
          acc |= block << (pending << 3);
          h1 = mixH1(h1, (int) acc);
          acc >>>= 32;
          length += 4;
          i += 4;
          continue;
        }
      }
      // One character (or surrogate pair), byte by byte.
      int c = s.charAt(i++);
      int cp = c;
      if (Character.isHighSurrogate((char) c) && i < n && Character.isLowSurrogate(s.charAt(i))) {
        cp = Character.toCodePoint((char) c, s.charAt(i++));
      } else if (Character.isSurrogate((char) c)) {
        cp = '?';
      }
      int bytes;
      int encoded;
      if (cp < 0x80) {
        encoded = cp;
        bytes = 1;
      } else if (cp < 0x800) {
        encoded = (0xc0 | cp >>> 6) | (0x80 | cp & 0x3f) << 8;
        bytes = 2;
      } else if (cp < 0x10000) {
        encoded = (0xe0 | cp >>> 12) | (0x80 | cp >>> 6 & 0x3f) << 8 | (0x80 | cp & 0x3f) << 16;
        bytes = 3;
      } else {
        encoded = (0xf0 | cp >>> 18) | (0x80 | cp >>> 12 & 0x3f) << 8 | (0x80 | cp >>> 6 & 0x3f) << 16
            | (0x80 | cp & 0x3f) << 24;
        bytes = 4;
      }
      acc |= (encoded & 0xffffffffL) << (pending << 3);
      pending += bytes;
      length += bytes;
      if (pending >= 4) {
        h1 = mixH1(h1, (int) acc);
        acc >>>= 32;
        pending -= 4;
      }
    }
    if (pending > 0) {
      h1 ^= mixK1((int) acc);
    }
    return fmix(h1 ^ length);
  }

  private static int mixK1(int k1) {
    k1 *= C1;
    k1 = Integer.rotateLeft(k1, 15);
    return k1 * C2;
  }

  private static int mixH1(int h1, int k1) {
    h1 ^= mixK1(k1);
    h1 = Integer.rotateLeft(h1, 13);
    return h1 * 5 + 0xe6546b64;
  }

  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
