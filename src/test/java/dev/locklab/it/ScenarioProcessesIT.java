package dev.locklab.it;

import dev.locklab.checker.Verdict;
import dev.locklab.history.Op;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three lesson programs with real worker JVMs on a real (embedded) Redis, through the CLI a
 * learner types. Each {@code run} starts and stops its own redis-server.
 */
class ScenarioProcessesIT {
    @TempDir
    Path dir;

    private RunResult latest() throws Exception {
        return RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
    }

    @Test
    void racyDrainWithAWideGapStrandsAWorkerInMostTrials() throws Exception {
        int trials = 4;
        int stranded = 0;
        for (int i = 0; i < trials; i++) {
            LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "racy-drain", "--workers", "2",
                    "--gap", "50ms", "--items", "20", "--quiet");
            RunResult res = latest();
            assertThat(res.verdicts()).filteredOn(v -> v.checker().equals("exactly-once"))
                    .allMatch(v -> v.status() == Verdict.Status.VALID);
            if (!res.stranded().isEmpty()) {
                stranded++;
                assertThat(r.exit()).isEqualTo(1);
                assertThat(r.stdout()).contains("was stranded").contains(res.stranded().keySet().iterator().next());
            }
        }
        assertThat(stranded).as("trials with a stranded worker").isGreaterThanOrEqualTo(trials - 1);
    }

    @Test
    void lockedDrainWithFourWorkersNeverLosesOrDuplicatesAnItem() throws Exception {
        for (int i = 0; i < 3; i++) {
            LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "locked-drain", "--workers", "4", "--quiet");
            RunResult res = latest();
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(res.status()).isEqualTo(Verdict.Status.VALID);
            assertThat(res.itemsProcessed()).isEqualTo(100);
            assertThat(res.workers()).hasSize(4);
            assertThat(res.workers().stream().mapToInt(w -> w.items()).sum()).isEqualTo(100);
            assertThat(r.stdout()).contains("VALID   mutual-exclusion");
        }
    }

    @Test
    void reentrantDemoWaitsForTheCoordinatorThenPrintsFiveContiguousLinesPerWorker() throws Exception {
        LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "reentrant", "--workers", "2", "--hold", "3s");
        assertThat(r.exit()).as(r.all()).isZero();
        List<String> lines = r.stdout().lines().filter(l -> l.contains("] I am worker-")).toList();
        assertThat(lines).hasSize(10);
        for (int block = 0; block < 2; block++) {
            String worker = lines.get(block * 5).substring(1, lines.get(block * 5).indexOf(']'));
            for (int k = 0; k < 5; k++) {
                assertThat(lines.get(block * 5 + k)).startsWith("[" + worker + "]").endsWith("(hold count " + (k + 1) + ")");
            }
        }
        int released = r.stdout().indexOf("coordinator: releasing the lock after 3000 ms");
        assertThat(released).isPositive().isLessThan(r.stdout().indexOf("] I am worker-"));
        // the first worker to get the lock waited for the coordinator's 3 s hold
        List<Op> ops = RunDirectory.readHistory(dir.resolve("runs/latest").resolve(RunDirectory.HISTORY));
        long firstWait = ops.stream().filter(o -> o.is(Op.Type.OK, "acquire") && !o.worker().equals("coordinator"))
                .mapToLong(Op::waitNanos).max().orElse(0);
        assertThat(firstWait).isGreaterThan(2_500_000_000L);
        assertThat(latest().verdicts()).extracting(Verdict::checker).contains("reentrancy", "mutual-exclusion");
    }

    @Test
    void aLeaseThatRunsOutWhileTheCoordinatorHoldsTheLockLetsAWorkerInAndTheCheckerSaysSo() throws Exception {
        // the lesson's caveat: a lease is only a lease. The coordinator "holds" for 2 s on a 1 s lease.
        LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "reentrant", "--workers", "1",
                "--hold", "2s", "--lease", "1s");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("the lock was no longer mine").contains("INVALID mutual-exclusion")
                .contains("while coordinator was inside");
        RunResult res = latest();
        assertThat(res.unfinished()).isEmpty();
        assertThat(res.verdicts()).filteredOn(v -> v.checker().equals("reentrancy")).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(Verdict.Status.VALID));
    }

    @Test
    void aHolderThatMerelySleepsKeepsItsLockBecauseRedissonsWatchdogRenewsTheLease() throws Exception {
        // the contrast to the test above: no --lease, and a watchdog lease of 1 s renewed every ~333 ms
        // while the coordinator sleeps through its 3 s hold, so the worker cannot get in before the release
        LabJar.Result r = LabJar.run(dir, Map.of("LOCKLAB_LOCK_WATCHDOG_MS", "1000"), 120, "run", "--scenario", "reentrant",
                "--workers", "1", "--hold", "3s");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("VALID   mutual-exclusion").doesNotContain("no longer mine");
        List<Op> ops = RunDirectory.readHistory(dir.resolve("runs/latest").resolve(RunDirectory.HISTORY));
        long firstWait = ops.stream().filter(o -> o.is(Op.Type.OK, "acquire") && o.worker().equals("worker-1"))
                .mapToLong(Op::waitNanos).max().orElse(0);
        assertThat(firstWait).as("worker-1 waited for the whole hold, three watchdog leases long").isGreaterThan(2_000_000_000L);
    }

    @Test
    void aRunCutShortByItsDeadlineAccountsForEveryItemWithoutInventingLosses() throws Exception {
        // the workers are still draining at the deadline: the queue is taken away atomically and they
        // get a moment to record their last takes, so every item is either processed or left over
        int seeded = 50_000;
        LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "locked-drain", "--workers", "2",
                "--items", Integer.toString(seeded), "--deadline", "3s", "--quiet");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        RunResult res = latest();
        assertThat(res.unfinished()).containsOnlyKeys("worker-1", "worker-2");
        assertThat(res.itemsProcessed()).isPositive();
        assertThat(res.itemsProcessed() + res.leftover().size()).isEqualTo(seeded);
        assertThat(res.verdicts()).filteredOn(v -> v.checker().equals("exactly-once")).singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("left on the queue").doesNotContain("lost"));
        assertThat(res.durationMillis()).isPositive();
    }

    @Test
    void nonReentrantLockRefusesTheSecondAcquireWithinTheTimeoutInsteadOfHanging() throws Exception {
        LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "reentrant", "--workers", "2",
                "--lock", "non-reentrant", "--hold", "500ms", "--reacquire-timeout", "1s");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("is not reentrant").contains("INVALID reentrancy");
        assertThat(latest().unfinished()).isEmpty();
    }

    @Test
    void everyLockBackendKeepsLockedDrainCorrect() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String lock : List.of("fair", "non-reentrant", "semaphore", "jedis")) {
            LabJar.Result r = LabJar.run(dir, Map.of(), 120, "run", "--scenario", "locked-drain", "--workers", "3",
                    "--lock", lock, "--items", "60", "--quiet");
            if (r.exit() != 0) {
                failures.add(lock + ": exit " + r.exit() + "\n" + r.all());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void bundledRedisRunWritesResultsHistoryAndLatestLink() throws Exception {
        // the Redis binary shipped in the jar, as on a machine without redis-server
        LabJar.Result r = LabJar.run(dir, Map.of("LOCKLAB_EMBEDDED_REDIS", "bundled"), 120, "run", "--scenario", "locked-drain",
                "--workers", "2", "--items", "10", "--quiet");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("redis: embedded ").contains("redis-server-6.2");
        Path runs = dir.resolve("runs");
        try (var s = Files.list(runs)) {
            Path runDir = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("latest"))
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertThat(runDir.resolve("results.json")).exists();
            assertThat(runDir.resolve("history.jsonl")).exists();
        }
        assertThat(Files.isSymbolicLink(runs.resolve("latest")) || Files.isRegularFile(runs.resolve("latest"))).isTrue();
    }
}
