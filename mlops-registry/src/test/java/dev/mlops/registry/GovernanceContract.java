package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.registry.evidence.Evidence;
import dev.mlops.registry.evidence.EvidenceAttachment;
import dev.mlops.registry.evidence.EvidenceRef;
import dev.mlops.registry.evidence.EvidenceResult;
import dev.mlops.registry.promotion.Approval;
import dev.mlops.registry.promotion.MissingPrincipalException;
import dev.mlops.registry.promotion.PromotionPolicy;
import dev.mlops.registry.promotion.PromotionRefusedException;
import dev.mlops.registry.promotion.PromotionRule;
import dev.mlops.registry.store.InMemoryMetadataStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence, approvals and promotion gates, written once and run over the in-memory and file-system
 * stores by the subclasses.
 */
abstract class GovernanceContract {
  static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
  static final PromotionPolicy CHAMPION_NEEDS_TESTS = PromotionPolicy.of(
      PromotionRule.forAlias("champion").requirePassingEvidence(Evidence.MODEL_TEST, "FraudModelTest"));

  @TempDir Path tmp;
  final AtomicReference<String> principal = new AtomicReference<>("alice");
  final MutableClock clock = new MutableClock(START);
  final List<AutoCloseable> toClose = new ArrayList<>();

  /** A new builder naming this test's stores (the same stores on every call). */
  abstract ModelRegistry.Builder onStores();

  /** Replaces the stored bytes of a blob behind the store's back. */
  abstract void overwriteBlob(Digest digest, byte[] bytes);

  @AfterEach
  void closeRegistries() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  ModelRegistry open(Consumer<ModelRegistry.Builder> options) {
    ModelRegistry.Builder b = onStores().clock(clock);
    options.accept(b);
    ModelRegistry r = b.build();
    toClose.add(r);
    return r;
  }

  ModelRegistry open() {
    return open(b -> b.principal(principal::get));
  }

  ModelRegistry gated(PromotionPolicy policy) {
    return open(b -> b.principal(principal::get).promotionPolicy(policy));
  }

  static ModelVersion register(ModelRegistry r, String name, String content) {
    return r.register(Registration.bytes(name, "model.bin", content.getBytes(StandardCharsets.UTF_8), ArtifactFormat.RAW)
        .build());
  }

  static Evidence passing(ModelVersion v, String suite) {
    return Evidence.builder(Evidence.MODEL_TEST, suite, v)
        .result(EvidenceResult.of("accuracy at least 0.9", "accuracy", 0.94, true).withInterval(0.91, 0.965)
            .withThreshold(0.9).withMessage("lower bound 0.91 >= 0.9"))
        .result(EvidenceResult.of("recall on FR", "recall", 0.81, true).withSlice("country=FR"))
        .createdAt(START)
        .build();
  }

  static Evidence failing(ModelVersion v, String suite) {
    return Evidence.builder(Evidence.MODEL_TEST, suite, v)
        .result(EvidenceResult.of("accuracy at least 0.9", "accuracy", 0.84, false).withInterval(0.80, 0.88).withThreshold(0.9))
        .createdAt(START.plusSeconds(60))
        .build();
  }

  @Nested
  class EvidenceDocuments {
    @Test
    void attach_thenRead_returnsTheSameDocumentStoredUnderItsDigest() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      Evidence e = passing(v, "FraudModelTest");

      EvidenceRef ref = r.attachEvidence("fraud/1", e);

