package dev.mlops.examples.quickstart;

import dev.mlops.core.artifact.VersionId;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registration;
import dev.mlops.registry.card.ModelCard;
import dev.mlops.registry.card.ModelCardFields;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.registry.promotion.UnmetRequirement;
import dev.mlops.registry.run.DatasetRole;
import dev.mlops.registry.run.Tracking;
import dev.mlops.registry.run.tribuo.TribuoRuns;
import dev.mlops.testing.ModelTestGate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The quickstart's promotion gate: the registry is opened with a promotion policy under which
 * {@code @champion} moves only onto a version with passing evidence of the model test suite
 * {@value #SUITE} ({@link QuickstartGateSuite}) on that exact manifest digest. The step retrains the
 * champion's classifier for more epochs in a tracked run and registers it as the candidate; shows the
 * policy refusing to promote it without evidence; runs the suite on it in-process with
 * {@link ModelTestGate} (the evidence, JSON and HTML, is attached to the candidate); then moves
 * {@code @champion} with a compare-and-set, and writes the new champion's model card.
 */
public final class PromotionGateStep {
  /** The model the quickstart registers. */
  static final String MODEL = "breast-cancer-classifier";
  /** The suite's name in the evidence, and the name the policy requires. */
  static final String SUITE = "QuickstartGate";
  /** {@code @champion} of the quickstart model needs a passing run of {@value #SUITE}. */
  static final PromotionPolicy POLICY =
      PromotionPolicy.of(PromotionRule.forAlias(MODEL, "champion").requirePassingEvidence(Evidence.MODEL_TEST, SUITE));

  private PromotionGateStep() {}

  /**
   * What the step did.
   *
   * @param previousChampion the champion before the step
   * @param candidate the retrained version the gate tested
   * @param refused the refusal of the promotion attempted before the gate ran
   * @param gate the gate's result
   * @param champion the champion after the step (the candidate if the gate passed)
   * @param modelCard the new champion's model card (HTML), if the champion moved
   */
  public record Outcome(VersionId previousChampion, ModelVersion candidate, PromotionRefusedException refused,
      ModelTestGate.Result gate, VersionId champion, Optional<Path> modelCard) {}

  /**
   * Runs the step against the quickstart registry (run {@link Quickstart#run} first).
   *
   * @param root the quickstart's registry directory; reports go under {@code model-tests/} and
   *     {@code card/} in it
   * @param out where to print
   * @return what happened
   * @throws IOException if the data cannot be read
   */
  public static Outcome run(Path root, PrintStream out) throws IOException {
    try (ModelRegistry registry = ModelRegistry.builder().uri(root.toAbsolutePath().toUri()).promotionPolicy(POLICY).build()) {
      ModelVersion champion = registry.get(MODEL + "@champion");
      ModelVersion candidate = retrain(registry, champion);
      out.printf("gate: retrained candidate %s (accuracy %s; champion %s, accuracy %s)%n", candidate.id(),
          candidate.tags().get("accuracy"), champion.id(), champion.tags().get("accuracy"));

      // 1. Without evidence the policy refuses the move, and says what it needs.
      PromotionRefusedException refused;
      try {
        registry.setAlias(MODEL, "champion", candidate.version(), OptionalInt.of(champion.version()));
        throw new IllegalStateException("the promotion policy let @champion move without evidence");
      } catch (PromotionRefusedException e) {
        refused = e;
        UnmetRequirement u = e.unmet().get(0);
        out.printf("gate: promotion of %s to @champion refused: needs %s; found %s%n", candidate.id(), u.requirement(),
            u.found());
      }

      // 2. The model tests, run in-process on the candidate; their results become its evidence.
      ModelTestGate.Result gate = ModelTestGate.builder(QuickstartGateSuite.class).registry(registry)
          .reportDirectory(root.resolve("model-tests")).build().run(candidate.id().toString());
      out.printf("gate: %s%n", gate.summary());
      gate.failures().forEach(f -> out.printf("gate:   failed %s%n", f));

      // 3. With passing evidence on the candidate's digest the same move goes through.
      VersionId now = champion.id();
      Optional<Path> card = Optional.empty();
      if (gate.passed()) {
        registry.setAlias(MODEL, "champion", candidate.version(), OptionalInt.of(champion.version()));
        now = candidate.id();
        card = Optional.of(ModelCard.builder(registry, MODEL + "@champion")
            .fields(new ModelCardFields("Demonstrates the SDK on the Wisconsin breast-cancer data.",
                "A quickstart model: not for diagnosis.", List.of("quickstart")))
            .build().write(root.resolve("card")));
        out.printf("gate: @champion -> %s (was %s), model card at %s%n", now, champion.id(), card.get().toAbsolutePath());
      } else {
        out.printf("gate: @champion stays %s%n", champion.id());
      }
      out.printf("model test report at %s%n", gate.htmlReport().toAbsolutePath());
      return new Outcome(champion.id(), candidate, refused, gate, now, card);
    }
  }

  /** The champion's trainer with twice the epochs and another seed, in a tracked run on the same data. */
  private static ModelVersion retrain(ModelRegistry registry, ModelVersion champion) throws IOException {
    QuickstartSplit split = QuickstartSplit.read();
    ModelVersion data = registry.versions("breast-cancer").stream()
        .filter(d -> champion.manifest().lineage().datasets().contains(d.manifestDigest()))
        .findFirst().orElseThrow(() -> new IllegalStateException(champion.id() + " names no breast-cancer data set"));
    LinearSGDTrainer trainer = new LinearSGDTrainer(new Hinge(), new AdaGrad(0.1, 0.1), 10, 2L);
    return Tracking.of(registry).run("breast-cancer", "retrained-candidate", run -> {
      run.logDataset(data, DatasetRole.TRAINING);
      Model<Label> model = TribuoRuns.train(run, trainer, split.train());
      double accuracy = new LabelEvaluator().evaluate(model, split.test()).accuracy();
      run.logMetric("accuracy", accuracy);
      return run.register(Registration.model(MODEL, model)
          .parent(champion.id())
          .tag("accuracy", String.format("%.4f", accuracy))
          .description("LinearSGDTrainer, 10 epochs, seed 2: the candidate for @champion"));
    });
  }
}
