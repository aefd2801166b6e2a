package dev.mlops.testing.jqwik;

import dev.mlops.testing.jqwik.ModelProperties.Direction;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties a user would write for {@link CreditModel}, run by {@link ModelPropertiesTest} through the
 * JUnit Platform's EngineTestKit (its name does not match the build's test patterns, so the build
 * does not run its deliberately failing properties directly). Each property exists for a good and a
 * bad model.
 */
class CreditModelCheck {
  static final CreditModel MONOTONE = new CreditModel(false, false);
  static final CreditModel NON_MONOTONE = new CreditModel(true, false);
  static final CreditModel USES_NOISE = new CreditModel(false, true);

  @Provide
  Arbitrary<Map<String, Object>> applicants() {
    return FeatureVectors.forSchema(CreditModel.SCHEMA).range("amount", 0, 1000).range("age", 18, 90)
        .range("noise", 0, 1).build();
  }

  @Property(seed = "20261122")
  void monotoneModel_riskGrowsWithAmount(@ForAll("applicants") Map<String, Object> x,
      @ForAll @LongRange(min = 0, max = 100) long step) {
    ModelProperties.assertMonotone(ModelProperties.score(MONOTONE, "high"), x, "amount", step, Direction.INCREASING);
  }

  @Property(seed = "20261122")
  void nonMonotoneModel_riskGrowsWithAmount(@ForAll("applicants") Map<String, Object> x,
      @ForAll @LongRange(min = 0, max = 100) long step) {
    ModelProperties.assertMonotone(ModelProperties.score(NON_MONOTONE, "high"), x, "amount", step, Direction.INCREASING);
  }

  @Property(seed = "20261122")
  void modelIgnoringNoise_isInvariantToNoise(@ForAll("applicants") Map<String, Object> x,
      @ForAll @DoubleRange(min = 0, max = 1) double other) {
    ModelProperties.assertInvariant(ModelProperties.score(MONOTONE, "high"), x, "noise", other, 1e-12);
  }

  @Property(seed = "20261122")
  void modelUsingNoise_isInvariantToNoise(@ForAll("applicants") Map<String, Object> x,
      @ForAll @DoubleRange(min = 0, max = 1) double other) {
    ModelProperties.assertInvariant(ModelProperties.label(USES_NOISE), x, "noise", other);
  }
}
