package dev.locklab.report;

import dev.locklab.checker.Checkers;
import dev.locklab.checker.HistoryBuilder;
import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunDirectoryTest {
    @TempDir
    Path base;

    @Test
    void writesResultsHistoryAndLatestLink() throws Exception {
        RunHistory h = WorkerStatsTest.sample();
        RunResult r = RunResult.of(h, Checkers.judge(h));
        Path dir = RunDirectory.write(base, r, h);

        assertThat(dir).isEqualTo(base.resolve("run-test"));
        assertThat(RunResult.read(dir.resolve("results.json"))).isEqualTo(r);
        List<String> lines = Files.readAllLines(dir.resolve("history.jsonl"));
        assertThat(lines).hasSize(h.ops().size()).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(RunDirectory.readHistory(dir.resolve("history.jsonl"))).isEqualTo(h.ops());
        Path latest = base.resolve("latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("run-test"));
        assertThat(latest.resolve("results.json")).exists();
        try (var files = Files.list(base)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run-test", "latest");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left").containsExactlyInAnyOrder("results.json", "history.jsonl");
        }
    }

    @Test
    void aLaterRunReplacesLatest() throws Exception {
        for (String id : List.of("run-a", "run-b")) {
            RunHistory h = HistoryBuilder.run("racy-drain", 1).runId(id).build();
            RunDirectory.write(base, RunResult.of(h, Checkers.judge(h)), h);
        }
        assertThat(Files.readSymbolicLink(base.resolve("latest"))).isEqualTo(Path.of("run-b"));
        assertThat(base.resolve("run-a").resolve("results.json")).exists();
    }

    @Test
    void partialDataIsWrittenAsItIs() throws Exception {
        RunHistory partial = new RunHistory(null, null, null, null, null, null, null, 0);
        Path dir = RunDirectory.write(base, RunResult.of(partial, List.of()), null);
        assertThat(dir.getFileName().toString()).isEqualTo(RunResult.UNKNOWN_RUN);
        assertThat(dir.resolve("history.jsonl")).isEmptyFile();
        assertThat(RunResult.read(dir.resolve("results.json")).exitCode()).isEqualTo(2);
    }

    @Test
    void historyKeepsInfoAndInvokeOpsWithNotes() throws Exception {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 1).runId("run-info");
        b.worker("worker-1").invoke("take").takeInfo("interrupted: \"quoted\"\nnewline");
        RunHistory h = b.build();
        Path dir = RunDirectory.write(base, RunResult.of(h, Checkers.judge(h)), h);
        List<Op> back = RunDirectory.readHistory(dir.resolve("history.jsonl"));
        assertThat(back).isEqualTo(h.ops());
        assertThat(Files.readAllLines(dir.resolve("history.jsonl"))).hasSize(3);
    }

    @Test
    void fallbackLatestIsAFileHoldingTheRunId() throws Exception {
        RunDirectory.writeLatestFile(base, "run-x");
        assertThat(Files.isSymbolicLink(base.resolve("latest"))).isFalse();
        assertThat(Files.readString(base.resolve("latest"))).isEqualTo("run-x\n");
        // and a later symlink replaces the plain file
        RunDirectory.linkLatest(base, "run-y");
        assertThat(Files.readSymbolicLink(base.resolve("latest"))).isEqualTo(Path.of("run-y"));
    }

    @Test
    void runIdsBecomeSafeDirectoryNames() {
        assertThat(RunDirectory.dirName("20250101-120000-ab12")).isEqualTo("20250101-120000-ab12");
        assertThat(RunDirectory.dirName("../etc/x")).isEqualTo(".._etc_x");
        assertThat(RunDirectory.dirName("..")).isEqualTo("run-..");
        assertThat(RunDirectory.dirName("latest")).isEqualTo("run-latest");
        assertThat(RunDirectory.dirName(null)).isEqualTo(RunResult.UNKNOWN_RUN);
    }
}
