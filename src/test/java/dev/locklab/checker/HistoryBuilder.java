package dev.locklab.checker;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes run histories by hand for tests. Ops are appended in call order; each worker has its own
 * monotonic {@code time} cursor (advanced 1000 ns per op unless set with {@link W#at}); enter/exit stamps
 * take their seq from one shared counter unless given explicitly. Not thread-safe (tests only).
 */
public final class HistoryBuilder {
    private final String scenario;
    private final int workers;
    private final List<String> seeded = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<String> leftover = new ArrayList<>();
    private final Set<String> joined = new LinkedHashSet<>();
    private final Map<String, String> stranded = new LinkedHashMap<>();
    private final Map<String, String> unfinished = new LinkedHashMap<>();
    private long durationNanos = 1_000_000_000L;
    private String runId = "run-test";
    private long seq;

    private HistoryBuilder(String scenario, int workers) {
        this.scenario = scenario;
        this.workers = workers;
    }

    public static HistoryBuilder run(String scenario, int workers) {
        return new HistoryBuilder(scenario, workers);
    }

    /** Seeds items {@code "0:0", "1:1", ... "<n-1>:<(n-1)%10>"}. */
    public HistoryBuilder seedItems(int n) {
        for (int i = 0; i < n; i++) {
            seeded.add(i + ":" + (i % 10));
        }
        return this;
    }

    public HistoryBuilder seed(String... items) {
        seeded.addAll(List.of(items));
        return this;
    }

    public HistoryBuilder leftover(String... items) {
        leftover.addAll(List.of(items));
        return this;
    }

    public HistoryBuilder stranded(String worker, String description) {
        stranded.put(worker, description);
        return this;
    }

    public HistoryBuilder unfinished(String worker, String why) {
        unfinished.put(worker, why);
        return this;
    }

    public HistoryBuilder duration(long nanos) {
        this.durationNanos = nanos;
        return this;
    }

    public HistoryBuilder runId(String id) {
        this.runId = id;
        return this;
    }

    /** A worker; it counts as joined unless it is {@code coordinator}. */
    public W worker(String name) {
        if (!"coordinator".equals(name)) {
            joined.add(name);
        }
        return new W(name);
    }

    public List<String> seeded() {
        return List.copyOf(seeded);
    }

    public RunHistory build() {
        RunSpec spec = new RunSpec(runId, scenario, "reentrant", workers, seeded.size(), 42L,
                Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(1));
        return new RunHistory(spec, List.copyOf(seeded), List.copyOf(ops), List.copyOf(leftover),
                List.copyOf(joined), Map.copyOf(stranded), Map.copyOf(unfinished), durationNanos);
    }

    /** One worker's history cursor. */
    public final class W {
        private final String name;
        private long time;

        W(String name) {
            this.name = name;
        }

        public W at(long nanos) {
            this.time = nanos;
            return this;
        }

        public W op(Op.Type type, String f, String value, long s, long wait, String note) {
            ops.add(new Op(name, type, f, value, time, 1_700_000_000_000L + time / 1_000_000, s, wait, note));
            time += 1000;
            return this;
        }

        public W invoke(String f) {
            return op(Op.Type.INVOKE, f, null, -1, -1, null);
        }

        public W take(String item) {
            return invoke("take").op(Op.Type.OK, "take", item, -1, -1, null);
        }

        /** What a stranded worker records when the coordinator's pill releases it (as Steps.take does). */
        public W takePill() {
            return invoke("take").op(Op.Type.FAIL, "take", null, -1, -1,
                    "no item: blocked in take() on an empty queue until the coordinator released it")
                    .op(Op.Type.INFO, "released", null, -1, -1, "stranded in take(); released by the coordinator");
        }

        public W takeInfo(String note) {
            return invoke("take").op(Op.Type.INFO, "take", null, -1, -1, note);
        }

        public W acquire(long waitNanos, int holdAfter) {
            return invoke("acquire").op(Op.Type.OK, "acquire", Integer.toString(holdAfter), -1, waitNanos, null);
        }

        public W acquireFail(String note) {
            return invoke("acquire").op(Op.Type.FAIL, "acquire", null, -1, -1, note);
        }

        public W release(int holdAfter) {
            return invoke("release").op(Op.Type.OK, "release", Integer.toString(holdAfter), -1, -1, null);
        }

        public W enter() {
            return enter(++seq);
        }

        public W exit() {
            return exit(++seq);
        }

        public W enter(long s) {
            seq = Math.max(seq, s);
            return op(Op.Type.OK, "enter", null, s, -1, null);
        }

        public W exit(long s) {
            seq = Math.max(seq, s);
            return op(Op.Type.OK, "exit", null, s, -1, null);
        }

        /** The lesson's locked loop body for one item: acquire, enter, check, take, exit, release. */
        public W lockedTake(String item, long waitNanos) {
            acquire(waitNanos, 1).enter();
            invoke("check").op(Op.Type.OK, "check", "non-empty", -1, -1, null);
            return take(item).exit().release(0);
        }

        /** The locked loop's last round: the queue is empty, the worker leaves. */
        public W lockedEmpty() {
            acquire(0, 1).enter();
            invoke("check").op(Op.Type.OK, "check", "empty", -1, -1, null);
            return exit().release(0);
        }

        public HistoryBuilder done() {
            return HistoryBuilder.this;
        }
    }
}
