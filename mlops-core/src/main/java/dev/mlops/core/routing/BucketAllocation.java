package dev.mlops.core.routing;

import dev.mlops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which variant owns each of {@value #BUCKETS} buckets: the weights of a router turned into a table a
 * unit's hash indexes.
 *
 * <p><b>Ramp coverage.</b> {@link #reweigh(double[])} derives the next table from this one by moving
 * only the buckets the new weights require: each variant whose share shrinks releases exactly the
 * buckets it loses (its highest-numbered ones), and the variants whose share grows take exactly those.
 * The number of units that change variant is therefore the total-variation distance between the old
 * and the new weights, the least any assignment can move; a challenger ramped 5% &rarr; 25% keeps
 * every unit it had and takes 20% more from the champion. A fresh allocation of the same weights may
 * lay the buckets out differently, so a host that must keep assignments across restarts persists
 * {@link #encode()} (or replays its weight history, as a canary schedule does).
 *
 * <p>Weights are non-negative finite numbers with a positive sum; they are rounded to whole buckets
 * by the largest-remainder method (ties to the lower variant index), so each variant's share is
 * within 1/{@value #BUCKETS} of its weight's.
 *
 * <p>Immutable and thread-safe.
 */
public final class BucketAllocation {
  /** The number of buckets: shares resolve to 0.01%. */
  public static final int BUCKETS = 10_000;
  /** The most variants one allocation holds. */
  public static final int MAX_VARIANTS = 255;

  private final byte[] owner;
  private final int[] counts;
  private final double[] weights;

  private BucketAllocation(byte[] owner, int[] counts, double[] weights) {
    this.owner = owner;
    this.counts = counts;
    this.weights = weights;
  }

  /**
   * Lays out a first allocation: variant 0 takes the lowest buckets, then variant 1, and so on.
   *
   * @param weights one weight per variant
   * @return the allocation
   * @throws InvalidInputException if a weight is negative or not finite, they sum to 0, or there are
   *     none or more than {@value #MAX_VARIANTS}
   */
  public static BucketAllocation of(double... weights) {
    int[] counts = counts(weights);
    byte[] owner = new byte[BUCKETS];
    int b = 0;
    for (int v = 0; v < counts.length; v++) {
      for (int i = 0; i < counts[v]; i++) {
        owner[b++] = (byte) v;
      }
    }
    return new BucketAllocation(owner, counts, weights.clone());
  }

  /**
   * Derives the allocation for new weights, moving as few buckets as possible (see the class
   * description).
   *
   * @param newWeights one weight per variant, as many as this allocation has
   * @return the new allocation
   * @throws InvalidInputException if the weights are invalid or their number differs
   */
  public BucketAllocation reweigh(double... newWeights) {
    int[] target = counts(newWeights);
    if (target.length != counts.length) {
      throw new InvalidInputException("weights", "Give one weight per variant: " + counts.length + ", not "
          + target.length + ".");
    }
    byte[] next = owner.clone();
    int[] release = new int[counts.length];
    for (int v = 0; v < counts.length; v++) {
      release[v] = Math.max(0, counts[v] - target[v]);
    }
    // Free each shrinking variant's highest-numbered buckets.
    boolean[] freed = new boolean[BUCKETS];
    for (int b = BUCKETS - 1; b >= 0; b--) {
      int v = next[b] & 0xff;
      if (release[v] > 0) {
        release[v]--;
        freed[b] = true;
      }
    }
    // Hand them, lowest first, to the growing variants in index order.
    int v = 0;
    int need = 0;
    for (int b = 0; b < BUCKETS; b++) {
      if (!freed[b]) {
        continue;
      }
      while (need == 0) {
        need = Math.max(0, target[v] - counts[v]);
        if (need == 0) {
          v++;
        }
      }
      next[b] = (byte) v;
      if (--need == 0) {
        v++;
      }
    }
    return new BucketAllocation(next, target, newWeights.clone());
  }

  /**
   * Returns the bucket of a 32-bit hash: {@code floor(unsigned(hash) * BUCKETS / 2^32)}.
   *
   * @param hash the hash
   * @return the bucket, in {@code [0, BUCKETS)}
   */
  public static int bucketOf(int hash) {
    return (int) (((hash & 0xffffffffL) * BUCKETS) >>> 32);
  }

  /**
   * Returns the variant that owns a bucket.
   *
   * @param bucket the bucket
   * @return the variant index
   * @throws ArrayIndexOutOfBoundsException if the bucket is out of range
   */
  public int variantOf(int bucket) {
    return owner[bucket] & 0xff;
  }

  /**
   * Returns the variant a 32-bit hash falls to.
   *
   * @param hash the hash
   * @return the variant index
   */
  public int variantOfHash(int hash) {
    return owner[bucketOf(hash)] & 0xff;
  }

  /**
   * Returns the number of variants.
   *
   * @return the count
   */
  public int variants() {
    return counts.length;
  }

  /**
   * Returns how many buckets each variant owns.
   *
   * @return a copy, one count per variant
   */
  public int[] bucketCounts() {
    return counts.clone();
  }

  /**
   * Returns each variant's share of the buckets.
   *
   * @return a copy, one share in [0, 1] per variant
   */
  public double[] shares() {
    double[] s = new double[counts.length];
    for (int v = 0; v < s.length; v++) {
      s[v] = counts[v] / (double) BUCKETS;
    }
    return s;
  }

  /**
   * Returns the weights this allocation was made from.
   *
   * @return a copy
   */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * Counts the buckets whose owner differs between two allocations.
   *
   * @param other another allocation
   * @return how many buckets changed variant
   */
  public int bucketsMoved(BucketAllocation other) {
    int moved = 0;
    for (int b = 0; b < BUCKETS; b++) {
      if (owner[b] != other.owner[b]) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * The least number of buckets any reallocation from these weights' counts to another's must move:
   * the sum of the growths.
   *
   * @param other another allocation with as many variants
   * @return the minimum number of buckets to move
   */
  public int bucketsRequired(BucketAllocation other) {
    int required = 0;
    for (int v = 0; v < counts.length; v++) {
      required += Math.max(0, other.counts[v] - counts[v]);
    }
    return required;
  }

  /**
   * Encodes the table as runs: {@code "0*9000,1*1000"} is variant 0 for 9000 buckets then variant 1
   * for 1000. Store it to keep assignments across restarts.
   *
   * @return the encoding
   */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    int b = 0;
    while (b < BUCKETS) {
      int v = owner[b];
      int start = b;
      while (b < BUCKETS && owner[b] == v) {
        b++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(v & 0xff).append('*').append(b - start);
    }
    return sb.toString();
  }

  /**
   * Decodes {@link #encode()}'s form.
   *
   * @param encoded the runs
   * @param variants the number of variants the table is for
   * @return the allocation, whose weights are its bucket shares
   * @throws InvalidInputException if the text is malformed, names a variant out of range or does not
   *     cover exactly {@value #BUCKETS} buckets
   */
  public static BucketAllocation decode(String encoded, int variants) {
    Objects.requireNonNull(encoded, "encoded");
    if (variants < 1 || variants > MAX_VARIANTS) {
      throw new IllegalArgumentException("variants must be in [1, " + MAX_VARIANTS + "]");
    }
    byte[] owner = new byte[BUCKETS];
    int[] counts = new int[variants];
    int b = 0;
    try {
      for (String run : encoded.split(",")) {
        int star = run.indexOf('*');
        int v = Integer.parseInt(run.substring(0, star));
        int len = Integer.parseInt(run.substring(star + 1));
        if (v < 0 || v >= variants || len < 1 || b + len > BUCKETS) {
          throw new InvalidInputException("allocation", "Run '" + run + "' is out of range for " + variants
              + " variants and " + BUCKETS + " buckets.");
        }
        Arrays.fill(owner, b, b + len, (byte) v);
        counts[v] += len;
        b += len;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new InvalidInputException("allocation", "An allocation is runs 'variant*count' separated by commas.");
    }
    if (b != BUCKETS) {
      throw new InvalidInputException("allocation", "The runs cover " + b + " buckets, not " + BUCKETS + ".");
    }
    double[] w = new double[variants];
    for (int v = 0; v < variants; v++) {
      w[v] = counts[v] / (double) BUCKETS;
    }
    return new BucketAllocation(owner, counts, w);
  }

  /** Largest-remainder rounding of weights to bucket counts. */
  static int[] counts(double[] weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length < 1 || weights.length > MAX_VARIANTS) {
      throw new InvalidInputException("weights", "Give between 1 and " + MAX_VARIANTS + " weights, not "
          + weights.length + ".");
    }
    double sum = 0;
    for (int v = 0; v < weights.length; v++) {
      double w = weights[v];
      if (!Double.isFinite(w) || w < 0) {
        throw new InvalidInputException("weights", "Weight " + v + " is " + w
            + "; weights are finite and not negative.");
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new InvalidInputException("weights", "The weights sum to 0; give at least one variant a positive weight.");
    }
    int[] counts = new int[weights.length];
    double[] rem = new double[weights.length];
    int given = 0;
    for (int v = 0; v < weights.length; v++) {
      double exact = weights[v] / sum * BUCKETS;
      counts[v] = (int) Math.floor(exact);
      rem[v] = exact - counts[v];
      given += counts[v];
    }
    List<Integer> order = new ArrayList<>();
    for (int v = 0; v < weights.length; v++) {
      if (weights[v] > 0) {
        order.add(v);
      }
    }
    order.sort((a, c) -> rem[a] != rem[c] ? Double.compare(rem[c], rem[a]) : Integer.compare(a, c));
    for (int k = 0; given < BUCKETS; k = (k + 1) % order.size()) {
      counts[order.get(k)]++;
      given++;
    }
    return counts;
  }

  @Override
  public String toString() {
    return "BucketAllocation" + Arrays.toString(counts);
  }
}
