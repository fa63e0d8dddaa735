package dev.locklab.it;

import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: workers stopped, embedded Redis stopped, partial results
 * written, exit 130 for both (a JVM ended by SIGTERM would otherwise exit 143).
 */
class InterruptIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalStopsEverythingAndWritesPartialResults(String signal) throws Exception {
        Process p = LabJar.builder(dir, Map.of(), "run", "--scenario", "locked-drain", "--workers", "2", "--items", "5000",
                "--pause-after-release", "20ms").redirectErrorStream(true).start();
        BufferedReader out = LabJar.output(p);
        StringBuilder seen = new StringBuilder();
        assertThat(LabJar.awaitLines(out, seen, "\\[worker-\\d] \\d", 20)).as(seen.toString()).isEqualTo(20);
        List<ProcessHandle> children = p.descendants().toList();
        assertThat(children).as("worker JVMs and the embedded Redis").hasSizeGreaterThanOrEqualTo(3);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        Thread drain = LabJar.drainInBackground(out, seen);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the lab ends after Ctrl-C").isTrue();
        drain.join(5000);
        assertThat(p.exitValue()).as(seen.toString()).isEqualTo(130);
        for (ProcessHandle c : children) {
            c.onExit().get(10, TimeUnit.SECONDS);
            assertThat(c.isAlive()).as("child " + c.pid() + " " + c.info().command().orElse("")).isFalse();
        }
        RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.itemsSeeded()).isEqualTo(5000);
        assertThat(r.itemsProcessed()).isPositive();
        assertThat(r.durationMillis()).as("the run lasted until the signal, not 0 ms").isPositive();
        assertThat(r.itemsPerSecond()).isPositive();
        assertThat(r.itemsProcessed() + r.leftover().size()).as("every item is accounted for (at most one take per worker was in flight)").isGreaterThanOrEqualTo(5000 - 2);
        assertThat(seen.toString()).contains("interrupted");
        assertThat(r.verdicts()).filteredOn(v -> v.checker().equals("liveness")).singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("stopped by an interrupt"));
    }

    @org.junit.jupiter.api.Test
    void aSignalStopsAThreadsRunAndWritesPartialResults() throws Exception {
        Process p = LabJar.builder(dir, Map.of(), "run", "--threads", "--scenario", "locked-drain", "--workers", "2",
                "--items", "100000", "--pause-after-release", "1ms").redirectErrorStream(true).start();
        BufferedReader out = LabJar.output(p);
        StringBuilder seen = new StringBuilder();
        assertThat(LabJar.awaitLines(out, seen, "\\d", 20)).as(seen.toString()).isEqualTo(20);
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        Thread drain = LabJar.drainInBackground(out, seen);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        drain.join(5000);
        assertThat(p.exitValue()).as(seen.toString()).isEqualTo(130);
        RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.itemsProcessed() + r.leftover().size()).as("threads lose nothing: the queue is in this JVM").isEqualTo(100000);
        assertThat(r.unfinished()).containsOnlyKeys("worker-1", "worker-2");
    }
}
