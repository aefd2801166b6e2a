package dev.mlops.core.store;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A stream that hashes what it reads and, at its end, checks the result against an expected digest
 * (and, optionally, an expected size), throwing {@link IntegrityException} on a mismatch.
 *
 * <p>{@link #skip(long)} reads the skipped bytes so they are hashed too; {@code mark}/{@code reset}
 * are not supported. Not thread-safe: one reader at a time, like any stream.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String subject;
  private final MessageDigest md = Digest.newSha256();
  private long count;
  private boolean verified;
  /** The failure of the end-of-stream check, thrown again on every later read at the end. */
  private IntegrityException failure;

  /**
   * Wraps a stream.
   *
   * @param in the stream to read
   * @param expected the digest the bytes must have
   * @param expectedSize the size the bytes must have, or -1 when unknown
   * @param subject what is being read, for messages (a digest or a file path)
   */
  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String subject) {
    super(Objects.requireNonNull(in, "in"));
    this.expected = Objects.requireNonNull(expected, "expected");
    this.expectedSize = expectedSize;
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  /**
   * Reads one byte; at the end of the stream, verifies.
   *
   * @return the byte, or -1 at the end
   * @throws IOException if the underlying stream fails
   * @throws IntegrityException at the end if the bytes do not match
   */
  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      finish();
    } else {
      md.update((byte) b);
      count++;
      checkNotTooLong();
    }
    return b;
  }

  /**
   * Reads bytes; at the end of the stream, verifies.
   *
   * @param b the buffer
   * @param off the offset
   * @param len the most bytes to read
   * @return the number read, or -1 at the end
   * @throws IOException if the underlying stream fails
   * @throws IntegrityException at the end if the bytes do not match
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      finish();
    } else {
      md.update(b, off, n);
      count += n;
      checkNotTooLong();
    }
    return n;
  }

  /**
   * Skips bytes by reading them, so they are hashed.
   *
   * @param n the number of bytes to skip; nothing is skipped when it is zero or negative
   * @return the number skipped
   * @throws IOException if the underlying stream fails
   */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(left, buf.length));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }

  /**
   * Mark is not supported.
   *
   * @return false
   */
  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Tells whether the stream was read to its end and verified.
   *
   * @return whether verified
   */
  public boolean verified() {
    return verified;
  }

  private void checkNotTooLong() {
    if (expectedSize >= 0 && count > expectedSize) {
      throw new IntegrityException(
          subject, expectedSize + " bytes", "more than " + expectedSize + " bytes",
          "Stored bytes of " + subject + " are longer than recorded; the store was modified. Restore it from a trusted copy or register it again.");
    }
  }

  private void finish() {
    if (verified) {
      return;
    }
    if (failure != null) {
      // The digest was consumed by the first check: checking again would compare the wrong bytes.
      throw failure;
    }
    failure = check();
    if (failure != null) {
      throw failure;
    }
    verified = true;
  }

  private IntegrityException check() {
    if (expectedSize >= 0 && count != expectedSize) {
      return new IntegrityException(
          subject, expectedSize + " bytes", count + " bytes",
          "Stored bytes of " + subject + " are " + count + " bytes long, not " + expectedSize
              + " as recorded: the blob is truncated or modified. Restore it from a trusted copy or register it again.");
    }
    Digest actual = Digest.ofSha256Bytes(md.digest());
    if (!actual.equals(expected)) {
      return new IntegrityException(
          subject, expected.toString(), actual.toString(),
          "Stored bytes of " + subject + " do not match their digest: the blob is corrupted or was tampered with. "
              + "Restore it from a trusted copy or register it again.");
    }
    return null;
  }
}
