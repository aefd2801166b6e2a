package dev.mlops.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class BucketAllocationTest {
  private static final int UNITS = 1_000_000;

  @Test
  void assignmentShares_overAMillionIds_matchTheWeights_chiSquare() {
    double[] weights = {50, 30, 15, 5};
    Router<String, String> router = Router.<String, String>builder("exp-shares")
        .variant("a", weights[0]).variant("b", weights[1]).variant("c", weights[2]).variant("d", weights[3]).build();
    long[] observed = new long[4];
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < UNITS; i++) {
      id.setLength(0);
      id.append("user-").append(i);
      observed[Decisions.variant(router.decide(id))]++;
    }
    double[] expected = Arrays.stream(weights).map(w -> w / 100 * UNITS).toArray();
    double p = new ChiSquareTest().chiSquareTest(expected, observed);
    assertThat(p).as("chi-square p-value of %s against %s", Arrays.toString(observed), Arrays.toString(expected))
        .isGreaterThan(0.001);
    for (int v = 0; v < 4; v++) {
      assertThat(observed[v] / (double) UNITS).isCloseTo(weights[v] / 100, org.assertj.core.data.Offset.offset(0.002));
    }
  }

  @Test
  void weightRamp_reassignsNoMoreUnitsThanTheRampRequires() {
    Router<String, String> router = Router.<String, String>builder("exp-ramp")
        .variant("champion", 95).variant("challenger", 5).build();
    int[] before = assign(router);
    router.setWeights(75, 25);
    int[] after = assign(router);
    int moved = 0;
    for (int i = 0; i < UNITS; i++) {
      if (before[i] != after[i]) {
        moved++;
        assertThat(before[i]).as("only champion units move, to the challenger").isZero();
        assertThat(after[i]).isEqualTo(1);
      }
    }
    // The ramp requires 20% of the units to move; sampling error over 1e6 units is about 0.04%.
    assertThat(moved / (double) UNITS).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.003));

    // Back down: only challenger units move back, again 20%.
    router.setWeights(95, 5);
    int[] back = assign(router);
    int movedBack = 0;
    for (int i = 0; i < UNITS; i++) {
      if (after[i] != back[i]) {
        movedBack++;
        assertThat(after[i]).isEqualTo(1);
      }
    }
    assertThat(movedBack / (double) UNITS).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.003));
  }

  private static int[] assign(Router<String, String> router) {
    int[] v = new int[UNITS];
    for (int i = 0; i < UNITS; i++) {
      v[i] = Decisions.variant(router.decide("u" + i));
    }
    return v;
  }

  @Property(tries = 300)
  void reweigh_movesExactlyTheRequiredBuckets(
      @ForAll @Size(min = 2, max = 6) int[] rawOld, @ForAll("seeds") long seed) {
    double[] oldW = Arrays.stream(rawOld).mapToDouble(x -> Math.abs(x % 100) + 1).toArray();
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[] newW = Arrays.stream(oldW).map(x -> r.nextInt(100)).toArray();
    newW[0] += 1;
    BucketAllocation a = BucketAllocation.of(oldW);
    BucketAllocation b = a.reweigh(newW);
    assertThat(a.bucketsMoved(b)).isEqualTo(a.bucketsRequired(b));
    assertThat(Arrays.stream(b.bucketCounts()).sum()).isEqualTo(BucketAllocation.BUCKETS);
    double total = Arrays.stream(newW).sum();
    for (int v = 0; v < newW.length; v++) {
      assertThat(Math.abs(b.bucketCounts()[v] - newW[v] / total * BucketAllocation.BUCKETS)).isLessThan(1.0);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }

  @Property(tries = 200)
  void encode_decode_roundTrips(@ForAll @IntRange(min = 0, max = 100) int w1, @ForAll @IntRange(min = 1, max = 100) int w2,
      @ForAll @IntRange(min = 0, max = 100) int w3) {
    BucketAllocation a = BucketAllocation.of(w1, w2, w3).reweigh(w3, w1, w2 + 1);
    BucketAllocation d = BucketAllocation.decode(a.encode(), 3);
    assertThat(a.bucketsMoved(d)).isZero();
    assertThat(d.bucketCounts()).containsExactly(a.bucketCounts());
  }

  @Test
  void bucketOf_isTheMultiplyShiftOfTheUnsignedHash() {
    assertThat(BucketAllocation.bucketOf(0)).isZero();
    assertThat(BucketAllocation.bucketOf(-1)).isEqualTo(BucketAllocation.BUCKETS - 1);
    assertThat(BucketAllocation.bucketOf(Integer.MIN_VALUE)).isEqualTo(BucketAllocation.BUCKETS / 2);
    // 4138100590 ("Turn me into a hash", seed 1234) * 10000 / 2^32 = 9634.8...
    assertThat(BucketAllocation.bucketOf((int) 4138100590L)).isEqualTo(9634);
  }

  @Test
  void invalidWeights_areRejectedWithTheReason() {
    assertThatThrownBy(() -> BucketAllocation.of(1, Double.NaN)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> BucketAllocation.of(1, -1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BucketAllocation.of(0, 0)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sum to 0");
    assertThatThrownBy(() -> BucketAllocation.of(1, 1).reweigh(1, 1, 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("one weight per variant");
    assertThatThrownBy(() -> BucketAllocation.decode("0*5000", 2)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cover");
    assertThatThrownBy(() -> BucketAllocation.decode("2*10000", 2)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BucketAllocation.decode("x", 2)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void canarySchedule_rampsThroughItsSteps_movingOnlyNewUnits() {
    CanarySchedule s = CanarySchedule.standard();
    BucketAllocation a = BucketAllocation.of(s.weights(-1));
    for (int step = 0; step < s.steps(); step++) {
      BucketAllocation b = a.reweigh(s.weights(step));
      assertThat(a.bucketsMoved(b)).isEqualTo(a.bucketsRequired(b));
      assertThat(b.shares()[1] * 100).isCloseTo(s.percent(step), org.assertj.core.data.Offset.offset(1e-9));
      for (int bucket = 0; bucket < BucketAllocation.BUCKETS; bucket++) {
        if (a.variantOf(bucket) == 1) {
          assertThat(b.variantOf(bucket)).isEqualTo(1); // a canary unit stays in the canary
        }
      }
      a = b;
    }
    assertThat(s.isLast(4)).isTrue();
    assertThatThrownBy(() -> CanarySchedule.of(5, 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CanarySchedule.of(50, 101)).isInstanceOf(InvalidInputException.class);
  }
}
