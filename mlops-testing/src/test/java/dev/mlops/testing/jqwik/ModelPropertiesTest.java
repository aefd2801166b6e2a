package dev.mlops.testing.jqwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs the properties of {@link CreditModelCheck} with the jqwik engine, as {@code ./mvnw test} would,
 * and checks that the good models pass and that the bad ones fail with a shrunk counter-example.
 */
class ModelPropertiesTest {

  private static EngineExecutionResults run(String method) {
    return EngineTestKit.engine("jqwik")
        .selectors(selectMethod(CreditModelCheck.class.getName() + "#" + method + "(java.util.Map, "
            + (method.contains("Noise") ? "double" : "long") + ")"))
        .execute();
  }

  private static Throwable onlyFailure(EngineExecutionResults results) {
    assertThat(results.testEvents().failed().count()).as("failed properties").isEqualTo(1);
    Event failed = results.testEvents().failed().list().get(0);
    return failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  @Test
  void monotoneModel_passes() {
    EngineExecutionResults results = run("monotoneModel_riskGrowsWithAmount");
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(results.testEvents().failed().count()).isZero();
  }

  @Test
  void nonMonotoneModel_failsWithAShrunkCounterExample() {
    Throwable t = onlyFailure(run("nonMonotoneModel_riskGrowsWithAmount"));

    assertThat(t).isInstanceOf(AssertionError.class).hasMessageStartingWith("Model is not increasing in 'amount': raising amount from ");
    Matcher m = Pattern.compile("raising amount from (\\d+) to (\\d+) moved the output from ([0-9.E-]+) to ([0-9.E-]+)"
        + " \\(input: \\{amount=(\\d+), age=(\\d+), noise=([0-9.E-]+)\\}\\)").matcher(t.getMessage());
    assertThat(m.find()).as(t.getMessage()).isTrue();
    long from = Long.parseLong(m.group(1));
    long to = Long.parseLong(m.group(2));
    // The counter-example straddles the drop at 50 ...
    assertThat(from).isLessThan(50);
    assertThat(to).isGreaterThanOrEqualTo(50);
    assertThat(Double.parseDouble(m.group(3))).isGreaterThan(Double.parseDouble(m.group(4)));
    // ... and is shrunk: the step is the smallest that crosses it from there, and the features the
    // failure does not depend on are at their shrink targets (age at its lower bound 18, noise at 0).
    assertThat(to).isEqualTo(50);
    assertThat(Long.parseLong(m.group(6))).isEqualTo(18);
    assertThat(Double.parseDouble(m.group(7))).isEqualTo(0.0);
  }

  @Test
  void modelIgnoringAFeature_isInvariantToIt() {
    EngineExecutionResults results = run("modelIgnoringNoise_isInvariantToNoise");
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void modelUsingAFeature_failsInvarianceWithAShrunkCounterExample() {
    Throwable t = onlyFailure(run("modelUsingNoise_isInvariantToNoise"));

    assertThat(t).hasMessageStartingWith("Model is not invariant to 'noise': changing noise from ");
    Matcher m = Pattern.compile("changing noise from ([0-9.E-]+) to ([0-9.E-]+) changed the output from (\\w+) to (\\w+)"
        + " \\(input: \\{amount=(\\d+), age=(\\d+), noise=([0-9.E-]+)\\}\\)").matcher(t.getMessage());
    assertThat(m.find()).as(t.getMessage()).isTrue();
    assertThat(m.group(3)).isNotEqualTo(m.group(4));
    long amount = Long.parseLong(m.group(5));
    long age = Long.parseLong(m.group(6));
    double other = Double.parseDouble(m.group(2));
    // Shrunk: noise starts at its shrink target 0, the other value is the smallest that flips the
    // label (noise above 0.5, at jqwik's default two decimals), and the input is a local minimum:
    // one less amount or one year younger no longer fails.
    assertThat(Double.parseDouble(m.group(1))).isEqualTo(0.0);
    assertThat(other).isEqualTo(0.51);
    assertThat(flips(amount, age, other)).isTrue();
    assertThat(flips(amount - 1, age, other)).isFalse();
    assertThat(age == 18 || !flips(amount, age - 1, other)).isTrue();
  }

  private static boolean flips(long amount, long age, double other) {
    java.util.Map<String, Object> x = java.util.Map.of("amount", amount, "age", age, "noise", 0.0);
    java.util.Map<String, Object> y = java.util.Map.of("amount", amount, "age", age, "noise", other);
    return !ModelProperties.label(CreditModelCheck.USES_NOISE).apply(x).equals(ModelProperties.label(CreditModelCheck.USES_NOISE).apply(y));
  }
}
