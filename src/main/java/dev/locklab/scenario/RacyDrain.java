package dev.locklab.scenario;

/**
 * The lesson's faulty program: {@code while not q.empty(): q.get()}. Between the check and the take
 * another worker may take the last item, and {@code take()} ({@code BLPOP key 0} on Redis) then
 * blocks forever: the worker is stranded. {@code --gap} widens that window (jittered +-50%). Stateless.
 */
final class RacyDrain implements Scenario {
    @Override
    public void run(WorkerContext ctx) throws InterruptedException {
        Steps s = new Steps(ctx);
        int count = 0;
        while (!s.isEmpty()) {
            Steps.jitteredPause(ctx.spec().gap());
            String item = s.take();
            if (item == null) {
                ctx.out().println(ctx.workerId() + " was stranded in take() and released by the coordinator");
                break;
            }
            ctx.out().println(Steps.value(item));
            count++;
        }
        ctx.out().println(ctx.workerId() + " processed " + count + " items from the queue");
    }
}
