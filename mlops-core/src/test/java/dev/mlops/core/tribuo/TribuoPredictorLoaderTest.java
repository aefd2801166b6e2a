package dev.mlops.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.artifact.ArtifactFile;
import dev.mlops.core.artifact.ArtifactFormat;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.core.artifact.ArtifactManifest;
import dev.mlops.core.artifact.VersionId;
import dev.mlops.core.model.ModelSignature;
import dev.mlops.core.model.PredictorLoader;
import dev.mlops.core.model.Schema;
import dev.mlops.core.model.TabularPredictor;
import dev.mlops.core.store.BlobInfo;
import dev.mlops.core.store.InMemoryBlobStore;
import dev.mlops.core.tribuo.TribuoFixtures.BreastCancer;
import dev.mlops.core.tribuo.TribuoFixtures.Row;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TribuoPredictorLoaderTest {
  private final InMemoryBlobStore blobs = new InMemoryBlobStore("mem:loader-test");

  @Test
  void serviceLoader_findsTheTribuoLoaderForTribuoProtobufOnly() {
    List<PredictorLoader> loaders = ServiceLoader.load(PredictorLoader.class).stream()
        .map(ServiceLoader.Provider::get).toList();

    assertThat(loaders).filteredOn(l -> l.supports(ArtifactFormat.TRIBUO_PROTOBUF))
        .singleElement().isInstanceOf(TribuoPredictorLoader.class);
    assertThat(new TribuoPredictorLoader().supports(ArtifactFormat.ONNX)).isFalse();
  }

  @Test
  void load_givesAPredictorAgreeingWithTheModel() {
    byte[] bytes = TribuoModels.serialize(BreastCancer.MODEL);
    ModelSignature signature = TribuoModels.signatureOf(BreastCancer.MODEL);

    TabularPredictor loaded = new TribuoPredictorLoader().load(source(bytes, signature));

    TribuoPredictor direct = TribuoPredictor.of(BreastCancer.MODEL);
    assertThat(loaded.signature()).isEqualTo(signature);
    for (Row row : BreastCancer.ROWS) {
      assertThat(loaded.predict(row.features())).isEqualTo(direct.predict(row.features()));
    }
  }

  @Test
  void load_withoutRecordedSignature_throwsIntegrityException() {
    byte[] bytes = TribuoModels.serialize(BreastCancer.MODEL);

    assertThatThrownBy(() -> new TribuoPredictorLoader().load(source(bytes, null)))
        .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.subject()).isEqualTo("breast-cancer/1"));
  }

  @Test
  void load_bytesThatAreNotAModel_throwsIntegrityException() {
    byte[] notAModel = "definitely not protobuf".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> new TribuoPredictorLoader().load(source(notAModel, TribuoModels.signatureOf(BreastCancer.MODEL))))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void load_signatureThatDisagreesWithTheModel_throwsIntegrityException() {
    ModelSignature wrong = new ModelSignature(
        Schema.numeric(List.of("a", "b")), TribuoModels.signatureOf(BreastCancer.MODEL).output());

    assertThatThrownBy(() -> new TribuoPredictorLoader().load(source(TribuoModels.serialize(BreastCancer.MODEL), wrong)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void load_modelCorruptedInTheStore_throwsIntegrityException() {
    byte[] bytes = TribuoModels.serialize(BreastCancer.MODEL);
    PredictorLoader.Source source = source(bytes, TribuoModels.signatureOf(BreastCancer.MODEL));
    byte[] corrupted = bytes.clone();
    corrupted[corrupted.length / 2] ^= 0x40;
    blobs.corruptForTesting(source.manifest().files().get(0).digest(), corrupted);

    assertThatThrownBy(() -> new TribuoPredictorLoader().load(source)).isInstanceOf(IntegrityException.class);
  }

  /** A source that reads verified files from an in-memory blob store, as a registry would. */
  private PredictorLoader.Source source(byte[] modelBytes, ModelSignature signature) {
    BlobInfo info = blobs.put(modelBytes);
    ArtifactManifest.Builder b = ArtifactManifest.builder(ArtifactKind.MODEL, ArtifactFormat.TRIBUO_PROTOBUF)
        .file(new ArtifactFile(TribuoModels.MODEL_FILE, info.digest(), info.size()));
    if (signature != null) {
      b.signature(signature);
    }
    ArtifactManifest manifest = b.build();
    return new PredictorLoader.Source() {
      @Override
      public VersionId version() {
        return new VersionId("breast-cancer", 1);
      }

      @Override
      public ArtifactManifest manifest() {
        return manifest;
      }

      @Override
      public byte[] readFile(String path) {
        return blobs.read(file(path).digest());
      }

      @Override
      public InputStream openFile(String path) {
        return blobs.open(file(path).digest());
      }

      private ArtifactFile file(String path) {
        return manifest.file(path).orElseThrow(() -> new NotFoundException("file", path, "no file " + path));
      }
    };
  }
}
