package dev.locklab.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a locklab JVM ends, so that its exit status is the documented code even when a signal ends it.
 * A JVM stopped by SIGTERM would otherwise exit with 143 (and by SIGINT with 130) whatever the
 * command decided; a shutdown hook that has done its work calls {@link #haltFromHook} instead.
 *
 * <p>{@link #exit} may be called from any thread (the main thread at the end of a command, a worker's
 * parent-watch thread when its parent died); the first call's code is the one a hook halts with.
 * {@link #haltFromHook} is called by shutdown hooks only (any thread), as their last statement.
 */
final class Exit {
    private static final CompletableFuture<Integer> CODE = new CompletableFuture<>();

    private Exit() {
    }

    /** Records the command's exit code, then exits the JVM with it (running the shutdown hooks). */
    static void exit(int code) {
        CODE.complete(code);
        System.exit(code);
    }

    /**
     * Removes a shutdown hook that guarded a piece of work; when the JVM is already shutting down the
     * hook is running (or has run) and stays. Any thread.
     */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }

    /**
     * Ends the JVM at once with the command's own exit code if the main thread reaches {@link #exit}
     * within {@code waitMillis}, else with {@link ExitCodes#INTERRUPTED}: the JVM is ending because of
     * a signal (or the parent's death) and the command could not say more.
     */
    static void haltFromHook(long waitMillis) {
        int code;
        try {
            code = CODE.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            code = ExitCodes.INTERRUPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = ExitCodes.INTERRUPTED;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