      assertThat(ref.version()).isEqualTo(v.id());
      assertThat(ref.kind()).isEqualTo("model-test");
      assertThat(ref.attachedBy()).isEqualTo("alice");
      assertThat(ref.digest()).isEqualTo(Digest.sha256(e.toCanonicalJson())).isEqualTo(e.digest());
      assertThat(r.blobStore().read(ref.digest())).isEqualTo(e.toCanonicalJson());
      assertThat(r.evidence("fraud/1")).containsExactly(ref);
      Evidence read = open().readEvidence(ref);
      assertThat(read).isEqualTo(e);
      assertThat(read.results().get(0).lower()).hasValue(0.91);
      assertThat(read.results().get(1).slice()).contains("country=FR");
      AuditEvent last = r.auditLog("fraud").get(r.auditLog("fraud").size() - 1);
      assertThat(last.action()).isEqualTo(AuditAction.EVIDENCE_ADD);
      assertThat(last.principal()).isEqualTo("alice");
      assertThat(last.version()).isEqualTo(1);
      assertThat(last.current()).contains(ref.digest().toString());
      assertThat(last.sequence()).isEqualTo(ref.auditSequence());
    }

    @Test
    void canonicalJson_hasSortedKeysAndNoWhitespace() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      String json = new String(passing(v, "S").toCanonicalJson(), StandardCharsets.UTF_8);
      assertThat(json).startsWith("{\"attachments\":[],\"createdAt\":\"2026-03-01T09:00:00Z\",\"kind\":\"model-test\"")
          .contains("\"lower\":0.91,").contains("\"threshold\":0.9,").doesNotContain(" \"").doesNotContain("\n");
    }

    @Test
    void attach_toAnotherVersion_isRefusedAndNothingIsRecorded() {
      ModelRegistry r = open();
      ModelVersion v1 = register(r, "fraud", "weights-1");
      register(r, "fraud", "weights-2");
      int events = r.auditLog("fraud").size();

      assertThatThrownBy(() -> r.attachEvidence("fraud/2", passing(v1, "S")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("fraud/1").hasMessageContaining("fraud/2")
          .hasMessageContaining("exact version it tested");
      assertThat(r.auditLog("fraud")).hasSize(events);
      assertThat(r.evidence("fraud/2")).isEmpty();
    }

    @Test
    void attach_sameDocumentTwice_isRecordedOnce_butAnotherRunIsRecordedToo() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      EvidenceRef first = r.attachEvidence("fraud", passing(v, "S"));
      EvidenceRef again = r.attachEvidence("fraud/1", passing(v, "S"));
      EvidenceRef other = r.attachEvidence("fraud/1", failing(v, "S"));

      assertThat(again).isEqualTo(first);
      assertThat(r.evidence("fraud/1")).containsExactly(first, other);
    }

    @Test
    void attachments_areStoredContentAddressed_andReadBackVerified() throws Exception {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      byte[] html = "<html><body>all green</body></html>".getBytes(StandardCharsets.UTF_8);
      EvidenceAttachment a = r.storeEvidenceAttachment("summary.html", "text/html", html);
      assertThat(a.digest()).isEqualTo(Digest.sha256(html));
      assertThat(a.size()).isEqualTo(html.length);
      Evidence e = Evidence.builder(Evidence.MODEL_TEST, "S", v).attachment(a).passed(true).build();

      Evidence read = r.readEvidence(r.attachEvidence("fraud/1", e));

      try (InputStream in = r.openEvidenceAttachment(read, "summary.html")) {
        assertThat(in.readAllBytes()).isEqualTo(html);
      }
      assertThatThrownBy(() -> r.openEvidenceAttachment(read, "other.html")).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("summary.html");
    }

    @Test
    void attach_withAnAttachmentWhoseBytesAreNotStored_isRefused() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      byte[] bytes = "never stored".getBytes(StandardCharsets.UTF_8);
      EvidenceAttachment a = new EvidenceAttachment("x.txt", "text/plain", Digest.sha256(bytes), bytes.length);
      Evidence e = Evidence.builder(Evidence.MODEL_TEST, "S", v).attachment(a).passed(true).build();

      assertThatThrownBy(() -> r.attachEvidence("fraud/1", e)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("storeEvidenceAttachment");
      assertThat(r.evidence("fraud/1")).isEmpty();
    }

    @Test
    void editedEvidenceBytes_areDetectedOnRead() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      EvidenceRef ref = r.attachEvidence("fraud/1", failing(v, "S"));
      byte[] forged = new String(r.blobStore().read(ref.digest()), StandardCharsets.UTF_8)
          .replace("\"passed\":false", "\"passed\":true").getBytes(StandardCharsets.UTF_8);
      overwriteBlob(ref.digest(), forged);

      assertThatThrownBy(() -> r.readEvidence(ref)).isInstanceOf(IntegrityException.class);
      assertThat(r.verify().problems()).anySatisfy(p -> assertThat(p).contains("fraud/1").contains("evidence"));
    }

    @Test
    void gc_keepsEvidenceAndItsAttachments_andRemovesAttachmentsNeverAttached() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      EvidenceAttachment kept = r.storeEvidenceAttachment("summary.html", "text/html", "<p>kept</p>".getBytes(StandardCharsets.UTF_8));
      EvidenceAttachment orphan = r.storeEvidenceAttachment("summary.html", "text/html", "<p>orphan</p>".getBytes(StandardCharsets.UTF_8));
      EvidenceRef ref = r.attachEvidence("fraud/1", Evidence.builder(Evidence.MODEL_TEST, "S", v).attachment(kept).passed(true).build());

      GcReport report = r.gc(Duration.ZERO);

      assertThat(report.removed()).extracting(b -> b.digest()).containsExactly(orphan.digest());
      assertThat(r.blobStore().contains(ref.digest())).isTrue();
      assertThat(r.blobStore().contains(kept.digest())).isTrue();
      assertThat(r.verify().problems()).isEmpty();
      assertThat(r.verify().unreferencedBlobs()).isZero();
    }

    @Test
    void evidence_refusesNaN_andAPassThatHidesAFailure() {
      assertThatThrownBy(() -> EvidenceResult.of("auc", "auc", Double.NaN, true)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("finite");
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      assertThatThrownBy(() -> Evidence.builder(Evidence.MODEL_TEST, "S", v)
          .result(EvidenceResult.of("auc", "auc", 0.5, false)).passed(true).build())
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'auc' failed");
      assertThatThrownBy(() -> EvidenceResult.of("auc", "auc", 0.5, true).withInterval(0.6, 0.4))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Evidence.builder("Model Test", "S", v)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void registryCopy_copiesEvidenceAndAttachments() {
      ModelRegistry r = open();
      ModelVersion v = register(r, "fraud", "weights-1");
      EvidenceAttachment a = r.storeEvidenceAttachment("summary.html", "text/html", "<p>s</p>".getBytes(StandardCharsets.UTF_8));
      EvidenceRef ref = r.attachEvidence("fraud/1", Evidence.builder(Evidence.MODEL_TEST, "S", v).attachment(a).passed(true).build());
      InMemoryBlobStore targetBlobs = new InMemoryBlobStore("mem:copy-blobs");
      InMemoryMetadataStore targetMeta = new InMemoryMetadataStore("mem:copy-meta");

      RegistryCopy.builder().source(r.blobStore(), r.metadataStore()).target(targetBlobs, targetMeta).build().run();

      try (ModelRegistry copy = ModelRegistry.builder().blobStore(targetBlobs).metadataStore(targetMeta).build()) {
        assertThat(copy.evidence("fraud/1")).containsExactly(ref);
        assertThat(copy.readEvidence(ref).attachments()).containsExactly(a);
        assertThat(targetBlobs.contains(a.digest())).isTrue();
        assertThat(copy.verify().problems()).isEmpty();
      }
    }
  }

  @Nested
  class PromotionGates {
    @Test
    void withoutPolicy_aliasesMoveAsBefore() {
      ModelRegistry r = open();
      register(r, "fraud", "weights-1");
      r.setAlias("fraud", "champion", 1);
      assertThat(r.aliases("fraud")).containsEntry("champion", 1);
    }

    @Test
    void champion_withoutEvidence_isRefused_namingWhatIsMissing_andTheAliasIsUnchanged() {
      ModelRegistry r = gated(CHAMPION_NEEDS_TESTS);
      ModelVersion v1 = register(r, "fraud", "weights-1");
      r.attachEvidence("fraud/1", passing(v1, "FraudModelTest"));
      r.setAlias("fraud", "champion", 1);
      register(r, "fraud", "weights-2");
      int events = r.auditLog("fraud").size();

      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 2))
          .isInstanceOfSatisfying(PromotionRefusedException.class, e -> {
            assertThat(e.alias()).isEqualTo("champion");
            assertThat(e.version().toString()).isEqualTo("fraud/2");
            assertThat(e.unmet()).singleElement().satisfies(u -> {
              assertThat(u.requirement()).contains("passing 'model-test' evidence of suite 'FraudModelTest' on fraud/2");
              assertThat(u.found()).isEqualTo("no such evidence");
              assertThat(u.howToSatisfy()).contains("registry.attachEvidence(\"fraud/2\", evidence)");
            });
          })
          .hasMessageContaining("was not moved to version 2");
      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 2, OptionalInt.of(1)))
          .isInstanceOf(PromotionRefusedException.class);
      assertThat(r.aliases("fraud")).containsEntry("champion", 1);
      assertThat(r.auditLog("fraud")).hasSize(events);
    }

    @Test
    void champion_withPassingEvidenceOnThatVersion_moves_andOtherAliasesAreNotGated() {
      ModelRegistry r = gated(CHAMPION_NEEDS_TESTS);
      ModelVersion v1 = register(r, "fraud", "weights-1");
      r.setAlias("fraud", "challenger", 1);
      r.attachEvidence("fraud/1", passing(v1, "FraudModelTest"));

      r.setAlias("fraud", "champion", 1, OptionalInt.empty());

      assertThat(r.aliases("fraud")).containsEntry("champion", 1).containsEntry("challenger", 1);
    }

    @Test
    void evidenceOfAnotherSuite_orAnotherVersion_doesNotCount() {
      ModelRegistry r = gated(CHAMPION_NEEDS_TESTS);
      ModelVersion v1 = register(r, "fraud", "weights-1");
      ModelVersion v2 = register(r, "fraud", "weights-2");
      r.attachEvidence("fraud/1", passing(v1, "FraudModelTest"));
      r.attachEvidence("fraud/2", passing(v2, "SmokeTest"));

      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 2)).isInstanceOf(PromotionRefusedException.class);
      assertThat(r.aliases("fraud")).doesNotContainKey("champion");
    }

    @Test
    void failingEvidence_isRefused_andALaterFailureWithdrawsAnEarlierPass() {
      ModelRegistry r = gated(CHAMPION_NEEDS_TESTS);
      ModelVersion v1 = register(r, "fraud", "weights-1");
      r.attachEvidence("fraud/1", failing(v1, "FraudModelTest"));
      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 1))
          .isInstanceOfSatisfying(PromotionRefusedException.class, e -> assertThat(e.unmet().get(0).found())
              .contains("failed").contains("accuracy at least 0.9"));

      ModelVersion v2 = register(r, "fraud", "weights-2");
      r.attachEvidence("fraud/2", passing(v2, "FraudModelTest"));
      r.attachEvidence("fraud/2", failing(v2, "FraudModelTest"));
      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 2)).isInstanceOf(PromotionRefusedException.class);
      r.attachEvidence("fraud/2", Evidence.builder(Evidence.MODEL_TEST, "FraudModelTest", v2)
          .result(EvidenceResult.of("accuracy at least 0.9", "accuracy", 0.93, true)).createdAt(START.plusSeconds(120)).build());
      r.setAlias("fraud", "champion", 2);
      assertThat(r.aliases("fraud")).containsEntry("champion", 2);
    }

    @Test
    void approvals_areCountedPerDistinctApprover_andRecordedInTheAuditLog() {
      PromotionPolicy policy = PromotionPolicy.of(PromotionRule.forAlias("fraud", "champion").requireApprovals(2));
      ModelRegistry r = gated(policy);
      ModelVersion v = register(r, "fraud", "weights-1");

      Approval a = r.approve("fraud/1", "looks good");
      assertThat(a.approver()).isEqualTo("alice");
      assertThat(a.manifestDigest()).isEqualTo(v.manifestDigest());
      assertThatThrownBy(() -> r.approve("fraud/1", "again")).isInstanceOf(ConflictException.class)
          .hasMessageContaining("alice already approved fraud/1");
      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 1))
          .isInstanceOfSatisfying(PromotionRefusedException.class, e -> {
            assertThat(e.unmet()).singleElement().satisfies(u -> {
              assertThat(u.requirement()).isEqualTo("2 approvals of fraud/1");
              assertThat(u.found()).isEqualTo("1 (alice)");
              assertThat(u.howToSatisfy()).contains("ask 1 more approver").contains("registry.approve(\"fraud/1\", comment)");
            });
          });

      principal.set("bob");
      r.approve("fraud/1", "");
      r.setAlias("fraud", "champion", 1);

      assertThat(r.approvals("fraud/1")).extracting(Approval::approver).containsExactly("alice", "bob");
      assertThat(r.auditLog("fraud")).filteredOn(e -> e.action() == AuditAction.APPROVAL_ADD)
          .extracting(AuditEvent::principal, AuditEvent::key).containsExactly(
              org.assertj.core.groups.Tuple.tuple("alice", "looks good"), org.assertj.core.groups.Tuple.tuple("bob", ""));
      // the rule is limited to the model "fraud"
      register(r, "other", "w");
      r.setAlias("other", "champion", 1);
    }

    @Test
    void approvalsFromOutsideTheNamedApprovers_doNotCount() {
      PromotionPolicy policy = PromotionPolicy.of(PromotionRule.forAlias("champion")
          .requirePassingEvidence(Evidence.MODEL_TEST).requireApprovals(1, Set.of("carol", "dave")));
      ModelRegistry r = gated(policy);
      ModelVersion v = register(r, "fraud", "weights-1");
      principal.set("mallory");
      r.approve("fraud/1", "trust me");

      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 1))
          .isInstanceOfSatisfying(PromotionRefusedException.class, e -> {
            assertThat(e.unmet()).hasSize(2);
            assertThat(e.unmet().get(1).found()).isEqualTo("0; not counted: mallory");
            assertThat(e.unmet().get(1).requirement()).contains("from [carol, dave]");
          });
      r.attachEvidence("fraud/1", passing(v, "AnySuite"));
      principal.set("carol");
      r.approve("fraud/1", "ok");
      r.setAlias("fraud", "champion", 1);
      assertThat(r.aliases("fraud")).containsEntry("champion", 1);
    }

    @Test
    void approve_withoutAPrincipalSupplier_isATypedError() {
      ModelRegistry r = open(b -> {});
      register(r, "fraud", "weights-1");
      assertThatThrownBy(() -> r.approve("fraud/1", "ok")).isInstanceOf(MissingPrincipalException.class)
          .hasMessageContaining("principal(");
      ModelRegistry blank = open(b -> b.principal(() -> ""));
      assertThatThrownBy(() -> blank.approve("fraud/1", "ok")).isInstanceOf(MissingPrincipalException.class);
      assertThat(r.approvals("fraud/1")).isEmpty();
    }

    @Test
    void settingTheAliasItAlreadyHas_isNotAPromotion() {
      ModelRegistry plain = open();
      register(plain, "fraud", "weights-1");
      plain.setAlias("fraud", "champion", 1);
      ModelRegistry r = gated(CHAMPION_NEEDS_TESTS);
      r.setAlias("fraud", "champion", 1);
      r.removeAlias("fraud", "champion", 1);
      assertThatThrownBy(() -> r.setAlias("fraud", "champion", 1)).isInstanceOf(PromotionRefusedException.class);
    }
  }
}
