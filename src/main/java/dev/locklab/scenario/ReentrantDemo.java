package dev.locklab.scenario;

import java.time.Duration;

/**
 * The lesson's RLock demo, worker side: acquire the lock five times in a row, printing a line and
 * sleeping 10 ms each time, then release it five times. The coordinator holds the lock for
 * {@code --hold} first, so nothing is printed until it lets go. With a non-reentrant backend the
 * second acquire by the holder is refused after {@code reacquireTimeout} (never a hang); the worker
 * then releases what it holds and stops. Stateless.
 */
final class ReentrantDemo implements Scenario {
    static final int DEPTH = 5;

    @Override
    public void run(WorkerContext ctx) throws InterruptedException {
        Steps s = new Steps(ctx);
        int held = 0;
        try {
            for (int i = 0; i < DEPTH; i++) {
                if (i == 0) {
                    s.acquire();
                    s.enter();
                } else if (!s.tryAcquire(ctx.spec().reacquireTimeout(), refusal(ctx))) {
                    ctx.out().println(ctx.workerId() + ": acquire #" + (i + 1) + " by the holder itself was refused"
                            + " (waited at most " + ms(ctx.spec().reacquireTimeout()) + "): lock '" + ctx.spec().lock() + "' is not reentrant");
                    break;
                }
                held++;
                ctx.out().println("I am " + ctx.workerId() + " (hold count " + ctx.holdCount().getAsInt() + ")");
                Thread.sleep(10);
            }
        } finally {
            for (; held > 0; held--) {
                if (held == 1) {
                    s.exit();
                }
                s.release();
            }
        }
    }

    private static String refusal(WorkerContext ctx) {
        return "second acquire by the worker that already holds lock '" + ctx.spec().lock() + "' did not succeed within "
                + ms(ctx.spec().reacquireTimeout()) + ": the lock is not reentrant";
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
