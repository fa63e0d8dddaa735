package dev.locklab.scenario;

/**
 * The lesson's fix: the emptiness check and the take happen under one lock, so no other worker can
 * take the last item in between. {@code --pause-after-release} is the lesson's {@code sleep(0.001)}
 * "so that not all items get processed by a single process". Stateless.
 */
final class LockedDrain implements Scenario {
    @Override
    public void run(WorkerContext ctx) throws InterruptedException {
        Steps s = new Steps(ctx);
        int count = 0;
        boolean keepGoing = true;
        while (keepGoing) {
            s.acquire();
            s.enter();
            try {
                if (!s.isEmpty()) {
                    String item = s.take();
                    if (item == null) {
                        keepGoing = false;
                    } else {
                        ctx.out().println(Steps.value(item));
                        count++;
                    }
                } else {
                    keepGoing = false;
                }
            } finally {
                s.exit();
                s.release();
            }
            Steps.pause(ctx.spec().pauseAfterRelease());
        }
        ctx.out().println(ctx.workerId() + " processed " + count + " items from the queue");
    }
}
