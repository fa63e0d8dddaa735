package dev.locklab.containers;

import java.util.ArrayList;
import java.util.List;

/**
 * Best-effort teardown: each step is tried on its own, a failed step is recorded and printed, and the
 * steps after it still run. {@link #finish} then reports what could not be removed, without hiding the
 * test's own failure.
 *
 * <p>Not thread-safe: one instance per teardown.
 */
final class Cleanup {

    private final List<String> failures = new ArrayList<>();

    /** Runs one step; a RuntimeException is recorded, never thrown. */
    void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(what + ": " + e.getMessage());
            System.err.println("[cleanup] " + what + " failed: " + e);
        }
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Throws when a step failed, unless the test already failed ({@code primary} not null): then the
     * leak is added to it as a suppressed exception, so the test's own failure stays the one reported.
     */
    void finish(String what, Throwable primary) {
        if (failures.isEmpty()) {
            return;
        }
        IllegalStateException leak = new IllegalStateException(what + " not fully removed: " + failures);
        if (primary == null) {
            throw leak;
        }
        primary.addSuppressed(leak);
    }
}
