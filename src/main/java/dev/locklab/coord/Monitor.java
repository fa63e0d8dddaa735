package dev.locklab.coord;

import dev.locklab.config.Durations;
import dev.locklab.config.RunSpec;
import dev.locklab.queue.RunKeys;
import dev.locklab.scenario.Scenarios;
import dev.locklab.scenario.WorkerContext;
import org.redisson.api.RQueue;
import org.redisson.api.RList;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Watches a started run until every participant is done. A worker that Redis shows blocked in
 * {@code BLPOP} ({@code take()}) while the queue has stayed empty for the stranded threshold is
 * stranded: it is named and released with a pill. Workers still running at the deadline, whose
 * process died, or that have had no connection to Redis for {@link #GONE_AFTER} (a killed container
 * or pod) are unfinished. Used once, by the coordinator's thread; every wait is bounded.
 */
final class Monitor {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(5);
    /** LPOP plus a short sleep: BLPOP's timeout has whole-second granularity on some clients. */
    private static final long POLL_MILLIS = 20;
    /** How often CLIENT LIST is read to find workers that have gone away. */
    private static final Duration CONNECTION_CHECK = Duration.ofMillis(500);
    /** How long a worker may have no connection at all (Redisson reconnects within ms) before it is gone. */
    static final Duration GONE_AFTER = Duration.ofSeconds(3);
    private final Map<String, Long> missingSince = new HashMap<>();
    private long lastConnectionCheck;

    /** What the watch saw. */
    /**
     * @param running workers that had not said done when the watch ended (deadline, interrupt, or a
     *                released worker that did not stop) and whose process is not known to be gone:
     *                they may still be recording, so the collector gives them a moment
     */
    record Result(Map<String, String> stranded, Map<String, String> unfinished, long durationNanos, Set<String> running) {
        static Result none() {
            return new Result(Map.of(), Map.of(), 0, Set.of());
        }
    }

    private final RedissonClient r;
    private final RunKeys keys;
    private final RunSpec spec;
    private final List<String> participants;
    private final WorkerLauncher launcher;
    private final Instrumentation instrumentation;
    private final Supplier<String> abortReason;
    private final BooleanSupplier breakNow;
    private final BlockedClients blockedClients;
    private long lastFinish;

    Monitor(RedissonClient r, RunKeys keys, RunSpec spec, List<String> participants, WorkerLauncher launcher,
            Instrumentation instrumentation, Supplier<String> abortReason, BooleanSupplier breakNow,
            BlockedClients blockedClients) {
        this.breakNow = breakNow;
        this.blockedClients = blockedClients;
        this.r = r;
        this.keys = keys;
        this.spec = spec;
        this.participants = participants;
        this.launcher = launcher;
        this.instrumentation = instrumentation;
        this.abortReason = abortReason;
    }

    /** The stranded threshold, never shorter than the scenario's own deliberate pauses plus a second. */
    static Duration strandedThreshold(RunSpec spec) {
        Duration own = spec.gap().plus(spec.pauseAfterRelease()).plusSeconds(1);
        return spec.strandedAfter().compareTo(own) >= 0 ? spec.strandedAfter() : own;
    }

    Result watch(long t0) throws InterruptedException {
        RQueue<String> done = r.getQueue(keys.done());
        RList<String> queue = r.getList(keys.queue());
        Set<String> finished = new LinkedHashSet<>();
        Map<String, String> stranded = new LinkedHashMap<>();
        Map<String, String> unfinished = new LinkedHashMap<>();
        Set<String> running = new LinkedHashSet<>();
        long deadline = t0 + spec.deadline().toNanos();
        long threshold = strandedThreshold(spec).toNanos();
        long emptySince = -1;
        lastFinish = t0;
        long releaseBy = Long.MAX_VALUE;
        boolean usesQueue = Scenarios.usesQueue(spec.scenario());
        while (finished.size() + unfinished.size() < participants.size()) {
            if (drain(done, finished, stranded, unfinished)) {
                continue;
            }
            Thread.sleep(POLL_MILLIS);
            long now = System.nanoTime();
            Map<String, String> gone = launcher.exited(); // before the drain: a worker says done before it exits
            drain(done, finished, stranded, unfinished);
            String abort = breakNow.getAsBoolean() ? abortReason.get() : null;
            if (abort != null || now > deadline || now > releaseBy) {
                String why = abort != null ? abort : now > releaseBy ? "did not stop within "
                        + RELEASE_GRACE.toSeconds() + " s of being released" : "still running at the deadline of " + Durations.format(spec.deadline());
                for (String p : participants) {
                    if (!finished.contains(p) && !unfinished.containsKey(p)) {
                        running.add(p);
                    }
                    if (!finished.contains(p) && !stranded.containsKey(p)) {
                        unfinished.putIfAbsent(p, why);
                    }
                }
                if (!stranded.isEmpty() || !unfinished.isEmpty()) {
                    pill(stranded.size() + unfinished.size());
                }
                break;
            }
            for (Map.Entry<String, String> e : gone.entrySet()) {
                if (participants.contains(e.getKey()) && !finished.contains(e.getKey())) {
                    unfinished.putIfAbsent(e.getKey(), e.getValue());
                }
            }
            if (now - lastConnectionCheck >= CONNECTION_CHECK.toNanos()) {
                lastConnectionCheck = now;
                disconnected(done, finished, stranded, unfinished, now);
            }
            if (usesQueue) {
                long depth = queue.size();
                instrumentation.queueDepth(spec, depth);
                emptySince = depth == 0 ? (emptySince < 0 ? now : emptySince) : -1;
                if (emptySince >= 0 && now - emptySince >= threshold && stranded.size() + finished.size() < participants.size()) {
                    int n = strand(finished, stranded, unfinished, now - emptySince);
                    if (n > 0) {
                        log.info("stranded: {}; releasing", stranded.keySet());
                        pill(n);
                        releaseBy = now + RELEASE_GRACE.toNanos();
                    }
                }
            }
        }
        if ((!stranded.isEmpty() && lastFinish == t0) || !unfinished.isEmpty()) {
            lastFinish = System.nanoTime(); // the round ended here, not at its last finisher
        }
        return new Result(stranded, unfinished, lastFinish - t0, running);
    }

