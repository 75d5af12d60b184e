package dev.i2v.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The commands' one way to handle Ctrl-C: a shutdown hook asks the command to stop, then waits
 * until the command has finished (a clean close, a summary) before the JVM exits. Closing it says
 * the command has finished, and removes the hook when the command ended by itself.
 */
final class StopOnShutdown implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch finished;

    private StopOnShutdown(final Thread hook, final CountDownLatch finished) {
        this.hook = hook;
        this.finished = finished;
    }

    /**
     * @param stop asks the command to stop; runs on the hook's thread
     * @param wait how long the hook waits for the command to finish after asking it to stop
     */
    static StopOnShutdown install(final String name, final Runnable stop, final Duration wait) {
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stop.run();
            try {
                // a latch, not a join: the command's thread blocks in System.exit while hooks run, and never ends
                finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return new StopOnShutdown(hook, finished);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running, and now returns
        }
    }
}
