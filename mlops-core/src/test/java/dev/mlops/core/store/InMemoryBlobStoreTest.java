package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreTest extends BlobStoreContract {

  @Override
  BlobStore newStore() {
    return new InMemoryBlobStore("mem:test");
  }

  @Override
  void replaceStoredBytes(Digest digest, byte[] bytes) {
    ((InMemoryBlobStore) store).corruptForTesting(digest, bytes);
  }

  @Test
  void corruptForTesting_makesReadThrowIntegrityException() {
    Digest d = store.put(utf8("weights")).digest();

    ((InMemoryBlobStore) store).corruptForTesting(d, utf8("weighty"));

    assertThatThrownBy(() -> store.read(d)).isInstanceOf(IntegrityException.class);
    assertThat(store.verifyAll()).singleElement().asString().contains(d.toString());
  }

  @Test
  void corruptForTesting_copiesTheBytes() {
    Digest d = store.put(utf8("weights")).digest();
    byte[] wrong = utf8("weights");
    wrong[0] = 'W';
    ((InMemoryBlobStore) store).corruptForTesting(d, wrong);
    wrong[0] = 'w';

    assertThatThrownBy(() -> store.read(d)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void put_keepsACopy_soLaterChangesToTheArrayDoNotCorruptTheBlob() {
    byte[] bytes = utf8("weights");
    Digest d = store.put(bytes).digest();
    bytes[0] = 'W';

    assertThat(store.read(d)).isEqualTo(utf8("weights"));
  }

  @Test
  void describe_isTheName() {
    assertThat(store.describe()).isEqualTo("mem:test");
  }

  @Test
  void stores_doNotShareContent() {
    Digest d = store.put(utf8("only here")).digest();

    assertThat(new InMemoryBlobStore("mem:other").contains(d)).isFalse();
  }
}
