package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void write_createsTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("current.json");

    AtomicFiles.write(dir, target, utf8("{\"v\":1}"));

    assertThat(target).hasContent("{\"v\":1}");
    assertThat(temporaryFiles()).isZero();
  }

  @Test
  void write_replacesAnExistingTarget() throws IOException {
    Path target = Files.writeString(dir.resolve("current.json"), "old");

    AtomicFiles.write(dir, target, utf8("new"));

    assertThat(target).hasContent("new");
  }

  @Test
  void tempFile_commit_movesItIntoPlace() throws IOException {
    Path target = dir.resolve("blob");
    try (AtomicFiles.TempFile t = AtomicFiles.createTemp(dir, "blob")) {
      t.channel().write(ByteBuffer.wrap(utf8("content")));
      assertThat(t.path()).exists().hasParent(dir);
      assertThat(t.path().getFileName().toString()).startsWith("blob-").endsWith(AtomicFiles.TMP_SUFFIX);
      t.commit(target);
      assertThat(t.path()).doesNotExist();
    }

    assertThat(target).hasContent("content");
    assertThat(temporaryFiles()).isZero();
  }

  @Test
  void tempFile_closedWithoutCommit_isRemoved() throws IOException {
    Path path;
    try (AtomicFiles.TempFile t = AtomicFiles.createTemp(dir, "blob")) {
      t.channel().write(ByteBuffer.wrap(utf8("abandoned")));
      path = t.path();
    }

    assertThat(path).doesNotExist();
  }

  @Test
  void cleanTemporaryFiles_removesUnlockedFileOlderThanTenSeconds() throws IOException {
    Path leftover = temporaryFile("blob-dead.tmp", 11);

    int removed = AtomicFiles.cleanTemporaryFiles(dir);

    assertThat(removed).isEqualTo(1);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void cleanTemporaryFiles_keepsFreshFile() throws IOException {
    Path fresh = temporaryFile("blob-fresh.tmp", 0);
    Path recent = temporaryFile("blob-recent.tmp", 5);

    int removed = AtomicFiles.cleanTemporaryFiles(dir);

    assertThat(removed).isZero();
    assertThat(fresh).exists();
    assertThat(recent).exists();
  }

  @Test
  void cleanTemporaryFiles_keepsFilesWithoutTheTemporarySuffix() throws IOException {
    Path other = Files.writeString(dir.resolve("notes.txt"), "x");
    Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(3600)));

    AtomicFiles.cleanTemporaryFiles(dir);

    assertThat(other).exists();
  }

  @Test
  void cleanTemporaryFiles_keepsTemporaryFileThisJvmIsStillWriting() throws IOException {
    try (AtomicFiles.TempFile inProgress = AtomicFiles.createTemp(dir, "blob")) {
      inProgress.channel().write(ByteBuffer.wrap(utf8("half written")));
      Files.setLastModifiedTime(inProgress.path(), FileTime.from(Instant.now().minusSeconds(3600)));

      int removed = AtomicFiles.cleanTemporaryFiles(dir);

      assertThat(removed).isZero();
      assertThat(inProgress.path()).exists();
      inProgress.commit(dir.resolve("done"));
    }

    assertThat(dir.resolve("done")).hasContent("half written");
  }

  @Test
  void cleanTemporaryFiles_keepsTemporaryFileLockedByAnotherProcess() throws Exception {
    Path locked = temporaryFile("blob-other-process.tmp", 3600);
    Path program = Files.writeString(dir.resolve("HoldLock.java"), """
        import java.nio.channels.FileChannel;
        import java.nio.channels.FileLock;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;

        public class HoldLock {
          public static void main(String[] args) throws Exception {
            try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
              System.out.println("locked");
              System.out.flush();
              System.in.read();
            }
          }
        }
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, program.toString(), locked.toString())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      Files.setLastModifiedTime(locked, FileTime.from(Instant.now().minusSeconds(3600)));

      int removed = AtomicFiles.cleanTemporaryFiles(dir);

      assertThat(removed).isZero();
      assertThat(locked).exists();
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }

    assertThat(AtomicFiles.cleanTemporaryFiles(dir)).isEqualTo(1);
    assertThat(locked).doesNotExist();
  }

  private Path temporaryFile(String name, long ageSeconds) throws IOException {
    Path f = Files.writeString(dir.resolve(name), "partial");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
    return f;
  }

  private long temporaryFiles() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TMP_SUFFIX)).count();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
