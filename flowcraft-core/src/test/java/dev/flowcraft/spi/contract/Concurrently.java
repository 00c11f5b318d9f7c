package dev.flowcraft.spi.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks on separate threads released at the same moment, to maximise contention. Test helper. */
public final class Concurrently {

  private Concurrently() {}

  /** Runs {@code threads} tasks made by {@code task(i)} at once and returns their results in index order. */
  public static <T> List<T> run(int threads, IntFunction<Callable<T>> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> c = task.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return c.call();
        }));
      }
      if (!ready.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("threads did not start");
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } catch (ExecutionException e) {
      throw new AssertionError("a concurrent task failed", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
