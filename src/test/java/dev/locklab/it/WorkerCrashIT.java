package dev.locklab.it;

import dev.locklab.checker.Verdict;
import dev.locklab.queue.RunKeys;
import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker whose scenario fails (here: its lock key is overwritten with a string, so Redis answers
 * the lock's script with WRONGTYPE) says so when it reports done: the coordinator names it
 * unfinished with the cause instead of counting it as finished, and the worker exits 70.
 */
class WorkerCrashIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerWhoseScenarioFailsIsNamedUnfinishedWithTheCause() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            String url = redis.settings().toUrl();
            Process coordinator = LabJar.builder(dir, Map.of(), "coordinator", "--redis", url, "--rounds", "1",
                    "--scenario", "locked-drain", "--workers", "1", "--items", "3000", "--pause-after-release", "5ms")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("coordinator.txt").toFile()).start();
            Process worker = LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "ext-1", "--once")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = LabJar.output(worker);
                StringBuilder seen = new StringBuilder();
                assertThat(LabJar.awaitLines(out, seen, "\\d", 20)).as(seen.toString()).isEqualTo(20);
                try (Jedis j = new Jedis(redis.settings().host(), redis.settings().port())) {
                    String runId = j.get(RunKeys.ANNOUNCE);
                    j.set(new RunKeys(runId).lock(), "not a lock"); // the fault: WRONGTYPE for the lock's next script
                }
                out.lines().forEach(l -> seen.append(l).append('\n'));
                assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(worker.exitValue()).as(seen.toString()).isEqualTo(70);
                assertThat(coordinator.waitFor(60, TimeUnit.SECONDS)).as("the round ends without waiting for its deadline").isTrue();
                String said = Files.readString(dir.resolve("coordinator.txt"));
                assertThat(coordinator.exitValue()).as(said).isEqualTo(1);

                RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
                assertThat(r.unfinished()).containsOnlyKeys("ext-1");
                assertThat(r.unfinished().get("ext-1")).contains("its scenario failed").contains("WRONGTYPE");
                assertThat(r.verdicts()).filteredOn(v -> v.checker().equals("liveness")).singleElement()
                        .satisfies(v -> assertThat(v.status()).isEqualTo(Verdict.Status.INVALID));
                assertThat(r.itemsProcessed()).isGreaterThanOrEqualTo(20);
            } finally {
                for (Process p : new Process[]{worker, coordinator}) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
