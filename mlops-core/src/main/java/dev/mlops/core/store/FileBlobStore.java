package dev.mlops.core.store;

import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.NotFoundException;
import dev.mlops.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in a directory of the local file system: the embedded default.
 *
 * <p>A put reads and writes in 1 MiB chunks on the calling thread while a second thread (one per put
 * larger than a chunk) hashes them in order, and it starts the write-back of what it has written
 * every 8 MiB on a shared background thread, so that the final fsync waits only for the tail: a put
 * costs about the slowest of hashing and writing, not their sum.
 *
 * <p>Layout under the root: {@code blobs/sha256/<first two hex>/<hex>} for blobs and {@code tmp/}
 * for files being written. Every put is written to a locked temporary file, hashed as it is written,
 * forced to disk and renamed atomically into place, so a process killed at any instant leaves a
 * complete blob or nothing; opening the store removes temporary files left by dead writers. Several
 * processes may use one root at once. Paths are derived from digests only, files are opened without
 * following symbolic links, and nothing is written outside the root.
 *
 * <p>Instances are thread-safe.
 */
public final class FileBlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int CHUNK = 1 << 20;
  /** Buffers a put cycles through, so that reading and writing run ahead of hashing. */
  private static final int RING = 4;
  /** Threads that hash the chunks of one large put, one per put. */
  private static final java.util.concurrent.ThreadFactory HASHER_THREADS = r -> {
    Thread t = new Thread(r, "mlops-blob-hash");
    t.setDaemon(true);
    return t;
  };
  /** Start write-back of a blob being put every this many bytes. */
  private static final long FLUSH_EVERY = 8L << 20;
  /** One daemon thread shared by every store: starts write-back while puts go on hashing. */
  private static final ExecutorService FLUSHER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mlops-blob-writeback");
    t.setDaemon(true);
    return t;
  });

  private final Path root;
  private final Path blobs;
  private final Path tmp;

  private FileBlobStore(Path root) {
    this.root = root;
    this.blobs = root.resolve("blobs").resolve(Digest.SHA256);
    this.tmp = root.resolve("tmp");
  }

  /**
   * Opens (creating if needed) a blob store rooted at a directory, and removes temporary files left
   * by writers that died.
   *
   * @param root the store's root directory
   * @return the store
   * @throws StoreException if the directory cannot be created or is not usable
   */
  public static FileBlobStore open(Path root) {
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
      Path real = root.toRealPath();
      FileBlobStore store = new FileBlobStore(real);
      Files.createDirectories(store.blobs);
      Files.createDirectories(store.tmp);
      int removed = AtomicFiles.cleanTemporaryFiles(store.tmp);
      if (removed > 0) {
        LOG.info("Removed {} temporary files left by interrupted writes in {}", removed, store.tmp);
      }
      return store;
    } catch (IOException e) {
      throw new StoreException("file:" + root, "Cannot open the blob store at " + root + ": " + e.getMessage()
          + ". Check that the directory exists and is writable.", e);
    }
  }

  /**
   * Returns the store's root directory (its real path).
   *
   * @return the root
   */
  public Path root() {
    return root;
  }

  @Override
  public BlobInfo put(InputStream in) {
    Objects.requireNonNull(in, "in");
    MessageDigest md = Digest.newSha256();
    long size = 0;
    byte[][] ring = new byte[RING][];
    Future<?>[] hashed = new Future<?>[RING];
    ExecutorService hasher = null;
    try (AtomicFiles.TempFile t = AtomicFiles.createTemp(tmp, "blob")) {
      FileChannel ch = t.channel();
      Future<?> flushing = null;
      long unflushed = 0;
      for (int i = 0; ; i++) {
        int slot = i % RING;
        await(hashed[slot]);
        if (ring[slot] == null) {
          ring[slot] = new byte[CHUNK];
        }
        byte[] buf = ring[slot];
        int n = readFully(in, buf);
        if (n <= 0) {
          break;
        }
        // Hash on a second thread while this one writes: a put of a large blob then costs about
        // max(hashing, writing) instead of their sum. Chunks are hashed in order on one thread; a
        // buffer is reused only once its hash is done. A blob of one chunk is hashed here.
        if (hasher == null && n == CHUNK) {
          hasher = Executors.newSingleThreadExecutor(HASHER_THREADS);
        }
        if (hasher != null) {
          hashed[slot] = hasher.submit(() -> md.update(buf, 0, n));
        } else {
          md.update(buf, 0, n);
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        size += n;
        unflushed += n;
        // Start write-back of what is written so far, so the fsync at commit waits only for the tail.
        if (unflushed >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
          flushing = FLUSHER.submit(() -> {
            ch.force(false);
            return null;
          });
          unflushed = 0;
        }
      }
      await(flushing);
      for (Future<?> f : hashed) {
        await(f);
      }
      Digest digest = Digest.ofSha256Bytes(md.digest());
      Path target = pathOf(digest);
      // Always rename over an existing blob: the bytes were just verified by hashing them, so a put
      // of the right bytes repairs a blob corrupted on disk (what "register it again" promises).
      Files.createDirectories(target.getParent());
      t.commit(target);
      return new BlobInfo(digest, size);
    } catch (UncheckedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not store a blob in " + root + ": " + e.getMessage()
          + ". Check free space and permissions; nothing was stored.", e);
    } finally {
      if (hasher != null) {
        hasher.shutdownNow();
      }
    }
  }

  /** Waits for a background step of a put (hashing, write-back); its failure fails the put. */
  private static void await(Future<?> step) throws IOException {
    if (step == null) {
      return;
    }
    try {
      step.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while storing a blob");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException("storing a blob failed: " + cause, cause);
    }
  }

  private static int readFully(InputStream in, byte[] buf) {
    try {
      int total = 0;
      while (total < buf.length) {
        int n = in.read(buf, total, buf.length - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bytes to store", e);
    }
  }

  @Override
  public boolean contains(Digest digest) {
    return Files.isRegularFile(pathOf(digest), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public InputStream open(Digest digest) {
    Path p = pathOf(digest);
    try {
      InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      return new VerifyingInputStream(in, digest, -1, "blob " + digest);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("blob", digest.toString(),
          "Blob " + digest + " is not in " + root + ": the store is incomplete. Restore it from a backup or register the artifact again.");
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not read blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(Consumer<Digest> visitor) {
    forEachBlobFile((d, f) -> visitor.accept(d));
  }

  @Override
  public void forEachStored(Consumer<StoredBlob> visitor) {
    forEachBlobFile((d, f) -> {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        visitor.accept(new StoredBlob(d, a.size(), a.lastModifiedTime().toInstant()));
      } catch (NoSuchFileException gone) {
        // removed since it was listed: not stored any more
      }
    });
  }

  /**
   * Removes a blob if its file was last written before the cutoff. The file is first renamed away
   * (atomically), then its time is read: if a put renamed a fresh copy into place just before, that
   * copy is what was moved, and it is renamed back (over any newer copy, whose bytes are the same).
   * A concurrent put therefore never loses its blob; a reader may miss it for the instant between the
   * two renames.
   *
   * @param digest the blob's digest
   * @param cutoff keep the blob if it was written at or after this instant
   * @return whether the blob was removed
   * @throws StoreException if the file cannot be moved or removed
   */
  @Override
  public boolean deleteIfStoredBefore(Digest digest, Instant cutoff) {
    Path p = pathOf(digest);
    try {
      if (!Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
        return false;
      }
      Path moved = tmp.resolve("gc-" + UUID.randomUUID() + AtomicFiles.TMP_SUFFIX);
      Files.move(p, moved, StandardCopyOption.ATOMIC_MOVE);
      if (!Files.getLastModifiedTime(moved, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
        Files.move(moved, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return false;
      }
      Files.delete(moved);
      return true;
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not remove blob " + digest + " from " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes temporary files left by writers that died (unlocked and older than a few seconds),
   * whatever the instant given: a file being written is locked by its writer.
   *
   * @param startedBefore ignored; the file locks tell which writes are in progress
   * @return how many temporary files were removed
   * @throws StoreException if the temporary directory cannot be listed
   */
  @Override
  public int removeIncompleteWrites(Instant startedBefore) {
    try {
      return AtomicFiles.cleanTemporaryFiles(tmp);
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not clean temporary files in " + tmp + ": " + e.getMessage(), e);
    }
  }

  /** Visits each blob file (digest and path) under the blob area. */
  private void forEachBlobFile(BlobFileVisitor visitor) {
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(blobs)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path f : files) {
            String name = f.getFileName().toString();
            if (HEX.matcher(name).matches() && name.startsWith(shard.getFileName().toString())
                && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
              visitor.visit(new Digest(Digest.SHA256, name), f);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not list blobs in " + root + ": " + e.getMessage(), e);
    }
  }

  /** Called with each blob file. */
  @FunctionalInterface
  private interface BlobFileVisitor {
    void visit(Digest digest, Path file) throws IOException;
  }

  @Override
  public List<String> verifyAll() {
    List<String> problems = new ArrayList<>();
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(blobs)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
          problems.add("unexpected entry in the blob area: " + root.relativize(shard));
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path f : files) {
            String name = f.getFileName().toString();
            if (!HEX.matcher(name).matches() || !name.startsWith(shard.getFileName().toString())
                || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
              problems.add("unexpected entry in the blob area (not a blob, or a symbolic link): " + root.relativize(f));
              continue;
            }
            Digest d = new Digest(Digest.SHA256, name);
            try (InputStream in = open(d)) {
              in.transferTo(OutputStream.nullOutputStream());
            } catch (IntegrityException e) {
              problems.add("blob " + d + " does not match its digest (actual " + e.actual() + ")");
            }
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException(describe(), "Could not verify blobs in " + root + ": " + e.getMessage(), e);
    }
    return problems;
  }

  /**
   * Returns the path a blob is stored at.
   *
   * @param digest the digest
   * @return its path under the root
   */
  Path pathOf(Digest digest) {
    String hex = digest.hex();
    return blobs.resolve(hex.substring(0, 2)).resolve(hex);
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + root + "]";
  }
}
