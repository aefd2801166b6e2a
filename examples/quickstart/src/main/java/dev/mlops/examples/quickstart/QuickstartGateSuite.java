package dev.mlops.examples.quickstart;

import static dev.mlops.testing.assertions.ModelAssertions.assertThatModel;

import dev.mlops.core.model.TabularPredictor;
import dev.mlops.monitoring.frame.Frame;
import dev.mlops.monitoring.frame.Frames;
import dev.mlops.testing.Model;
import dev.mlops.testing.ModelTest;
import dev.mlops.testing.assertions.ModelOnData;
import dev.mlops.testing.assertions.Perturbation;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model tests a version must pass before the quickstart lets {@code @champion} move onto it, run by
 * {@link PromotionGateStep} through {@link dev.mlops.testing.ModelTestGate} on the candidate
 * ({@link Model#CANDIDATE}). Kept small and fast; {@code examples/model-tests} has the full template.
 * Its results become evidence of suite {@value PromotionGateStep#SUITE} on the candidate.
 */
@ModelTest(suite = PromotionGateStep.SUITE)
class QuickstartGateSuite {
  /** The rows the quickstart held out, with their diagnosis. */
  static Frame holdout;

  @BeforeAll
  static void readTheHoldout() throws IOException {
    holdout = Frames.fromTribuo(QuickstartSplit.read().test(), QuickstartSplit.LABEL);
  }

  private static ModelOnData onHoldout(TabularPredictor model) {
    return assertThatModel(model).on(holdout, QuickstartSplit.LABEL).withPositiveClass("malignant");
  }

  /** Quality, asserted on the lower bound of each 95% interval rather than on the point value. */
  @Test
  void isAccurateAndFindsMalignantTumours(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).accuracy().lowerBound().isAtLeast(0.85);
    onHoldout(candidate).recall().lowerBound().isAtLeast(0.8);
  }

  /** No regression: McNemar's test against the current champion on the same rows. */
  @Test
  void isNoWorseThanTheChampion(@Model(Model.CANDIDATE) TabularPredictor candidate,
      @Model(PromotionGateStep.MODEL + "@champion") TabularPredictor champion) {
    onHoldout(candidate).comparedTo(champion).accuracyNotWorse(0.02);
  }

  /** Behaviour: a reading 0.1% off in texture must not change the diagnosis. */
  @Test
  void ignoresATinyChangeInTexture(@Model(Model.CANDIDATE) TabularPredictor candidate) {
    onHoldout(candidate).invariantTo("texture +0.1%", Perturbation.scale("mean_texture", 1.001)).failureRateAtMost(0.02);
  }
}
