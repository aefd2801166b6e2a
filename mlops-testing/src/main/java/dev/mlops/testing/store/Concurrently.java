package dev.mlops.testing.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a task on several threads released at the same instant. Stateless and thread-safe. */
final class Concurrently {
  private Concurrently() {}

  /** A task run by one of several threads, given the thread's index from 0. */
  @FunctionalInterface
  interface ThreadTask<T> {
    List<T> run(int thread) throws Exception;
  }

  /**
   * Starts {@code threads} threads, releases them together, and gathers their results in thread order;
   * the first failure of any thread is rethrown (wrapped in an {@link java.util.concurrent.ExecutionException}).
   */
  static <T> List<T> run(int threads, ThreadTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        Callable<List<T>> c = () -> {
          ready.countDown();
          go.await();
          return task.run(index);
        };
        futures.add(pool.submit(c));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS), "the threads did not start");
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        out.addAll(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
