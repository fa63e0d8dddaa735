package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kubernetes runs the same images as compose: every image of every overlay is one of the pins in
 * {@code .ci/images.env} (which the containers work keeps in sync with the Dockerfile and compose file,
 * and under which .ci/containers.sh tags its offline stand-ins).
 */
class ImagePinsTest {

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyImageIsOneOfTheProjectsPins(String overlay) throws IOException {
        Set<String> pins = Files.readAllLines(Requirements.require(".ci/images.env", "the project's image pins"))
                .stream().map(String::strip).filter(l -> !l.startsWith("#") && l.contains("="))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).collect(Collectors.toSet());
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            pod.allContainers().forEach(c -> assertThat(c.getImage())
                    .as("%s %s container %s", overlay, pod.describe(), c.getName()).isIn(pins));
        }
    }
}
