package dev.mlops.monitoring.stream;

import java.util.Arrays;

/**
 * The Mersenne Twister (MT19937) seeded and sampled exactly as CPython's {@code random.Random}:
 * {@code Random(seed)} runs {@code init_by_array} on the 32-bit words of |seed|, and {@link
 * #sample} is {@code random.sample(range(n), k)}. {@link Kswin} uses it so that a seed draws the same
 * reference samples as River's {@code KSWIN(seed=...)}. The state (624 words and a position) is
 * plain data, so a snapshot restores it exactly. Not thread-safe.
 */
final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int index;

  PythonRandom(long seed) {
    seed(seed);
  }

  private PythonRandom(int[] state, int index) {
    System.arraycopy(state, 0, mt, 0, N);
    this.index = index;
  }

  static PythonRandom fromState(int[] state, int index) {
    if (state.length != N || index < 0 || index > N) {
      throw new IllegalArgumentException("a Mersenne Twister state is 624 words and a position in [0, 624]");
    }
    return new PythonRandom(state, index);
  }

  int[] state() {
    return mt.clone();
  }

  int index() {
    return index;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  /** CPython's {@code random_seed} for an int: init_by_array over the little-endian 32-bit words of |seed|. */
  private void seed(long seed) {
    long a = seed == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(seed);
    int[] key;
    long hi = a >>> 32;
    if (hi != 0) {
      key = new int[] {(int) a, (int) hi};
    } else {
      key = new int[] {(int) a};
    }
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    index = N;
  }

  /** {@code genrand_uint32}, as an int holding the 32 bits. */
  int nextInt32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void twist() {
    for (int kk = 0; kk < N; kk++) {
      int y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
      mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    index = 0;
  }

  /** {@code getrandbits(k)} for 1 &lt;= k &lt;= 32. */
  long bits(int k) {
    return (nextInt32() & 0xffffffffL) >>> (32 - k);
  }

  /** {@code _randbelow_with_getrandbits(n)} for 1 &lt;= n &lt; 2^32. */
  int below(int n) {
    int k = 32 - Integer.numberOfLeadingZeros(n);
    long r = bits(k);
    while (r >= n) {
      r = bits(k);
    }
    return (int) r;
  }

  /**
   * {@code sample(range(n), k)}: k distinct indices of [0, n), in CPython's order; {@code pool} is
   * scratch space of length at least n.
   */
  void sample(int n, int k, int[] pool, int[] result) {
    int setSize = 21;
    if (k > 5) {
      setSize += (int) Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
    }
    if (n <= setSize) {
      for (int i = 0; i < n; i++) {
        pool[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = below(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      boolean[] selected = new boolean[n];
      for (int i = 0; i < k; i++) {
        int j = below(n);
        while (selected[j]) {
          j = below(n);
        }
        selected[j] = true;
        result[i] = j;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PythonRandom r && index == r.index && Arrays.equals(mt, r.mt);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mt) + index;
  }
}
