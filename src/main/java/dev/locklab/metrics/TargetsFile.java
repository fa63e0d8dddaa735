package dev.locklab.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a Prometheus {@code file_sd} targets file, so a Prometheus started with
 * {@code prometheus/prometheus-local.yml} scrapes the metrics endpoints of a run on this machine
 * without being restarted. The file is replaced atomically (Prometheus may read it at any moment).
 * Format: {@code [{"targets": ["127.0.0.1:9401"], "labels": {"role": "worker"}}, ...]}.
 *
 * <p>Stateless; any thread. Concurrent writers of one file: the last rename wins.
 */
public final class TargetsFile {
    /** The file name {@code prometheus-local.yml} reads in the run output directory ({@code --out}). */
    public static final String FILE_NAME = "prometheus-targets.json";

    /** One endpoint. @param hostPort e.g. {@code 127.0.0.1:9401}  @param role worker or coordinator */
    public record Target(String hostPort, String role) {
    }

    private TargetsFile() {
    }

    /** Writes {@code <outDir>/prometheus-targets.json}; returns its path. */
    public static Path writeTo(Path outDir, List<Target> targets) throws IOException {
        Path file = outDir.resolve(FILE_NAME);
        write(file, targets);
        return file;
    }

    /** Writes the targets to {@code file} (parent directories created), replacing it atomically. */
    public static void write(Path file, List<Target> targets) throws IOException {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Target t : targets) {
            groups.add(Map.of("targets", List.of(t.hostPort()), "labels", Map.of("role", t.role())));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".targets", ".tmp");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), groups);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
