package ai.factory.gateway.lifecycle;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work started on a daemon thread before the application context starts, and taken by the bean
 * that needs it. On two cores the context starts on one while this runs on the other; the taker
 * waits for whatever is left. A failure reaches the taker unchanged, as if it had done the work.
 */
public final class Preload<T> {

    private final FutureTask<T> task;

    private Preload(Callable<T> work) {
        this.task = new FutureTask<>(work);
    }

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    public static <T> Preload<T> start(String name, Callable<T> work) {
        Preload<T> preload = new Preload<>(work);
        Thread thread = new Thread(preload.task, name);
        thread.setDaemon(true);
        thread.start();
        return preload;
    }

    /** The result, waiting for it if needed; the work's own exception if it failed. */
    public T get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the work is short and already running: finish waiting
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
