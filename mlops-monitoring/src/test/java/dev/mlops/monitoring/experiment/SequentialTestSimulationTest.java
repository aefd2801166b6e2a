package dev.mlops.monitoring.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Peeking: 2,000 seeded A/A experiments (both arms convert at 10%), each looked at after every batch
 * of 200 units per arm for 20 batches. The always-valid mSPRT keeps its false-positive rate at or
 * below alpha; the fixed-horizon z-test, checked at every look, does not.
 */
class SequentialTestSimulationTest {
  private static final int EXPERIMENTS = 2_000;
  private static final int BATCHES = 20;
  private static final int BATCH = 200;
  private static final double ALPHA = 0.05;

  private static long binomial(SplittableRandom r, int n, double p) {
    long k = 0;
    for (int i = 0; i < n; i++) {
      if (r.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }

  private record Rates(double sequential, double peekedFixed, double finalFixed) {}

  private static Rates simulate(double pControl, double pTreatment, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int seqRejections = 0;
    int peekRejections = 0;
    int finalRejections = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      SequentialTest seq = new SequentialTest(ALPHA, 0.02, 0, SequentialTest.Side.TWO_SIDED);
      long cS = 0;
      long tS = 0;
      long n = 0;
      boolean peekRejected = false;
      LiftEstimate last = null;
      for (int b = 0; b < BATCHES; b++) {
        cS += binomial(rnd, BATCH, pControl);
        tS += binomial(rnd, BATCH, pTreatment);
        n += BATCH;
        seq.updateProportions(cS, n, tS, n);
        last = TwoProportionZTest.test(cS, n, tS, n, 1 - ALPHA);
        peekRejected |= last.pValue() < ALPHA;
      }
      seqRejections += seq.last().rejected() ? 1 : 0;
      peekRejections += peekRejected ? 1 : 0;
      finalRejections += last.pValue() < ALPHA ? 1 : 0;
    }
    return new Rates(seqRejections / (double) EXPERIMENTS, peekRejections / (double) EXPERIMENTS,
        finalRejections / (double) EXPERIMENTS);
  }

  @Test
  void aaExperiments_peekedAfterEveryBatch_msprtStaysBelowAlpha_fixedHorizonDoesNot() {
    Rates r = simulate(0.10, 0.10, 20261122L);
    System.out.printf("A/A, %d experiments x %d looks: mSPRT false positives %.4f, fixed-horizon peeked %.4f, "
        + "fixed-horizon single final look %.4f (alpha %.2f)%n", EXPERIMENTS, BATCHES, r.sequential(), r.peekedFixed(),
        r.finalFixed(), ALPHA);
    assertThat(r.sequential()).as("mSPRT false-positive rate").isLessThanOrEqualTo(ALPHA);
    // Peeking at a fixed-horizon test 20 times inflates its false-positive rate well above alpha
    // (about 0.2 for 20 looks); its single planned look stays near alpha.
    assertThat(r.peekedFixed()).as("peeked fixed-horizon false-positive rate").isGreaterThan(2 * ALPHA);
    assertThat(r.finalFixed()).as("single-look fixed-horizon rate").isBetween(0.03, 0.07);
  }

  @Test
  void realEffect_isDetectedByTheSequentialTest() {
    Rates r = simulate(0.10, 0.13, 7L);
    assertThat(r.sequential()).as("mSPRT power at +3 points over 4,000 units per arm").isGreaterThan(0.6);
  }
}
