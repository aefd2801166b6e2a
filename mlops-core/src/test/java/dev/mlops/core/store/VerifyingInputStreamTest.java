package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static final byte[] BYTES = random(20_000);
  private static final Digest DIGEST = Digest.sha256(BYTES);

  @Test
  void readThrough_matchingBytes_isVerified() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);

    assertThat(in.readAllBytes()).isEqualTo(BYTES);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void readThrough_byteAtATime_isVerified() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, -1);
    int n = 0;
    while (in.read() >= 0) {
      n++;
    }

    assertThat(n).isEqualTo(BYTES.length);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void notVerified_untilReadToTheEnd() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);

    byte[] all = new byte[BYTES.length];
    int n = 0;
    while (n < all.length) {
      n += in.read(all, n, all.length - n);
    }

    assertThat(all).isEqualTo(BYTES);
    assertThat(in.verified()).isFalse();
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void longerStreamThanExpectedSize_throwsAsSoonAsItIsLonger() {
    byte[] longer = Arrays.copyOf(BYTES, BYTES.length + 1);
    VerifyingInputStream in = stream(longer, DIGEST, BYTES.length);

    assertThatThrownBy(() -> in.readNBytes(BYTES.length + 1))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(BYTES.length + " bytes");
          assertThat(e.subject()).isEqualTo("model.bin");
        });
  }

  @Test
  void longerStreamThanExpectedSize_byteAtATime_throws() {
    byte[] longer = Arrays.copyOf(BYTES, BYTES.length + 1);
    VerifyingInputStream in = stream(longer, DIGEST, BYTES.length);

    assertThatThrownBy(() -> {
      while (in.read() >= 0) {
        // drain
      }
    }).isInstanceOf(IntegrityException.class);
  }

  @Test
  void shorterStreamThanExpectedSize_throwsAtTheEnd() {
    byte[] shorter = Arrays.copyOf(BYTES, BYTES.length - 1);
    VerifyingInputStream in = stream(shorter, Digest.sha256(shorter), BYTES.length);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(BYTES.length + " bytes");
          assertThat(e.actual()).isEqualTo(shorter.length + " bytes");
        });
  }

  @Test
  void wrongBytesOfTheRightSize_throwAtTheEnd() {
    byte[] wrong = BYTES.clone();
    wrong[0] ^= 1;
    VerifyingInputStream in = stream(wrong, DIGEST, BYTES.length);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(DIGEST.toString());
          assertThat(e.actual()).isEqualTo(Digest.sha256(wrong).toString());
        });
  }

  @Test
  void readingAgainAfterAFailedVerification_failsAgain() throws IOException {
    // Corrupted bytes standing for an empty blob: after the first failure the digest has been
    // consumed, so a naive second check would compare the empty digest with itself and pass.
    byte[] notEmpty = "x".getBytes(StandardCharsets.UTF_8);
    VerifyingInputStream in = stream(notEmpty, Digest.sha256(new byte[0]), -1);

    assertThatThrownBy(in::readAllBytes).isInstanceOf(IntegrityException.class);

    assertThatThrownBy(in::read).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> in.read(new byte[8], 0, 8)).isInstanceOf(IntegrityException.class);
    assertThat(in.verified()).isFalse();
  }

  @Test
  void readingAgainAfterSuccess_keepsReturningEndOfStream() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);
    in.transferTo(OutputStream.nullOutputStream());

    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void skip_hashesTheSkippedBytes() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);

    assertThat(in.skip(12_345)).isEqualTo(12_345);
    in.transferTo(OutputStream.nullOutputStream());

    assertThat(in.verified()).isTrue();
  }

  @Test
  void skip_cannotHideCorruptedBytes() throws IOException {
    byte[] wrong = BYTES.clone();
    wrong[100] ^= 1;
    VerifyingInputStream in = stream(wrong, DIGEST, BYTES.length);

    assertThat(in.skip(1000)).isEqualTo(1000);
    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).isInstanceOf(IntegrityException.class);
  }

  @Test
  void skip_pastTheEnd_skipsWhatIsLeftAndVerifies() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);

    assertThat(in.skip(BYTES.length + 50_000L)).isEqualTo(BYTES.length);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void skip_zeroOrNegative_skipsNothing() throws IOException {
    VerifyingInputStream in = stream(BYTES, DIGEST, BYTES.length);

    assertThat(in.skip(0)).isZero();
    assertThat(in.skip(-5)).isZero();
    assertThat(in.readAllBytes()).isEqualTo(BYTES);
    assertThat(in.verified()).isTrue();
  }

  @Test
  void markIsNotSupported() {
    assertThat(stream(BYTES, DIGEST, -1).markSupported()).isFalse();
  }

  @Test
  void emptyStream_withEmptyDigest_isVerified() throws IOException {
    VerifyingInputStream in = stream(new byte[0], Digest.sha256(new byte[0]), 0);

    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.verified()).isTrue();
  }

  private static VerifyingInputStream stream(byte[] bytes, Digest expected, long size) {
    return new VerifyingInputStream(new ByteArrayInputStream(bytes), expected, size, "model.bin");
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(99).nextBytes(b);
    return b;
  }
}
