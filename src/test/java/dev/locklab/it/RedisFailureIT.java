package dev.locklab.it;

import dev.locklab.checker.Verdict;
import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops in the middle of a run (a crash, a restart without persistence): the workers'
 * histories are gone with it, so nothing can be judged. The run still ends on its own, says so in
 * one verdict (UNKNOWN, naming Redis), exits 69 as documented, writes its run directory with what
 * the coordinator knew, and leaves no worker process behind.
 */
class RedisFailureIT {
    @TempDir
    Path dir;

    @Test
    void redisDyingMidRunEndsTheRunWithAnUnknownVerdictAndItsResultsWritten() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start();
        Process p;
        List<ProcessHandle> children;
        StringBuilder seen = new StringBuilder();
        try {
            p = LabJar.builder(dir, Map.of(), "run", "--redis", redis.settings().toUrl(), "--scenario", "locked-drain",
                    "--workers", "2", "--items", "5000", "--pause-after-release", "5ms").redirectErrorStream(true).start();
            BufferedReader out = LabJar.output(p);
            assertThat(LabJar.awaitLines(out, seen, "\\[worker-\\d] \\d", 20)).as(seen.toString()).isEqualTo(20);
            children = p.descendants().toList();
            LabJar.drainInBackground(out, seen);
        } finally {
            redis.close(); // the fault: Redis goes away while the workers hold and wait
        }
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the run ends by itself without Redis").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(seen.toString()).isEqualTo(69);
        for (ProcessHandle c : children) {
            c.onExit().get(20, TimeUnit.SECONDS);
            assertThat(c.isAlive()).as("worker " + c.pid()).isFalse();
        }
        RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.itemsSeeded()).isEqualTo(5000);
        assertThat(r.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(r.verdicts()).singleElement().satisfies(v -> assertThat(v.reason()).contains("Redis failed during the round"));
        assertThat(r.unfinished()).containsOnlyKeys("worker-1", "worker-2");
        assertThat(dir.resolve("runs/latest").resolve(RunDirectory.HISTORY)).exists();
    }
}
