package dev.mlops.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Digest;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Names;
import dev.mlops.core.model.FeatureSpec;
import dev.mlops.core.model.FeatureType;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.OutputKind;
import dev.mlops.core.model.OutputSpec;
import dev.mlops.core.model.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

class ManifestProperties {

  @Property(tries = 500)
  void canonicalBytes_parse_roundTripsToEqualManifestAndDigest(@ForAll("manifests") ArtifactManifest m) {
    byte[] bytes = m.canonicalBytes();

    ArtifactManifest parsed = ArtifactManifest.parse(bytes);

    assertThat(parsed).isEqualTo(m);
    assertThat(parsed.digest()).isEqualTo(m.digest());
    assertThat(parsed.canonicalBytes()).isEqualTo(bytes);
  }

  @Property(tries = 200)
  void digest_isInvariantUnderFileAndMetadataOrder(@ForAll("manifests") ArtifactManifest m, @ForAll long seed) {
    Random random = new Random(seed);
    List<ArtifactFile> files = new ArrayList<>(m.files());
    Collections.shuffle(files, random);
    List<Map.Entry<String, String>> entries = new ArrayList<>(m.metadata().entrySet());
    Collections.shuffle(entries, random);
    Map<String, String> metadata = new LinkedHashMap<>();
    entries.forEach(e -> metadata.put(e.getKey(), e.getValue()));

    ArtifactManifest shuffled = new ArtifactManifest(
        m.schemaVersion(), m.kind(), m.format(), files, m.signature(), metadata, m.lineage(), m.createdAt());

    assertThat(shuffled).isEqualTo(m);
    assertThat(shuffled.digest()).isEqualTo(m.digest());
  }

  @Provide
  Arbitrary<ArtifactManifest> manifests() {
    Arbitrary<ArtifactKind> kinds = Arbitraries.of(ArtifactKind.class);
    Arbitrary<ArtifactFormat> formats = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789.+-")
        .ofMinLength(1).ofMaxLength(64)
        .filter(s -> Character.isLetterOrDigit(s.charAt(0)))
        .map(ArtifactFormat::new);
    Arbitrary<List<ArtifactFile>> files = files().list().ofMinSize(1).ofMaxSize(8).uniqueElements(ArtifactFile::path);
    Arbitrary<Optional<ModelSignature>> signatures = signatures().optional(0.7);
    Arbitrary<Map<String, String>> metadata = Arbitraries.maps(tagKeys(), tagValues()).ofMaxSize(6);
    Arbitrary<Instant> createdAt = Combinators.combine(
            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .edgeCases(c -> c.add(0L, 253402300799L, 253402300800L, -62167219200L, -62167219201L)),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
    return Combinators.combine(kinds, formats, files, signatures, metadata, lineages(), createdAt)
        .as((kind, format, fs, sig, meta, lineage, created) -> {
          ArtifactManifest.Builder b = ArtifactManifest.builder(kind, format).lineage(lineage).createdAt(created);
          fs.forEach(b::file);
          sig.ifPresent(b::signature);
          b.metadata(meta);
          return b.build();
        });
  }

  private Arbitrary<ArtifactFile> files() {
    Arbitrary<String> component = anyText(1, 12).filter(c -> !c.contains("/"));
    Arbitrary<String> paths = component.list().ofMinSize(1).ofMaxSize(4)
        .map(parts -> String.join("/", parts))
        .filter(p -> accepts(Names::requireRelativePath, p));
    Arbitrary<Digest> digests = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Digest::ofSha256Bytes);
    // Sizes up to 2^53 - 1, the largest ArtifactFile accepts (canonical JSON writes numbers as doubles).
    Arbitrary<Long> sizes = Arbitraries.longs().between(0, (1L << 53) - 1)
        .edgeCases(c -> c.add(0L, 1L, (1L << 31), (1L << 53) - 1));
    return Combinators.combine(paths, digests, sizes).as(ArtifactFile::new);
  }

  private Arbitrary<ModelSignature> signatures() {
    Arbitrary<FeatureSpec> features = Combinators.combine(
            anyText(1, 20).filter(n -> accepts(FeatureSpec::numeric, n)), Arbitraries.of(FeatureType.class))
        .as(FeatureSpec::new);
    Arbitrary<Schema> schemas = features.list().ofMaxSize(6).uniqueElements(FeatureSpec::name).map(Schema::of);
    Arbitrary<OutputSpec> outputs = Combinators.combine(
            Arbitraries.of(OutputKind.class), anyText(1, 10).filter(n -> accepts(x -> Names.requireText("output name", x, 256), n)).list().ofMaxSize(4))
        .as(OutputSpec::new);
    return Combinators.combine(schemas, outputs).as(ModelSignature::new);
  }

  private Arbitrary<Lineage> lineages() {
    Arbitrary<Optional<String>> runIds = anyText(0, 20).filter(v -> accepts(Names::requireTagValue, v)).optional(0.5);
    Arbitrary<VersionId> parents = Combinators.combine(
            Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(20),
            Arbitraries.integers().between(1, Integer.MAX_VALUE))
        .as(VersionId::new);
    Arbitrary<Digest> datasets = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Digest::ofSha256Bytes);
    return Combinators.combine(runIds, parents.list().ofMaxSize(3), datasets.list().ofMaxSize(3))
        .as(Lineage::new);
  }

  private static Arbitrary<String> tagKeys() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30);
  }

  private static Arbitrary<String> tagValues() {
    return anyText(0, 40).filter(v -> accepts(Names::requireTagValue, v));
  }

  /** Text over all of UTF-16: ASCII, controls, Latin-1, CJK, surrogates (paired and lone), specials. */
  private static StringArbitrary anyText(int min, int max) {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withCharRange('\u0000', '\u001f')
        .withCharRange('\u007f', '\u00ff')
        .withCharRange('\u4e00', '\u4e20')
        .withChars('\ud83d', '\ude80', '\udc00') // a high and a low surrogate that pair, and another low one
        .withChars('\u2028', '\ufeff', '\uffff', '"', '\\', '/')
        .ofMinLength(min).ofMaxLength(max);
  }

  private static boolean accepts(Consumer<String> validator, String value) {
    try {
      validator.accept(value);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }
}
