package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The objects of one rendered overlay, with the lookups the tests need. Immutable.
 *
 * @param overlay the kustomization that was rendered, relative to {@code k8s/}
 * @param docs its objects, in kustomize's output order
 */
record Rendered(String overlay, List<StrictYaml.Doc> docs) {

    /** A pod template and the workload that owns it (a Deployment or a Job). */
    record Pod(HasMetadata owner, PodTemplateSpec template) {
        String describe() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }

        List<Container> allContainers() {
            List<Container> all = new ArrayList<>(template.getSpec().getContainers());
            Optional.ofNullable(template.getSpec().getInitContainers()).ifPresent(all::addAll);
            return all;
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(StrictYaml.Doc::typed).filter(type::isInstance).map(type::cast).toList();
    }

    Optional<HasMetadata> find(String kind, String name) {
        return docs.stream().map(StrictYaml.Doc::typed)
                .filter(o -> o != null && o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> matches = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(matches).as("%s: exactly one %s named %s", overlay, type.getSimpleName(), name).hasSize(1);
        return matches.get(0);
    }

    /** Every pod template of every Deployment and Job. */
    List<Pod> pods() {
        return Stream.concat(
                all(Deployment.class).stream().map(d -> new Pod(d, d.getSpec().getTemplate())),
                all(Job.class).stream().map(j -> new Pod(j, j.getSpec().getTemplate()))).toList();
    }

    /** The first (main) container of a workload's pod template. */
    static Container main(HasMetadata workload) {
        PodTemplateSpec template = workload instanceof Job job
                ? job.getSpec().getTemplate() : ((Deployment) workload).getSpec().getTemplate();
        return template.getSpec().getContainers().get(0);
    }

    static Optional<EnvVar> env(Container container, String name) {
        return Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
                .filter(e -> e.getName().equals(name)).findFirst();
    }

    static String envValue(Container container, String name) {
        EnvVar var = env(container, name).orElseThrow(
                () -> new AssertionError("container " + container.getName() + " has no env " + name));
        assertThat(var.getValue()).as("env %s of %s is a plain value", name, container.getName()).isNotNull();
        return var.getValue();
    }
}
