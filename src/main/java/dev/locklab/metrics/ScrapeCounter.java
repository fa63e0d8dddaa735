package dev.locklab.metrics;

import java.time.Duration;

/** Counts completed scrapes and lets a thread wait for more. Thread-safe; any thread. */
final class ScrapeCounter {
    private long scrapes; // guarded by this

    synchronized void scraped() {
        scrapes++;
        notifyAll();
    }

    synchronized long count() {
        return scrapes;
    }

    /** Waits until {@code n} more scrapes have completed, or {@code max}; true if they did. */
    synchronized boolean await(int n, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long target = scrapes + n;
        while (scrapes < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
