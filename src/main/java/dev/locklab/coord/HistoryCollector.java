package dev.locklab.coord;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Json;
import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import dev.locklab.queue.RunKeys;
import dev.locklab.scenario.WorkerContext;
import org.redisson.api.RList;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ends a round's data: first takes the queue away in one atomic {@code RENAME} (so a worker still
 * running can take no item after this point, and none can be counted both taken and left over),
 * gives workers that may still be running a short grace to finish and stream their last ops, then
 * reads every participant's history back from Redis (streamed there while the round went, so a
 * worker that died still has all but its last moments) and what was left on the queue, and sets the
 * run's keys to expire in an hour (long enough to look at them with {@code redis-cli}). Used once,
 * by the coordinator's thread.
 */
final class HistoryCollector {
    private static final Logger log = LoggerFactory.getLogger(HistoryCollector.class);
    static final Duration KEEP = Duration.ofHours(1);
    /** How long workers still running when the watch ended get to say done before histories are read. */
    static final Duration GRACE = Duration.ofSeconds(3);
    /** A little longer than a worker's history-streaming interval (10 ms), for ops still in flight. */
    private static final long SETTLE_MILLIS = 100;
    private final RedissonClient r;
    private final RunKeys keys;

    HistoryCollector(RedissonClient r, RunKeys keys) {
        this.r = r;
        this.keys = keys;
    }

    RunHistory collect(RunSpec spec, List<String> seeded, List<String> participants,
                       List<Op> coordinatorOps, Map<String, String> stranded, Map<String, String> unfinished,
                       long durationNanos, Set<String> running) throws InterruptedException {
        RList<String> queue = r.getList(keys.queue());
        if (queue.isExists()) {
            queue.rename(keys.leftover()); // atomic: from here on the queue is empty for everyone
        }
        if (!running.isEmpty()) {
            awaitDone(running);
            // whoever is still blocked in take() on the now-empty queue is released, now or whenever it gets there
            RList<String> q = r.getList(keys.queue());
            for (int i = 0; i < running.size(); i++) {
                q.add(WorkerContext.RELEASE_PILL);
            }
        }
        List<Op> ops = new ArrayList<>(coordinatorOps);
        int[] bad = {0};
        for (String w : participants) {
            // a batch a worker sent again after a failed reply may be there twice: an op is unique by
            // its worker and nanosecond, so an exact repeat is dropped
            ops.addAll(new LinkedHashSet<>(Json.parse(r.<String>getList(keys.history(w)).readAll(), bad)));
        }
        if (bad[0] > 0) {
            log.warn("{} history lines could not be read", bad[0]);
        }
        List<String> leftover = new ArrayList<>();
        for (String item : r.<String>getList(keys.leftover()).readAll()) {
            if (!WorkerContext.RELEASE_PILL.equals(item)) {
                leftover.add(item);
            }
        }
        r.getList(keys.leftover()).delete();
        for (String k : r.getKeys().getKeysByPattern(keys.pattern())) {
            r.getBucket(k).expire(KEEP);
        }
        return new RunHistory(spec, seeded, ops, leftover, participants, stranded, unfinished, durationNanos);
    }

    /** Waits up to {@link #GRACE} for every worker in {@code running} to say done, then a moment more. */
    private void awaitDone(Set<String> running) throws InterruptedException {
        Set<String> waiting = new HashSet<>(running);
        RList<String> done = r.getList(keys.done());
        long end = System.nanoTime() + GRACE.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < end) {
            done.readAll().forEach(e -> waiting.remove(RunKeys.doneWorker(e)));
            if (!waiting.isEmpty()) {
                Thread.sleep(50);
            }
        }
        if (!waiting.isEmpty()) {
            log.info("still running {} s after the round ended: {}; their last ops may be missing", GRACE.toSeconds(), waiting);
        }
        Thread.sleep(SETTLE_MILLIS);
    }
}
