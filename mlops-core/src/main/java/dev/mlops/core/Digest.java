package dev.mlops.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, written with its algorithm as a prefix: {@code sha256:<64 lowercase hex>}.
 *
 * <p>The algorithm is always recorded, never implied. Only SHA-256 is produced today; parsing accepts
 * only {@code sha256} so that a digest from a newer SDK with another algorithm is refused rather than
 * misread. Streams and files of any size are hashed in fixed-size chunks, never loaded whole.
 *
 * <pre>{@code
 * Digest d = Digest.sha256(Path.of("model.bin"));
 * String text = d.toString();              // "sha256:9f86d0..."
 * Digest same = Digest.parse(text);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param algorithm the algorithm name, {@code "sha256"}
 * @param hex the digest as lowercase hexadecimal
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  /** The only algorithm this SDK produces and accepts. */
  public static final String SHA256 = "sha256";

  /** Chunk size for streaming digests: large enough to amortise calls, small enough for caches. */
  static final int CHUNK = 1 << 20;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Validates the components.
   *
   * @param algorithm the algorithm name, must be {@code "sha256"}
   * @param hex 64 lowercase hexadecimal characters
   * @throws InvalidInputException if the algorithm is unknown or the hex is malformed
   */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (!SHA256.equals(algorithm)) {
      throw new InvalidInputException(
          "digest", "Unsupported digest algorithm '" + printable(algorithm)
              + "': this SDK reads sha256 digests only; upgrade the SDK if the store was written by a newer one.");
    }
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new InvalidInputException(
          "digest", "A sha256 digest is 64 lowercase hexadecimal characters; got " + hex.length() + " characters.");
    }
  }

  /**
   * Parses {@code sha256:<hex>}.
   *
   * @param text the digest as written by {@link #toString()}
   * @return the digest
   * @throws InvalidInputException if the text is not an algorithm-prefixed digest this SDK reads
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidInputException(
          "digest", "A digest is written as 'sha256:<64 lowercase hex>'; the algorithm prefix is missing.");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Creates a digest from raw digest bytes.
   *
   * @param sha256 the 32 bytes of a SHA-256 digest
   * @return the digest
   */
  public static Digest ofSha256Bytes(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + sha256.length);
    }
    return new Digest(SHA256, HEX.formatHex(sha256));
  }

  /**
   * Hashes bytes in memory.
   *
   * @param bytes the bytes
   * @return their SHA-256 digest
   */
  public static Digest sha256(byte[] bytes) {
    MessageDigest md = newSha256();
    md.update(bytes);
    return ofSha256Bytes(md.digest());
  }

  /**
   * Hashes a stream to its end, in fixed-size chunks. The stream is not closed.
   *
   * @param in the stream
   * @return the SHA-256 digest of everything read
   * @throws UncheckedIOException if reading fails
   */
  public static Digest sha256(InputStream in) {
    MessageDigest md = newSha256();
    byte[] buf = new byte[CHUNK];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the stream being hashed", e);
    }
    return ofSha256Bytes(md.digest());
  }

  /**
   * Hashes a regular file, in fixed-size chunks. Symbolic links are not followed.
   *
   * @param file the file
   * @return the SHA-256 digest of its content
   * @throws UncheckedIOException if the file cannot be read or is not a regular file
   */
  public static Digest sha256(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("not a regular file (symbolic links are not followed): " + file);
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        return sha256(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not hash " + file, e);
    }
  }

  /**
   * Returns a new SHA-256 {@link MessageDigest}; every JDK has one.
   *
   * @return a fresh, unshared message digest
   */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /**
   * Returns the raw digest bytes.
   *
   * @return a new array of 32 bytes
   */
  public byte[] bytes() {
    return HEX.parseHex(hex);
  }

  /**
   * Returns {@code algorithm:hex}, the form {@link #parse(String)} reads.
   *
   * @return the prefixed digest
   */
  @Override
  public String toString() {
    return algorithm + ':' + hex;
  }

  /**
   * Orders digests by algorithm, then hex.
   *
   * @param other the digest to compare with
   * @return the comparison result
   */
  @Override
  public int compareTo(Digest other) {
    int c = algorithm.compareTo(other.algorithm);
    return c != 0 ? c : hex.compareTo(other.hex);
  }

  private static String printable(String s) {
    String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
