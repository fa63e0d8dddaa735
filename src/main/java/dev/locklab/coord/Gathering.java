package dev.locklab.coord;

import dev.locklab.config.RunSpec;
import dev.locklab.queue.RunKeys;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Waits for workers to join a run and chooses the participants: the first {@code spec.workers()} to
 * join, or with 0 expected, everyone who joined within the join window. Used once, by the
 * coordinator's thread.
 */
final class Gathering {
    private static final Logger log = LoggerFactory.getLogger(Gathering.class);
    private final RedissonClient r;
    private final RunKeys keys;
    private final RunSpec spec;
    private final RoundOptions opts;
    private final WorkerLauncher launcher;
    private final BooleanSupplier aborted;
    private final Map<String, String> missing = new LinkedHashMap<>();
    private List<String> joined = List.of();

    Gathering(RedissonClient r, RunKeys keys, RunSpec spec, RoundOptions opts, WorkerLauncher launcher, BooleanSupplier aborted) {
        this.r = r;
        this.keys = keys;
        this.spec = spec;
        this.opts = opts;
        this.launcher = launcher;
        this.aborted = aborted;
    }

    /** The participants, written to Redis; fewer than expected when the join timeout passed. */
    List<String> await() throws InterruptedException {
        long start = System.nanoTime();
        long end = start + opts.joinTimeout().toNanos();
        int want = spec.workers();
        while (!aborted.getAsBoolean()) {
            joined = r.<String>getList(keys.joined()).readAll();
            long now = System.nanoTime();
            if (want > 0 && joined.size() >= want) {
                break;
            }
            if (want == 0 && !joined.isEmpty() && now - start >= opts.joinWindow().toNanos()) {
                break;
            }
            if (now > end || !launcher.exited().isEmpty() && launcher.exited().size() + joined.size() >= Math.max(1, want)) {
                break;
            }
            Thread.sleep(want == 0 ? 100 : 20);
        }
        List<String> chosen = new ArrayList<>(want > 0 && joined.size() > want ? joined.subList(0, want) : joined);
        if (want > 0 && chosen.size() < want) {
            for (Map.Entry<String, String> e : launcher.exited().entrySet()) {
                missing.put(e.getKey(), e.getValue());
            }
            int absent = want - chosen.size() - missing.size();
            for (int i = 1; i <= absent; i++) {
                missing.put("(missing-" + i + ")", "never joined within " + opts.joinTimeout().toSeconds() + " s");
            }
            log.warn("only {} of {} workers joined run {}", chosen.size(), want, spec.runId());
        }
        if (!chosen.isEmpty()) {
            r.<String>getList(keys.participants()).addAll(chosen);
        }
        return chosen;
    }

    /** Expected workers that never joined: name (or placeholder) -> why. */
    Map<String, String> missing() {
        return missing;
    }
}
