package dev.locklab.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The kustomizations users apply, found on disk so a new overlay is tested without editing a list. */
final class Overlays {

    /** Overlays that run one lesson as Jobs (the coordinator Job's exit code is the verdict). */
    static final List<String> JOB_RUNS = List.of("overlays/locked", "overlays/racy", "examples/scale-workers");

    private Overlays() {}

    /** Every {@code k8s/overlays/*} and {@code k8s/examples/*} directory holding a kustomization.yaml. */
    static List<String> all() {
        Path k8s = StagedRepo.repo().resolve("k8s");
        return Stream.of("overlays", "examples").flatMap(group -> list(k8s.resolve(group)).stream()
                        .filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                        .map(dir -> group + "/" + dir.getFileName()))
                .sorted().toList();
    }

    /** Method source for parameterized tests: every overlay. */
    static Stream<String> allOverlays() {
        return all().stream();
    }

    /** Method source for parameterized tests: the Job-run overlays. */
    static Stream<String> jobRuns() {
        return JOB_RUNS.stream();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
