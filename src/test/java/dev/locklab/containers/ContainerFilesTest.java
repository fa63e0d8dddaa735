package dev.locklab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The container files agree with each other and stay valid for docker-compose 1.29 (what runs here)
 * as well as Compose v2: every image is pinned to an exact version, and the stand-in names that
 * {@code .ci/containers.sh} tags (from {@code .ci/images.env}) are the ones Dockerfile and compose use.
 */
class ContainerFilesTest {

    final Path root = ContainerEngine.projectDir();

    @Test
    void everyImageIsPinnedAndHasAnOfflineStandInName() throws IOException {
        Map<String, String> pinned = imagesEnv();
        List<String> used = new java.util.ArrayList<>();
        used.addAll(matches("(?m)^FROM\\s+(\\S+)", read("Dockerfile")));
        for (String f : List.of("docker-compose.yml", "docker-compose.worker.yml")) {
            used.addAll(matches("(?m)^\\s+image:\\s*(\\S+)", read(f)));
        }
        assertThat(used).isNotEmpty();
        for (String image : used) {
            assertThat(image).as("pinned, not latest").matches(".+:[^:]*[0-9][^:]*").doesNotEndWith(":latest");
            assertThat(pinned.values()).as(image + " is tagged by .ci/containers.sh (.ci/images.env)")
                    .anyMatch(p -> p.equals(image) || p.equals("docker.io/library/" + image) || p.equals("docker.io/" + image));
        }
    }

    @Test
    void composeFilesAvoidWhatDockerCompose129Rejects() throws IOException {
        for (String f : List.of("docker-compose.yml", "docker-compose.worker.yml")) {
            String yml = yaml(f);
            assertThat(yml).as(f + ": top-level name:").doesNotContainPattern("(?m)^name:");
            assertThat(yml).as(f).doesNotContain("start_interval");
            assertThat(yml).as(f + ": depends_on.X.restart").doesNotContainPattern("(?m)^\\s+restart:\\s*(true|false)");
            assertThat(yml).as(f + ": no fixed container_name (breaks --scale)").doesNotContain("container_name");
        }
    }

    @Test
    void ourOwnImageIsBuiltNeverPulledAndLongRunningServicesComeBackAfterACrash() throws IOException {
        for (String f : List.of("docker-compose.yml", "docker-compose.worker.yml")) {
            JsonNode root = new YAMLMapper().readTree(read(f));
            JsonNode services = root.path("services");
            for (var e : services.properties()) {
                JsonNode svc = effective(root, e.getValue());
                String where = f + " service " + e.getKey();
                if (svc.has("build")) {
                    // without it Compose v2 first tries to pull locklab/locklab from Docker Hub
                    assertThat(svc.path("pull_policy").asString("")).as(where + ": pull_policy").isEqualTo("build");
                }
                if (svc.has("profiles")) {
                    // one-off `docker compose run --rm` services: a restart policy would fight --rm
                    assertThat(svc.has("restart")).as(where + ": no restart policy on a one-off service").isFalse();
                } else {
                    assertThat(svc.path("restart").asString("")).as(where + ": restart policy").isEqualTo("unless-stopped");
                }
            }
        }
    }

    /** A service with its {@code <<: *anchor} merged in (the YAML reader gives the alias as the anchor's name). */
    private static JsonNode effective(JsonNode root, JsonNode service) {
        JsonNode alias = service.path("<<");
        if (!alias.isString()) {
            return service;
        }
        tools.jackson.databind.node.ObjectNode merged = ((tools.jackson.databind.node.ObjectNode) root.path("x-" + alias.asString())).deepCopy();
        assertThat(merged.isEmpty()).as("anchor &%s is the extension field x-%s", alias.asString(), alias.asString()).isFalse();
        service.properties().forEach(p -> {
            if (!p.getKey().equals("<<")) {
                merged.set(p.getKey(), p.getValue());
            }
        });
        return merged;
    }

    @Test
    void theWorkerServiceIsScalableAndNamesItselfAfterItsContainer() throws IOException {
        String yml = yaml("docker-compose.yml");
        assertThat(yml).contains("replicas: 3").contains("\"worker\", \"--follow\"");
        assertThat(yml).as("no fixed worker name: WorkerNames picks the container's").doesNotContain("LOCKLAB_WORKER_NAME:");
        assertThat(yml).as("coordinator takes whoever joins by default").contains("${LOCKLAB_WORKERS:-0}");
    }

    @Test
    void theImageRunsAsNonRootWithAHealthcheckAndOnlyNeedsDocker() throws IOException {
        String df = read("Dockerfile");
        assertThat(matches("(?m)^FROM\\s+\\S+", df)).hasSize(2);
        assertThat(df).contains("AS build").contains("COPY --from=build").containsPattern("(?m)^USER 10001")
                .containsPattern("(?m)^HEALTHCHECK ").containsPattern("(?m)^ENTRYPOINT \\[\"java\"");
        assertThat(read(".dockerignore")).contains("!src/main/").contains("!scripts/containers/healthcheck.sh");
    }

    private Map<String, String> imagesEnv() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve(".ci/images.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                m.put(kv[0].strip(), kv[1].strip());
            }
        }
        return m;
    }

    /** The file without its comment lines. */
    private String yaml(String file) throws IOException {
        return read(file).replaceAll("(?m)^\\s*#.*$", "");
    }

    private String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    private static List<String> matches(String regex, String text) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return out;
    }
}
