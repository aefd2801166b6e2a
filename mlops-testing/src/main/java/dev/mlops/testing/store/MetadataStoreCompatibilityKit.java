package dev.mlops.testing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.core.ConflictException;
import dev.mlops.core.Digest;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.signing.ManifestSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.VersionStatus;
import dev.mlops.registry.spi.MetadataStore;
import dev.mlops.registry.spi.ModelSnapshot;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionRecord;
import dev.mlops.registry.spi.VersionState;
import dev.mlops.registry.store.InMemoryMetadataStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} must show, as JUnit 5 tests: extend this class, say how
 * to create a fresh, empty store, and every test below runs against your store.
 *
 * <p>The features checked, one {@link Nested} group each: version numbering (1, 2, 3 per name,
 * independently per name, records read back as written); the kind a name holds; reads of unknown
 * names and versions; listing, paging and {@link MetadataStore#names()}; compare-and-set of a
 * version's state; compare-and-set of aliases; the audit log (one event per mutation, numbered 1..n
 * without gaps, none for a failed compare-and-set); concurrent version creation and competing
 * compare-and-sets from 16 threads, with an audit log that records every concurrent change exactly once;
 * {@link MetadataStore#search(VersionQuery)}, by registration time too; and moving a model between
 * stores with {@link MetadataStore#exportModel(String)} and {@link MetadataStore#importModel(ModelSnapshot)}.
 *
 * <pre>{@code
 * class PostgresMetadataStoreTest extends MetadataStoreCompatibilityKit {
 *   static final DataSource DB = TestDatabase.start();       // one server per test JVM
 *
 *   @Override
 *   protected MetadataStore createStore() {
 *     String schema = "kit_" + UUID.randomUUID().toString().replace("-", "");
 *     return JdbcMetadataStore.builder().dataSource(DB).schema(schema).build();   // a fresh, empty schema per test
 *   }
 * }
 * }</pre>
 *
 * <p>Name the subclass {@code *Test} so the build's test runner picks it up; the kit itself is
 * abstract and never runs on its own. JUnit creates one instance of the subclass per test, and the
 * kit opens one store per test (closing it afterwards), so a kit instance is used by one test at a
 * time and is not thread-safe itself; the concurrency tests share the store under test between
 * several threads, as the {@link MetadataStore} contract allows.
 */
public abstract class MetadataStoreCompatibilityKit {

  /** The registration time the kit records; already whole milliseconds. */
  static final Instant AT = Instant.parse("2026-03-04T05:06:07.123Z");

  /** The principal the kit records. */
  static final String PRINCIPAL = "kit-user";

  private static final int THREADS = 16;

  private MetadataStore store;
  private final AtomicInteger markers = new AtomicInteger();

  /** Creates the kit; subclasses are instantiated by JUnit. */
  protected MetadataStoreCompatibilityKit() {}

  /**
   * Creates a fresh, empty store for one test. Called once before each test; the kit closes the
   * store after the test.
   *
   * @return a new store holding no models
   */
  protected abstract MetadataStore createStore();

  /**
   * Opens the store under test; runs before each test.
   *
   * @throws NullPointerException if {@link #createStore()} returns {@code null}
   */
  @BeforeEach
  protected final void openStoreUnderTest() {
    MetadataStore created = createStore();
    if (created == null) {
      throw new NullPointerException("createStore() returned null; return a fresh, empty MetadataStore");
    }
    store = created;
  }

  /** Closes the store under test; runs after each test. */
  @AfterEach
  protected final void closeStoreUnderTest() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  /**
   * Returns the store of the current test, for tests a subclass adds.
   *
   * @return the store opened for this test
   * @throws IllegalStateException if called outside a test
   */
  protected final MetadataStore store() {
    if (store == null) {
      throw new IllegalStateException("the store is open only while a test runs");
    }
    return store;
  }

  // ------------------------------------------------------------------ features

  @Nested
  @DisplayName("version numbering")
  class Numbering {

    @Test
    @DisplayName("versions of one name are numbered 1, 2, 3 in the order they are created")
    void oneName_numbered1To3() {
      assertEquals(1, register("fraud").id().version());
      assertEquals(2, register("fraud").id().version());
      assertEquals(3, register("fraud").id().version());
      assertEquals(List.of(1, 2, 3), store().versionNumbers("fraud"));
    }

    @Test
    @DisplayName("each name is numbered independently of the others")
    void names_numberedIndependently() {
      register("fraud");
      register("fraud");
      assertEquals(1, register("churn").id().version());
      assertEquals(3, register("fraud").id().version());
      assertEquals(2, register("churn").id().version());
      assertEquals(List.of(1, 2, 3), store().versionNumbers("fraud"));
      assertEquals(List.of(1, 2), store().versionNumbers("churn"));
    }

    @Test
    @DisplayName("createVersion returns the record as stored, and getVersion reads the same record back")
    void created_readsBackEqual() {
      ManifestSignature sig = new ManifestSignature("release-key", ManifestSignature.ED25519,
          Base64.getEncoder().encodeToString(new byte[64]));
      VersionState state = VersionState.initial(Map.of("team", "risk", "stage", "dev"), "first cut", List.of(sig));
      NewVersion v = newVersion("fraud", ArtifactKind.MODEL, state);
      VersionRecord created = store().createVersion("fraud", v, registerEvent("fraud", v.manifestDigest()));

      assertEquals(new VersionId("fraud", 1), created.id());
      assertEquals(ArtifactKind.MODEL, created.kind());
      assertEquals(v.manifestDigest(), created.manifestDigest());
      assertEquals(v.manifestJson(), created.manifestJson());
      assertEquals(AT, created.registeredAt());
      assertEquals(PRINCIPAL, created.registeredBy());
      assertEquals(state, created.state());
      assertEquals(Optional.of(created), store().getVersion("fraud", 1));
    }

    @Test
    @DisplayName("a manifest with non-ASCII text, escapes and a nanosecond timestamp is kept exactly (time to the millisecond)")
    void unusualContent_keptExactly() {
      String json = "{\"description\":\"Modèle \\\"fraude\\\" – 欺诈 🙂\\n\\ttab\",\"n\":1}";
      VersionState state = VersionState.initial(Map.of("note", "ünïcödé ✓"), "línea 1\nlínea 2", List.of());
      NewVersion v = new NewVersion(ArtifactKind.MODEL, Digest.sha256(json.getBytes(StandardCharsets.UTF_8)), json,
          AT.plusNanos(456_789), "ana.lópez@example.com", state);
      store().createVersion("fraud", v, registerEvent("fraud", v.manifestDigest()));
      VersionRecord back = store().getVersion("fraud", 1).orElseThrow();
      assertEquals(json, back.manifestJson());
      assertEquals(AT, back.registeredAt());
      assertEquals("ana.lópez@example.com", back.registeredBy());
      assertEquals(state, back.state());
    }

    @Test
    @DisplayName("more than nine versions stay in numeric order (10 after 9, not after 1)")
    void twelveVersions_numericOrder() {
      for (int i = 0; i < 12; i++) {
        register("fraud");
      }
      assertEquals(IntStream.rangeClosed(1, 12).boxed().collect(Collectors.toList()), store().versionNumbers("fraud"));
    }
  }

  @Nested
  @DisplayName("the kind of a name")
  class Kind {

    @Test
    @DisplayName("registering a data set under a model's name throws ConflictException and stores nothing")
    void datasetUnderModelName_conflicts() {
      register("fraud");
      List<AuditEvent> before = store().auditLog("fraud");
      NewVersion ds = newVersion("fraud", ArtifactKind.DATASET, VersionState.initial(Map.of(), "", List.of()));
      assertThrows(ConflictException.class,
          () -> store().createVersion("fraud", ds, registerEvent("fraud", ds.manifestDigest())));
      assertEquals(List.of(1), store().versionNumbers("fraud"));
      assertEquals(before, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("a name whose first version is a data set takes only data sets")
    void datasetName_refusesModels() {
      VersionRecord first = register("census", ArtifactKind.DATASET, Map.of());
      assertEquals(ArtifactKind.DATASET, first.kind());
      assertEquals(2, register("census", ArtifactKind.DATASET, Map.of()).id().version());
      NewVersion model = newVersion("census", ArtifactKind.MODEL, VersionState.initial(Map.of(), "", List.of()));
      assertThrows(ConflictException.class,
          () -> store().createVersion("census", model, registerEvent("census", model.manifestDigest())));
      assertEquals(List.of(1, 2), store().versionNumbers("census"));
    }
  }

  @Nested
  @DisplayName("reading what is not there")
  class Unknown {

    @Test
    @DisplayName("getVersion of an unknown name is empty")
    void unknownName_empty() {
      register("fraud");
      assertEquals(Optional.empty(), store().getVersion("churn", 1));
    }

    @Test
    @DisplayName("getVersion of a number not yet allocated is empty")
    void unknownNumber_empty() {
      register("fraud");
      assertEquals(Optional.empty(), store().getVersion("fraud", 2));
      assertEquals(Optional.empty(), store().getVersion("fraud", 99));
    }

    @Test
    @DisplayName("an unknown name has no version numbers, versions, aliases or audit events")
    void unknownName_hasNothing() {
      assertEquals(List.of(), store().versionNumbers("ghost"));
      assertEquals(List.of(), store().listVersions("ghost", 0, 10));
      assertEquals(Map.of(), store().aliases("ghost"));
      assertEquals(OptionalInt.empty(), store().alias("ghost", "champion"));
      assertEquals(List.of(), store().auditLog("ghost"));
    }

    @Test
    @DisplayName("an empty store has no names and verifies without problems")
    void emptyStore() {
      assertEquals(List.of(), store().names());
      assertEquals(List.of(), store().verify());
      assertFalse(store().describe().isBlank());
    }
  }

  @Nested
  @DisplayName("listing and paging")
  class Listing {

    @Test
    @DisplayName("listVersions returns pages in ascending order after afterVersion, at most limit long")
    void listVersions_pages() {
      for (int i = 0; i < 12; i++) {
        register("fraud");
      }
      assertEquals(List.of(1, 2, 3, 4, 5), numbers(store().listVersions("fraud", 0, 5)));
      assertEquals(List.of(6, 7, 8, 9, 10), numbers(store().listVersions("fraud", 5, 5)));
      assertEquals(List.of(11, 12), numbers(store().listVersions("fraud", 10, 5)));
      assertEquals(List.of(), numbers(store().listVersions("fraud", 12, 5)));
      assertEquals(List.of(4, 5), numbers(store().listVersions("fraud", 3, 2)));
      assertEquals(List.of(1), numbers(store().listVersions("fraud", 0, 1)));
      assertEquals(IntStream.rangeClosed(1, 12).boxed().collect(Collectors.toList()),
          numbers(store().listVersions("fraud", 0, 100)));
    }

    @Test
    @DisplayName("listVersions returns the same records as getVersion")
    void listVersions_matchesGetVersion() {
      register("fraud");
      register("fraud");
      for (VersionRecord r : store().listVersions("fraud", 0, 10)) {
        assertEquals(Optional.of(r), store().getVersion("fraud", r.id().version()));
      }
    }

    @Test
    @DisplayName("names lists every name with a version once, sorted")
    void names_sorted() {
      register("zeta");
      register("alpha");
      register("mid");
      register("alpha");
      register("census", ArtifactKind.DATASET, Map.of());
      assertEquals(List.of("alpha", "census", "mid", "zeta"), store().names());
    }

    @Test
    @DisplayName("a name with no versions is not in names, even after failed operations on it")
    void nameWithoutVersions_notListed() {
      register("fraud");
      assertThrows(NotFoundException.class, () -> store().compareAndSetAlias(
          "ghost", "champion", OptionalInt.empty(), OptionalInt.of(1), aliasEvent("ghost", "champion", OptionalInt.empty(), OptionalInt.of(1))));
      VersionState s = VersionState.initial(Map.of(), "", List.of());
      assertThrows(NotFoundException.class, () -> store().updateState(
          "ghost", 1, 1, s, event(AuditAction.DESCRIPTION_SET, "ghost", 1, "", "", "x")));
      assertEquals(List.of("fraud"), store().names());
      assertEquals(List.of(), store().versionNumbers("ghost"));
      assertEquals(List.of("fraud"), store().search(VersionQuery.builder().build()).stream()
          .map(r -> r.id().name()).collect(Collectors.toList()));
      assertEquals(List.of(), store().verify());
    }
  }

  @Nested
  @DisplayName("state compare-and-set")
  class StateCas {

    @Test
    @DisplayName("updateState with the current revision stores the new state at revision + 1")
    void currentRevision_updates() {
      VersionRecord v = register("fraud");
      assertEquals(1, v.state().revision());
      VersionState next = v.state().withTag("stage", "prod").withDescription("promoted");
      VersionRecord updated = store().updateState("fraud", 1, 1, next, tagEvent("fraud", 1, "stage", "prod"));
      assertEquals(2, updated.state().revision());
      assertEquals(Map.of("stage", "prod"), updated.state().tags());
      assertEquals("promoted", updated.state().description());
      assertEquals(Optional.of(updated), store().getVersion("fraud", 1));
    }

    @Test
    @DisplayName("an update keeps the version's identity, manifest and registration unchanged")
    void update_keepsImmutableParts() {
      VersionRecord v = register("fraud");
      VersionRecord updated = store().updateState("fraud", 1, 1,
          v.state().withStatus(VersionStatus.DEPRECATED, "superseded"), statusEvent("fraud", 1, "superseded"));
      assertEquals(v.id(), updated.id());
      assertEquals(v.kind(), updated.kind());
      assertEquals(v.manifestDigest(), updated.manifestDigest());
      assertEquals(v.manifestJson(), updated.manifestJson());
      assertEquals(v.registeredAt(), updated.registeredAt());
      assertEquals(v.registeredBy(), updated.registeredBy());
      assertEquals(VersionStatus.DEPRECATED, updated.state().status());
      assertEquals("superseded", updated.state().statusReason());
    }

    @Test
    @DisplayName("each successful update increments the revision by one, whatever revision the new state carries")
    void revision_incrementsByOne() {
      VersionRecord v = register("fraud");
      VersionState s = v.state();
      for (long expected = 1; expected <= 3; expected++) {
        VersionState carried = new VersionState(99, s.status(), s.statusReason(), Map.of("round", "r" + expected),
            s.description(), s.signatures());
        VersionRecord r = store().updateState("fraud", 1, expected, carried, tagEvent("fraud", 1, "round", "r" + expected));
        assertEquals(expected + 1, r.state().revision());
      }
      assertEquals(4, store().getVersion("fraud", 1).orElseThrow().state().revision());
      assertEquals(Map.of("round", "r3"), store().getVersion("fraud", 1).orElseThrow().state().tags());
    }

    @Test
    @DisplayName("a stale revision throws ConflictException and changes nothing")
    void staleRevision_conflicts() {
      VersionRecord v = register("fraud");
      store().updateState("fraud", 1, 1, v.state().withTag("a", "1"), tagEvent("fraud", 1, "a", "1"));
      VersionRecord before = store().getVersion("fraud", 1).orElseThrow();
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> store().updateState(
          "fraud", 1, 1, v.state().withTag("b", "2"), tagEvent("fraud", 1, "b", "2")));
      assertThrows(ConflictException.class, () -> store().updateState(
          "fraud", 1, 3, v.state().withTag("b", "2"), tagEvent("fraud", 1, "b", "2")));
      assertEquals(Optional.of(before), store().getVersion("fraud", 1));
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("updateState of a version that does not exist throws NotFoundException")
    void unknownVersion_notFound() {
      VersionRecord v = register("fraud");
      assertThrows(NotFoundException.class, () -> store().updateState(
          "fraud", 2, 1, v.state(), tagEvent("fraud", 2, "a", "1")));
      assertThrows(NotFoundException.class, () -> store().updateState(
          "churn", 1, 1, v.state(), tagEvent("churn", 1, "a", "1")));
      assertEquals(List.of(1), store().versionNumbers("fraud"));
      assertEquals(1, store().auditLog("fraud").size());
    }

    @Test
    @DisplayName("an update that keeps the state records its event and bumps the revision (how evidence and approvals are appended)")
    void unchangedState_recordsEventAndBumpsRevision() {
      VersionRecord v = register("fraud");
      String evidence = "sha256:" + "ab".repeat(32);
      VersionRecord r = store().updateState("fraud", 1, 1, v.state(),
          event(AuditAction.EVIDENCE_ADD, "fraud", 1, "model-test", null, evidence));
      assertEquals(2, r.state().revision());
      assertEquals(v.state().tags(), r.state().tags());
      store().updateState("fraud", 1, 2, r.state(),
          event(AuditAction.APPROVAL_ADD, "fraud", 1, "looks good", null, v.manifestDigest().toString()));
      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(3, log.size());
      assertEquals(AuditAction.EVIDENCE_ADD, log.get(1).action());
      assertEquals(Optional.of(evidence), log.get(1).current());
      assertEquals("model-test", log.get(1).key());
      assertEquals(AuditAction.APPROVAL_ADD, log.get(2).action());
      assertEquals("looks good", log.get(2).key());
      assertEquals(3, store().getVersion("fraud", 1).orElseThrow().state().revision());
      assertThrows(ConflictException.class, () -> store().updateState("fraud", 1, 2, r.state(),
          event(AuditAction.APPROVAL_ADD, "fraud", 1, "again", null, v.manifestDigest().toString())));
      assertEquals(3, store().auditLog("fraud").size());
    }

    @Test
    @DisplayName("updating one version leaves the other versions unchanged")
    void update_isLocalToOneVersion() {
      VersionRecord v1 = register("fraud");
      VersionRecord v2 = register("fraud");
      store().updateState("fraud", 1, 1, v1.state().withTag("a", "1"), tagEvent("fraud", 1, "a", "1"));
      assertEquals(Optional.of(v2), store().getVersion("fraud", 2));
    }
  }

  @Nested
  @DisplayName("no alias on an archived version")
  class ArchivedVersions {

    @Test
    @DisplayName("pointing an alias at an archived version throws ConflictException and changes nothing")
    void aliasToArchived_conflicts() {
      VersionRecord v = register("fraud");
      register("fraud");
      store().updateState("fraud", 1, 1, v.state().withStatus(VersionStatus.ARCHIVED, "retired"),
          statusEvent("fraud", 1, "retired"));
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1)));
      assertEquals(Map.of(), store().aliases("fraud"));
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("archiving a version an alias points at throws ConflictException and changes nothing")
    void archiveAliased_conflicts() {
      VersionRecord v = register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> store().updateState("fraud", 1, 1,
          v.state().withStatus(VersionStatus.ARCHIVED, "retired"), statusEvent("fraud", 1, "retired")));
      assertEquals(VersionStatus.ACTIVE, store().getVersion("fraud", 1).orElseThrow().state().status());
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("an alias on a deprecated version is allowed")
    void aliasToDeprecated_allowed() {
      VersionRecord v = register("fraud");
      store().updateState("fraud", 1, 1, v.state().withStatus(VersionStatus.DEPRECATED, "old"),
          statusEvent("fraud", 1, "old"));
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      assertEquals(OptionalInt.of(1), store().alias("fraud", "champion"));
    }
  }

  @Nested
  @DisplayName("audit events carry the version they change")
  class AuditVersion {

    @Test
    @DisplayName("updateState records its event under the version updated, whatever version the event named")
    void updateState_setsEventVersion() {
      register("fraud");
      VersionRecord v = register("fraud");
      store().updateState("fraud", 2, 1, v.state().withTag("k", "v"), tagEvent("fraud", 0, "k", "v"));
      AuditEvent last = store().auditLog("fraud").get(2);
      assertEquals(AuditAction.TAG_SET, last.action());
      assertEquals(2, last.version());
      register("fraud");
      assertEquals(4, store().auditLog("fraud").size());
    }
  }

  @Nested
  @DisplayName("alias compare-and-set")
  class Aliases {

    @Test
    @DisplayName("an unset alias is set when it is expected to be unset")
    void set_whenUnset() {
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      assertEquals(Map.of("champion", 1), store().aliases("fraud"));
      assertEquals(OptionalInt.of(1), store().alias("fraud", "champion"));
    }

    @Test
    @DisplayName("an alias is moved when it still points at the expected version")
    void move_whenExpected() {
      register("fraud");
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(2));
      assertEquals(OptionalInt.of(2), store().alias("fraud", "champion"));
    }

    @Test
    @DisplayName("an alias is removed when the target is empty and it still points at the expected version")
    void remove_whenExpected() {
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      setAlias("fraud", "challenger", OptionalInt.empty(), OptionalInt.of(1));
      setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.empty());
      assertEquals(Map.of("challenger", 1), store().aliases("fraud"));
      assertEquals(OptionalInt.empty(), store().alias("fraud", "champion"));
    }

    @Test
    @DisplayName("setting an alias expected to be unset, while it is set, throws ConflictException and changes nothing")
    void setWhenSet_conflicts() {
      register("fraud");
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(2)));
      assertEquals(Map.of("champion", 1), store().aliases("fraud"));
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("a stale expected version throws ConflictException and changes nothing")
    void staleExpected_conflicts() {
      register("fraud");
      register("fraud");
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(2));
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(3)));
      assertThrows(ConflictException.class, () -> setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.empty()));
      assertThrows(ConflictException.class, () -> setAlias("fraud", "challenger", OptionalInt.of(2), OptionalInt.of(3)));
      assertEquals(Map.of("champion", 2), store().aliases("fraud"));
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("a target version that does not exist throws NotFoundException and changes nothing")
    void missingTarget_notFound() {
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      List<AuditEvent> log = store().auditLog("fraud");
      assertThrows(NotFoundException.class, () -> setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(2)));
      assertThrows(NotFoundException.class, () -> setAlias("fraud", "challenger", OptionalInt.empty(), OptionalInt.of(7)));
      assertEquals(Map.of("champion", 1), store().aliases("fraud"));
      assertEquals(log, store().auditLog("fraud"));
    }

    @Test
    @DisplayName("an alias on a model with no versions throws NotFoundException")
    void unknownModel_notFound() {
      register("fraud");
      assertThrows(NotFoundException.class, () -> setAlias("churn", "champion", OptionalInt.empty(), OptionalInt.of(1)));
      assertEquals(Map.of(), store().aliases("churn"));
      assertEquals(List.of(), store().auditLog("churn"));
    }

    @Test
    @DisplayName("aliases are listed sorted by alias, and one model's aliases do not touch another's")
    void aliases_sortedAndPerModel() {
      register("fraud");
      register("fraud");
      register("churn");
      setAlias("fraud", "zulu", OptionalInt.empty(), OptionalInt.of(1));
      setAlias("fraud", "alpha", OptionalInt.empty(), OptionalInt.of(2));
      setAlias("fraud", "mike", OptionalInt.empty(), OptionalInt.of(1));
      setAlias("churn", "alpha", OptionalInt.empty(), OptionalInt.of(1));
      assertEquals(List.of("alpha", "mike", "zulu"), new ArrayList<>(store().aliases("fraud").keySet()));
      assertEquals(Map.of("alpha", 2, "mike", 1, "zulu", 1), store().aliases("fraud"));
      assertEquals(Map.of("alpha", 1), store().aliases("churn"));
    }
  }

  @Nested
  @DisplayName("audit log")
  class Audit {

    @Test
    @DisplayName("every mutation appends exactly one event, numbered 1..n without gaps, in the order of the mutations")
    void oneEventPerMutation_inOrder() {
      VersionRecord v1 = register("fraud");
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      VersionRecord r = store().updateState("fraud", 1, 1, v1.state().withTag("stage", "prod"), tagEvent("fraud", 1, "stage", "prod"));
      setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(2));
      store().updateState("fraud", 1, 2, r.state().withStatus(VersionStatus.DEPRECATED, "old"), statusEvent("fraud", 1, "old"));
      setAlias("fraud", "champion", OptionalInt.of(2), OptionalInt.empty());

      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(LongStream.rangeClosed(1, 7).boxed().collect(Collectors.toList()),
          log.stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      assertEquals(List.of(AuditAction.REGISTER, AuditAction.REGISTER, AuditAction.ALIAS_SET, AuditAction.TAG_SET,
          AuditAction.ALIAS_SET, AuditAction.STATUS_SET, AuditAction.ALIAS_REMOVE),
          log.stream().map(AuditEvent::action).collect(Collectors.toList()));
      assertEquals(List.of(1, 2, 1, 1, 2, 1, 0), log.stream().map(AuditEvent::version).collect(Collectors.toList()));
    }

    @Test
    @DisplayName("an event is stored as given apart from its sequence number")
    void event_storedAsGiven() {
      VersionRecord v = register("fraud");
      AuditEvent tag = new AuditEvent(0, AT.plusSeconds(60), "ops-bot", AuditAction.TAG_SET, "fraud", 1, "stage",
          Optional.of("dev"), Optional.of("prod ✓"));
      store().updateState("fraud", 1, 1, v.state().withTag("stage", "prod ✓"), tag);
      AuditEvent alias = aliasEvent("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      store().compareAndSetAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1), alias);
      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(tag.withSequence(2), log.get(1));
      assertEquals(alias.withSequence(3), log.get(2));
    }

    @Test
    @DisplayName("a REGISTER event records the version number the store assigned")
    void register_recordsAssignedNumber() {
      register("fraud");
      NewVersion v = newVersion("fraud", ArtifactKind.MODEL, VersionState.initial(Map.of(), "", List.of()));
      AuditEvent given = new AuditEvent(0, AT, PRINCIPAL, AuditAction.REGISTER, "fraud", 0, "",
          Optional.empty(), Optional.of(v.manifestDigest().toString()));
      store().createVersion("fraud", v, given);
      AuditEvent stored = store().auditLog("fraud").get(1);
      assertEquals(new AuditEvent(2, AT, PRINCIPAL, AuditAction.REGISTER, "fraud", 2, "",
          Optional.empty(), Optional.of(v.manifestDigest().toString())), stored);
    }

    @Test
    @DisplayName("each model's log is numbered from 1 on its own")
    void logs_numberedPerModel() {
      register("fraud");
      register("fraud");
      register("churn");
      setAlias("churn", "champion", OptionalInt.empty(), OptionalInt.of(1));
      assertEquals(List.of(1L, 2L), store().auditLog("fraud").stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      assertEquals(List.of(1L, 2L), store().auditLog("churn").stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      assertTrue(store().auditLog("churn").stream().allMatch(e -> e.name().equals("churn")));
    }

    @Test
    @DisplayName("failed compare-and-sets and refused changes append no event, and the next event follows without a gap")
    void failures_appendNothing() {
      VersionRecord v = register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      List<AuditEvent> before = store().auditLog("fraud");

      assertThrows(ConflictException.class, () -> store().updateState("fraud", 1, 5, v.state().withTag("a", "1"),
          tagEvent("fraud", 1, "a", "1")));
      assertThrows(NotFoundException.class, () -> store().updateState("fraud", 9, 1, v.state(), tagEvent("fraud", 9, "a", "1")));
      assertThrows(ConflictException.class, () -> setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1)));
      assertThrows(NotFoundException.class, () -> setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(4)));
      NewVersion ds = newVersion("fraud", ArtifactKind.DATASET, VersionState.initial(Map.of(), "", List.of()));
      assertThrows(ConflictException.class, () -> store().createVersion("fraud", ds, registerEvent("fraud", ds.manifestDigest())));
      assertEquals(before, store().auditLog("fraud"));

      register("fraud");
      List<AuditEvent> after = store().auditLog("fraud");
      assertEquals(3, after.size());
      assertEquals(3, after.get(2).sequence());
      assertEquals(AuditAction.REGISTER, after.get(2).action());
      assertEquals(List.of(), store().verify());
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    @Test
    @DisplayName("16 threads creating 25 versions each of one name get versions 1..400 without gaps or duplicates, and 400 REGISTER events")
    void concurrentCreates_gapless() throws Exception {
      int each = 25;
      List<VersionRecord> created = Concurrently.run(THREADS, t -> {
        List<VersionRecord> out = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          out.add(register("fraud"));
        }
        return out;
      });
      int total = THREADS * each;
      List<Integer> expected = IntStream.rangeClosed(1, total).boxed().collect(Collectors.toList());
      assertEquals(expected, created.stream().map(r -> r.id().version()).sorted().collect(Collectors.toList()));
      assertEquals(expected, store().versionNumbers("fraud"));
      for (VersionRecord r : created) {
        assertEquals(Optional.of(r), store().getVersion("fraud", r.id().version()), "the record read back is the one created");
      }
      Set<Digest> manifests = new HashSet<>();
      created.forEach(r -> manifests.add(r.manifestDigest()));
      assertEquals(total, manifests.size(), "every version holds its own manifest");

      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(total, log.size());
      assertEquals(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()),
          log.stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      assertTrue(log.stream().allMatch(e -> e.action() == AuditAction.REGISTER));
      assertEquals(expected, log.stream().map(AuditEvent::version).sorted().collect(Collectors.toList()));
      assertEquals(List.of(), store().verify());
    }

    @Test
    @DisplayName("threads creating versions of several names at once number each name 1..n on its own")
    void concurrentCreates_severalNames() throws Exception {
      List<String> names = List.of("m-a", "m-b", "m-c", "m-d");
      Concurrently.run(THREADS, t -> {
        for (int i = 0; i < 10; i++) {
          register(names.get((t + i) % names.size()));
        }
        return List.of();
      });
      assertEquals(names, store().names());
      int each = THREADS * 10 / names.size();
      List<Integer> expected = IntStream.rangeClosed(1, each).boxed().collect(Collectors.toList());
      for (String n : names) {
        assertEquals(expected, store().versionNumbers(n), n);
        assertEquals(each, store().auditLog(n).size(), n);
      }
    }

    @Test
    @DisplayName("of threads competing to set an unset alias, exactly one wins and the others get ConflictException")
    void competingAliasSets_oneWins() throws Exception {
      register("fraud");
      register("fraud");
      register("fraud");
      List<Integer> wins = Concurrently.run(THREADS, t -> {
        int target = t % 3 + 1;
        try {
          setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(target));
          return List.of(target);
        } catch (ConflictException e) {
          return List.of();
        }
      });
      assertEquals(1, wins.size(), "winners: " + wins);
      assertEquals(OptionalInt.of(wins.get(0)), store().alias("fraud", "champion"));
      List<AuditEvent> aliasEvents = store().auditLog("fraud").stream()
          .filter(e -> e.action().isAliasChange()).collect(Collectors.toList());
      assertEquals(1, aliasEvents.size());
      assertEquals(4, store().auditLog("fraud").size());
    }

    @Test
    @DisplayName("of threads updating one revision at once, exactly one wins and the revision rises by one")
    void competingStateUpdates_oneWins() throws Exception {
      VersionRecord v = register("fraud");
      List<Integer> wins = Concurrently.run(THREADS, t -> {
        try {
          store().updateState("fraud", 1, 1, v.state().withTag("writer", "t" + t), tagEvent("fraud", 1, "writer", "t" + t));
          return List.of(t);
        } catch (ConflictException e) {
          return List.of();
        }
      });
      assertEquals(1, wins.size(), "winners: " + wins);
      VersionRecord now = store().getVersion("fraud", 1).orElseThrow();
      assertEquals(2, now.state().revision());
      assertEquals(Map.of("writer", "t" + wins.get(0)), now.state().tags());
      assertEquals(2, store().auditLog("fraud").size());
    }
  }

  @Nested
  @DisplayName("audit completeness under concurrency")
  class ConcurrentAudit {

    @Test
    @DisplayName("16 threads registering, tagging and moving an alias at once: one event per successful change, numbered 1..n, none for a lost race")
    void mixedChanges_oneEventEach() throws Exception {
      register("fraud");
      List<String> done = Concurrently.run(THREADS, t -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          switch ((t + i) % 3) {
            case 0:
              out.add("register " + register("fraud").id().version());
              break;
            case 1:
              VersionRecord v = store().getVersion("fraud", 1).orElseThrow();
              try {
                store().updateState("fraud", 1, v.state().revision(), v.state().withTag("t" + t, "i" + i),
                    tagEvent("fraud", 1, "t" + t, "i" + i));
                out.add("tag t" + t + "=i" + i);
              } catch (ConflictException lost) {
                // another thread changed version 1 first: no change, no event
              }
              break;
            default:
              OptionalInt now = store().alias("fraud", "champion");
              int target = store().versionNumbers("fraud").size();
              try {
                setAlias("fraud", "champion", now, OptionalInt.of(target));
                out.add("alias " + target);
              } catch (ConflictException lost) {
                // another thread moved it first
              }
              break;
          }
        }
        return out;
      });
      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(done.size() + 1, log.size(), "one event per successful change (plus the first registration)");
      assertEquals(LongStream.rangeClosed(1, log.size()).boxed().collect(Collectors.toList()),
          log.stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      long registers = done.stream().filter(d -> d.startsWith("register")).count();
      assertEquals(registers + 1, log.stream().filter(e -> e.action() == AuditAction.REGISTER).count());
      assertEquals(done.stream().filter(d -> d.startsWith("tag")).count(),
          log.stream().filter(e -> e.action() == AuditAction.TAG_SET).count());
      assertEquals(done.stream().filter(d -> d.startsWith("alias")).count(),
          log.stream().filter(e -> e.action() == AuditAction.ALIAS_SET).count());
      VersionRecord v1 = store().getVersion("fraud", 1).orElseThrow();
      assertEquals(1 + done.stream().filter(d -> d.startsWith("tag")).count(), v1.state().revision(),
          "each recorded tag change raised the revision once");
      assertEquals(List.of(), store().verify());
    }

    @Test
    @DisplayName("16 threads moving one alias from the same expected version: exactly one wins, one event")
    void aliasMoveRace_oneWinner() throws Exception {
      for (int i = 0; i < 4; i++) {
        register("fraud");
      }
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1));
      List<Integer> wins = Concurrently.run(THREADS, t -> {
        int target = 2 + t % 3;
        try {
          setAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(target));
          return List.of(target);
        } catch (ConflictException e) {
          return List.of();
        }
      });
      assertEquals(1, wins.size(), "winners: " + wins);
      assertEquals(OptionalInt.of(wins.get(0)), store().alias("fraud", "champion"));
      assertEquals(2, store().auditLog("fraud").stream().filter(e -> e.action() == AuditAction.ALIAS_SET).count());
    }
  }

  @Nested
  @DisplayName("paging a long list")
  class LongPaging {

    @Test
    @DisplayName("paging 300 versions 64 at a time returns each version once, in order, and an empty page at the end")
    void pages_coverEveryVersionOnce() {
      for (int i = 0; i < 300; i++) {
        register("fraud");
      }
      List<Integer> seen = new ArrayList<>();
      int after = 0;
      int pages = 0;
      while (true) {
        List<VersionRecord> page = store().listVersions("fraud", after, 64);
        if (page.isEmpty()) {
          break;
        }
        assertTrue(page.size() <= 64);
        seen.addAll(numbers(page));
        after = page.get(page.size() - 1).id().version();
        pages++;
      }
      assertEquals(IntStream.rangeClosed(1, 300).boxed().collect(Collectors.toList()), seen);
      assertEquals(5, pages);
    }
  }

  @Nested
  @DisplayName("moving a model between stores")
  class ImportExport {

    /** A model with history, built in an in-memory store: versions, tags, a status, alias moves. */
    private ModelSnapshot source() {
      InMemoryMetadataStore src = new InMemoryMetadataStore("mem:source");
      for (int i = 0; i < 4; i++) {
        NewVersion v = newVersion("fraud", ArtifactKind.MODEL, VersionState.initial(Map.of("team", "risk"), "v" + i, List.of()));
        NewVersion timed = new NewVersion(v.kind(), v.manifestDigest(), v.manifestJson(), AT.plusSeconds(i * 86_400L),
            "owner-" + i, v.state());
        src.createVersion("fraud", timed, registerEvent("fraud", v.manifestDigest()));
      }
      src.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1),
          aliasEvent("fraud", "champion", OptionalInt.empty(), OptionalInt.of(1)));
      VersionRecord v2 = src.getVersion("fraud", 2).orElseThrow();
      src.updateState("fraud", 2, 1, v2.state().withTag("stage", "prod"), tagEvent("fraud", 2, "stage", "prod"));
      src.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), OptionalInt.of(2),
          aliasEvent("fraud", "champion", OptionalInt.of(1), OptionalInt.of(2)));
      VersionRecord v1 = src.getVersion("fraud", 1).orElseThrow();
      src.updateState("fraud", 1, 1, v1.state().withStatus(VersionStatus.ARCHIVED, "old"), statusEvent("fraud", 1, "old"));
      src.compareAndSetAlias("fraud", "challenger", OptionalInt.empty(), OptionalInt.of(4),
          aliasEvent("fraud", "challenger", OptionalInt.empty(), OptionalInt.of(4)));
      return src.exportModel("fraud").orElseThrow();
    }

    @Test
    @DisplayName("exportModel of an unknown name is empty")
    void exportUnknown_empty() {
      assertEquals(Optional.empty(), store().exportModel("ghost"));
    }

    @Test
    @DisplayName("an imported model reads back exactly: versions with numbers, times, states and revisions, aliases, audit log with sequences")
    void import_readsBackExactly() {
      ModelSnapshot snap = source();
      store().importModel(snap);
      assertEquals(Optional.of(snap), store().exportModel("fraud"));
      assertEquals(snap.versions(), store().listVersions("fraud", 0, 100));
      assertEquals(List.of(1, 2, 3, 4), store().versionNumbers("fraud"));
      assertEquals(snap.aliases(), store().aliases("fraud"));
      assertEquals(snap.auditLog(), store().auditLog("fraud"));
      assertEquals(List.of("fraud"), store().names());
      assertEquals(List.of(), store().verify());
    }

    @Test
    @DisplayName("after an import, new changes continue the numbering: version n+1 and audit event m+1")
    void import_thenChangesContinue() {
      ModelSnapshot snap = source();
      store().importModel(snap);
      assertEquals(5, register("fraud").id().version());
      setAlias("fraud", "champion", OptionalInt.of(2), OptionalInt.of(5));
      List<AuditEvent> log = store().auditLog("fraud");
      assertEquals(snap.auditLog().size() + 2, log.size());
      assertEquals(snap.auditLog(), log.subList(0, snap.auditLog().size()));
      assertEquals(LongStream.rangeClosed(1, log.size()).boxed().collect(Collectors.toList()),
          log.stream().map(AuditEvent::sequence).collect(Collectors.toList()));
      assertEquals(List.of(), store().verify());
    }

    @Test
    @DisplayName("importing under a name that holds versions throws ConflictException and changes nothing")
    void importOverExisting_conflicts() {
      register("fraud");
      List<AuditEvent> before = store().auditLog("fraud");
      assertThrows(ConflictException.class, () -> store().importModel(source()));
      assertEquals(List.of(1), store().versionNumbers("fraud"));
      assertEquals(before, store().auditLog("fraud"));
      assertEquals(Map.of(), store().aliases("fraud"));
    }

    @Test
    @DisplayName("an export of a model made in this store imports into an in-memory store unchanged")
    void export_isComplete() {
      register("fraud", ArtifactKind.MODEL, Map.of("team", "risk"));
      register("fraud");
      setAlias("fraud", "champion", OptionalInt.empty(), OptionalInt.of(2));
      ModelSnapshot snap = store().exportModel("fraud").orElseThrow();
      InMemoryMetadataStore copy = new InMemoryMetadataStore("mem:copy");
      copy.importModel(snap);
      assertEquals(store().listVersions("fraud", 0, 10), copy.listVersions("fraud", 0, 10));
      assertEquals(store().auditLog("fraud"), copy.auditLog("fraud"));
      assertEquals(store().aliases("fraud"), copy.aliases("fraud"));
    }
  }

  @Nested
  @DisplayName("search")
  class Search {

    @BeforeEach
    void registerSomeVersions() {
      register("fraud-eu", ArtifactKind.MODEL, Map.of("team", "risk"));
      VersionRecord us1 = register("fraud-us", ArtifactKind.MODEL, Map.of("team", "risk"));
      register("fraud-us", ArtifactKind.MODEL, Map.of("team", "growth"));
      register("churn", ArtifactKind.MODEL, Map.of("team", "growth"));
      register("census", ArtifactKind.DATASET, Map.of("team", "risk"));
      store().updateState("fraud-us", 1, 1, us1.state().withStatus(VersionStatus.DEPRECATED, "superseded"),
          statusEvent("fraud-us", 1, "superseded"));
    }

    @Test
    @DisplayName("an empty query returns every version, ordered by name then version")
    void everything() {
      assertEquals(List.of("census/1", "churn/1", "fraud-eu/1", "fraud-us/1", "fraud-us/2"), ids(VersionQuery.builder()));
    }

    @Test
    @DisplayName("a name prefix selects the names that start with it")
    void byPrefix() {
      assertEquals(List.of("fraud-eu/1", "fraud-us/1", "fraud-us/2"), ids(VersionQuery.builder().namePrefix("fraud")));
      assertEquals(List.of("census/1", "churn/1"), ids(VersionQuery.builder().namePrefix("c")));
      assertEquals(List.of(), ids(VersionQuery.builder().namePrefix("zzz")));
    }

    @Test
    @DisplayName("a tag selects the versions carrying that value, as their state is now")
    void byTag() {
      assertEquals(List.of("census/1", "fraud-eu/1", "fraud-us/1"), ids(VersionQuery.builder().tag("team", "risk")));
      assertEquals(List.of("churn/1", "fraud-us/2"), ids(VersionQuery.builder().tag("team", "growth")));
      assertEquals(List.of(), ids(VersionQuery.builder().tag("team", "nobody")));
      assertEquals(List.of(), ids(VersionQuery.builder().tag("owner", "risk")));
    }

    @Test
    @DisplayName("a kind selects models or data sets")
    void byKind() {
      assertEquals(List.of("census/1"), ids(VersionQuery.builder().kind(ArtifactKind.DATASET)));
      assertEquals(List.of("churn/1", "fraud-eu/1", "fraud-us/1", "fraud-us/2"),
          ids(VersionQuery.builder().kind(ArtifactKind.MODEL)));
    }

    @Test
    @DisplayName("a status selects the versions whose current status it is")
    void byStatus() {
      assertEquals(List.of("fraud-us/1"), ids(VersionQuery.builder().status(VersionStatus.DEPRECATED)));
      assertEquals(List.of("census/1", "churn/1", "fraud-eu/1", "fraud-us/2"), ids(VersionQuery.builder().status(VersionStatus.ACTIVE)));
      assertEquals(List.of(), ids(VersionQuery.builder().status(VersionStatus.ARCHIVED)));
    }

    @Test
    @DisplayName("every condition of a combined query must hold, and results are the current records")
    void combined() {
      VersionQuery q = VersionQuery.builder().namePrefix("fraud").tag("team", "risk").status(VersionStatus.ACTIVE)
          .kind(ArtifactKind.MODEL).build();
      List<VersionRecord> found = store().search(q);
      assertEquals(List.of(store().getVersion("fraud-eu", 1).orElseThrow()), found);
      List<VersionRecord> deprecated = store().search(VersionQuery.builder().status(VersionStatus.DEPRECATED).build());
      assertEquals(2, deprecated.get(0).state().revision());
    }

    @Test
    @DisplayName("a registration time range [from, before) selects the versions registered in it")
    void byTimeRange() {
      Instant later = AT.plusSeconds(3600);
      for (int i = 0; i < 3; i++) {
        NewVersion v = new NewVersion(ArtifactKind.MODEL, newVersion("timed", ArtifactKind.MODEL, VersionState.initial(Map.of(), "", List.of())).manifestDigest(),
            "{\"timed\":" + i + "}", later.plusSeconds(i * 60L), PRINCIPAL, VersionState.initial(Map.of(), "", List.of()));
        store().createVersion("timed", v, registerEvent("timed", v.manifestDigest()));
      }
      assertEquals(List.of("timed/1", "timed/2"), ids(VersionQuery.builder().registeredBetween(later, later.plusSeconds(120))));
      assertEquals(List.of("timed/2", "timed/3"), ids(VersionQuery.builder().registeredBetween(later.plusMillis(1), later.plusSeconds(3600))));
      assertEquals(List.of("census/1", "churn/1", "fraud-eu/1", "fraud-us/1", "fraud-us/2"),
          ids(VersionQuery.builder().registeredBetween(AT, AT.plusMillis(1))));
      assertEquals(List.of("fraud-eu/1"), ids(VersionQuery.builder().registeredBetween(AT, later).namePrefix("fraud-e")));
    }

    @Test
    @DisplayName("a name prefix with characters special to SQL LIKE matches them literally")
    void prefixIsLiteral() {
      register("a_b");
      register("axb");
      assertEquals(List.of("a_b/1"), ids(VersionQuery.builder().namePrefix("a_")));
    }

    private List<String> ids(VersionQuery.Builder q) {
      return store().search(q.build()).stream().map(r -> r.id().toString()).collect(Collectors.toList());
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Registers a new model version with a manifest of its own and no tags. */
  VersionRecord register(String name) {
    return register(name, ArtifactKind.MODEL, Map.of());
  }

  VersionRecord register(String name, ArtifactKind kind, Map<String, String> tags) {
    NewVersion v = newVersion(name, kind, VersionState.initial(tags, "", List.of()));
    return store().createVersion(name, v, registerEvent(name, v.manifestDigest()));
  }

  /** A version whose manifest is unique within the test, so every version has its own digest. */
  NewVersion newVersion(String name, ArtifactKind kind, VersionState state) {
    String json = "{\"kind\":\"" + kind.id() + "\",\"marker\":" + markers.incrementAndGet() + ",\"name\":\"" + name
        + "\",\"schemaVersion\":1}";
    return new NewVersion(kind, Digest.sha256(json.getBytes(StandardCharsets.UTF_8)), json, AT, PRINCIPAL, state);
  }

  static AuditEvent registerEvent(String name, Digest manifest) {
    return new AuditEvent(0, AT, PRINCIPAL, AuditAction.REGISTER, name, 0, "", Optional.empty(),
        Optional.of(manifest.toString()));
  }

  static AuditEvent tagEvent(String name, int version, String key, String value) {
    return new AuditEvent(0, AT, PRINCIPAL, AuditAction.TAG_SET, name, version, key, Optional.empty(), Optional.of(value));
  }

  static AuditEvent statusEvent(String name, int version, String reason) {
    return new AuditEvent(0, AT, PRINCIPAL, AuditAction.STATUS_SET, name, version, reason, Optional.of("active"),
        Optional.of("deprecated"));
  }

  static AuditEvent event(AuditAction action, String name, int version, String key, String previous, String current) {
    return new AuditEvent(0, AT, PRINCIPAL, action, name, version, key, Optional.ofNullable(previous), Optional.ofNullable(current));
  }

  static AuditEvent aliasEvent(String name, String alias, OptionalInt expected, OptionalInt target) {
    return new AuditEvent(0, AT, PRINCIPAL, target.isPresent() ? AuditAction.ALIAS_SET : AuditAction.ALIAS_REMOVE, name,
        target.orElse(0), alias, text(expected), text(target));
  }

  void setAlias(String name, String alias, OptionalInt expected, OptionalInt target) {
    store().compareAndSetAlias(name, alias, expected, target, aliasEvent(name, alias, expected, target));
  }

  private static Optional<String> text(OptionalInt v) {
    return v.isPresent() ? Optional.of(String.valueOf(v.getAsInt())) : Optional.empty();
  }

  static List<Integer> numbers(List<VersionRecord> records) {
    return records.stream().map(r -> r.id().version()).collect(Collectors.toList());
  }
}
