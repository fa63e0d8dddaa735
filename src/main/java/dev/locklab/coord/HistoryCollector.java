package dev.locklab.coord;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Json;
import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import dev.locklab.queue.RunKeys;
import dev.locklab.scenario.WorkerContext;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads every participant's history back from Redis after a round (streamed there while the round
 * went, so a worker that died still has all but its last moments), drains what is left on the queue
 * (so every seeded item is accounted for), and sets the run's keys to expire in an hour (long
 * enough to look at them with {@code redis-cli}). Used once, by the coordinator's thread.
 */
final class HistoryCollector {
    private static final Logger log = LoggerFactory.getLogger(HistoryCollector.class);
    static final Duration KEEP = Duration.ofHours(1);
    private final RedissonClient r;
    private final RunKeys keys;

    HistoryCollector(RedissonClient r, RunKeys keys) {
        this.r = r;
        this.keys = keys;
    }

    RunHistory collect(RunSpec spec, List<String> seeded, List<String> participants,
                       List<Op> coordinatorOps, Map<String, String> stranded, Map<String, String> unfinished,
                       long durationNanos) {
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
        for (String item : r.<String>getList(keys.queue()).readAll()) {
            if (!WorkerContext.RELEASE_PILL.equals(item)) {
                leftover.add(item);
            }
        }
        r.getList(keys.queue()).delete();
        for (String k : r.getKeys().getKeysByPattern(keys.pattern())) {
            r.getBucket(k).expire(KEEP);
        }
        return new RunHistory(spec, seeded, ops, leftover, participants, stranded, unfinished, durationNanos);
    }
}