    /**
     * Workers of any host (containers and pods too, where no process handle tells) whose connections
     * to Redis have all been gone for {@link #GONE_AFTER}: their process died (kill -9, OOM, a node
     * lost) or their network did. They are unfinished; the round does not wait for its deadline. A
     * worker that reconnects in time is not judged. CLIENT LIST is read before the done list is
     * drained, since a worker says done before it disconnects.
     */
    private void disconnected(RQueue<String> done, Set<String> finished, Map<String, String> stranded,
                              Map<String, String> unfinished, long now) {
        Set<String> connected = blockedClients.connected();
        if (connected == null) {
            return;
        }
        drain(done, finished, stranded, unfinished);
        for (String p : participants) {
            if (finished.contains(p) || stranded.containsKey(p) || unfinished.containsKey(p) || connected.contains(p)) {
                missingSince.remove(p);
                continue;
            }
            long since = missingSince.computeIfAbsent(p, k -> now);
            if (now - since >= GONE_AFTER.toNanos()) {
                unfinished.put(p, "no connection to Redis for " + Durations.format(Duration.ofNanos(now - since))
                        + " (CLIENT LIST): its process died or its network failed before it finished");
                log.info("{} has no connection to Redis any more; not waiting for it", p);
            }
        }
    }

    /** Takes every done worker off the list; true if there was any. */
    private boolean drain(RQueue<String> done, Set<String> finished, Map<String, String> stranded, Map<String, String> unfinished) {
        boolean any = false;
        for (String entry = done.poll(); entry != null; entry = done.poll()) {
            any = true;
            String w = RunKeys.doneWorker(entry);
            String trouble = RunKeys.doneTrouble(entry);
            String stop = abortReason.get();
            if (stop != null && !stranded.containsKey(w)) {
                unfinished.putIfAbsent(w, stop); // it stopped because it was told to, not because it was done
            } else if (trouble != null) {
                unfinished.putIfAbsent(w, trouble); // it ended, but not by finishing the lesson
            } else if (finished.add(w) && !stranded.containsKey(w)) {
                lastFinish = System.nanoTime();
            }
        }
        return any;
    }

    /**
     * Names the stranded workers: those Redis shows blocked in BLPOP (CLIENT LIST) while the queue is
     * empty. Without CLIENT LIST, only in racy-drain (where nothing but take() can block a worker),
     * every worker still running is taken to be stranded.
     */
    private int strand(Set<String> finished, Map<String, String> stranded, Map<String, String> unfinished, long emptyFor) {
        Set<String> blocked = blockedClients.blocked();
        if (blocked == null && !spec.scenario().equals(Scenarios.RACY)) {
            return 0;
        }
        String how = blocked != null ? "blocked in BLPOP (take()) according to Redis CLIENT LIST"
                : "still running (so blocked in take())";
        int n = 0;
        for (String p : participants) {
            if (!finished.contains(p) && !stranded.containsKey(p) && !unfinished.containsKey(p)
                    && (blocked == null || blocked.contains(p))) {
                stranded.put(p, strandedReason(how, emptyFor));
                n++;
            }
        }
        return n;
    }

    /** How a stranded worker is described in the report, for processes and threads alike. */
    static String strandedReason(String how, long emptyForNanos) {
        return how + " " + Durations.format(Duration.ofNanos(emptyForNanos))
                + " after the queue ran empty, waiting for an item that would never come; released by the coordinator";
    }

    private void pill(int n) {
        RList<String> q = r.getList(keys.queue());
        for (int i = 0; i < n; i++) {
            q.add(WorkerContext.RELEASE_PILL);
        }
    }
}
