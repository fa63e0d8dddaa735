package dev.locklab.it;

import dev.locklab.checker.Verdict;
import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import dev.locklab.report.WorkerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker JVM killed with SIGKILL in the middle of a locked drain (what {@code docker compose kill}
 * or the OOM killer does): the run still ends, names the dead worker, and keeps the items that worker
 * had already processed, because histories are streamed to Redis while the run goes. With external
 * workers (no process handle, as with containers and pods) the coordinator sees the death in
 * {@code CLIENT LIST}: the worker's connections are gone.
 */
class KilledWorkerIT {
    @TempDir
    Path dir;

    @Test
    void aKilledWorkerIsNamedAndTheItemsItProcessedAreStillCounted() throws Exception {
        int seeded = 3000;
        // a 2 s lease: if worker-1 dies holding the lock, the survivor waits 2 s, not the watchdog's 30 s
        Process p = LabJar.builder(dir, Map.of(), "run", "--scenario", "locked-drain", "--workers", "2",
                "--items", Integer.toString(seeded), "--lease", "2s").redirectErrorStream(true).start();
        BufferedReader out = LabJar.output(p);
        StringBuilder seen = new StringBuilder();
        assertThat(LabJar.awaitLines(out, seen, "\\[worker-1] \\d", 50)).as(seen.toString()).isEqualTo(50);
        ProcessHandle victim = p.descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("--name worker-1 ")).findFirst().orElseThrow();
        assertThat(victim.destroyForcibly()).isTrue();
        Thread drain = LabJar.drainInBackground(out, seen);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ends without the dead worker").isTrue();
        drain.join(5000);
        assertThat(p.exitValue()).as(seen.toString()).isEqualTo(1);

        RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
        assertThat(r.unfinished()).containsOnlyKeys("worker-1");
        assertThat(r.unfinished().get("worker-1")).contains("137");
        assertThat(r.verdicts()).filteredOn(v -> v.checker().equals("liveness")).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(Verdict.Status.INVALID));
        WorkerStats victimRow = r.workers().stream().filter(w -> w.worker().equals("worker-1")).findFirst().orElseThrow();
        assertThat(victimRow.items()).as("what worker-1 processed before it died is in its history").isGreaterThanOrEqualTo(30);
        // the survivor drained the rest; only what worker-1 popped in its last moments (an item in flight,
        // plus any ops the streaming thread had not sent yet, which on a busy machine may be a few) is missing
        assertThat(r.itemsProcessed() + r.leftover().size()).as(seen.toString()).isGreaterThanOrEqualTo(seeded - 10);
        assertThat(r.verdicts()).filteredOn(v -> v.checker().equals("mutual-exclusion")).singleElement()
                .satisfies(v -> assertThat(v.status()).isNotEqualTo(Verdict.Status.INVALID));
    }

    @Test
    void anExternalWorkerWhoseConnectionsVanishIsNamedWithoutWaitingForTheDeadline() throws Exception {
        int seeded = 3000;
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            // a 2 s lease, as above
            String url = redis.settings().toUrl();
            Process coordinator = LabJar.builder(dir, Map.of(), "coordinator", "--redis", url, "--rounds", "1",
                    "--scenario", "locked-drain", "--workers", "2", "--items", Integer.toString(seeded), "--deadline", "5m", "--lease", "2s")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("coordinator.txt").toFile()).start();
            Process survivor = LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "ext-2", "--once")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ext-2.txt").toFile()).start();
            Process victim = LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "ext-1", "--once")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = LabJar.output(victim);
                StringBuilder seen = new StringBuilder();
                assertThat(LabJar.awaitLines(out, seen, "\\d", 50)).as(seen.toString()).isEqualTo(50);
                victim.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye, only closed sockets
                assertThat(coordinator.waitFor(120, TimeUnit.SECONDS)).as("the round ends without ext-1").isTrue();
                String said = java.nio.file.Files.readString(dir.resolve("coordinator.txt"));
                assertThat(coordinator.exitValue()).as(said).isEqualTo(1);
                assertThat(survivor.waitFor(30, TimeUnit.SECONDS)).isTrue();

                RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
                assertThat(r.unfinished()).containsOnlyKeys("ext-1");
                assertThat(r.unfinished().get("ext-1")).contains("no connection to Redis");
                WorkerStats row = r.workers().stream().filter(w -> w.worker().equals("ext-1")).findFirst().orElseThrow();
                assertThat(row.items()).isGreaterThanOrEqualTo(30);
                assertThat(r.itemsProcessed() + r.leftover().size()).as(said).isGreaterThanOrEqualTo(seeded - 10);
            } finally {
                for (Process p : new Process[]{victim, survivor, coordinator}) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
