package dev.locklab.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code action: keep} relabel rules of a Prometheus config's {@code kubernetes_sd_configs} pod
 * jobs, evaluated on a pod's labels and annotations as Prometheus would: {@code __meta_kubernetes_pod_label_X}
 * and {@code _annotation_X} with X sanitized ([^a-zA-Z0-9_] -> _), values joined by ";", the regex
 * anchored. The pod is assumed Running. Rules on other meta labels are ignored. Immutable.
 */
final class PodScrapeRules {

    private record Keep(List<String> sources, Pattern regex) {}

    private final List<List<Keep>> jobs;

    private PodScrapeRules(List<List<Keep>> jobs) {
        this.jobs = jobs;
    }

    static PodScrapeRules of(JsonNode config) {
        List<List<Keep>> jobs = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs")) {
            boolean pods = job.path("kubernetes_sd_configs").valueStream()
                    .anyMatch(sd -> "pod".equals(sd.path("role").asString("")));
            if (!pods) {
                continue;
            }
            List<Keep> keeps = new ArrayList<>();
            for (JsonNode rule : job.path("relabel_configs")) {
                if ("keep".equals(rule.path("action").asString(""))) {
                    List<String> sources = rule.path("source_labels").valueStream().map(JsonNode::asString).toList();
                    String regex = rule.path("regex").asString("(.*)");
                    keeps.add(new Keep(sources, Pattern.compile("^(?:" + regex + ")$")));
                }
            }
            jobs.add(keeps);
        }
        return new PodScrapeRules(jobs);
    }

    /** True when some pod-discovery job keeps a Running pod with this metadata. */
    boolean keeps(ObjectMeta pod) {
        return jobs.stream().anyMatch(keeps -> keeps.stream().allMatch(keep -> {
            List<String> values = new ArrayList<>();
            for (String source : keep.sources()) {
                Optional<String> value = value(source, pod);
                if (value == null) {
                    return true; // a meta label this model does not know: not evaluated
                }
                values.add(value.orElse(""));
            }
            return keep.regex().matcher(String.join(";", values)).matches();
        }));
    }

    /** The value of a meta label for this pod; empty when absent; null when this model does not know it. */
    private static Optional<String> value(String source, ObjectMeta pod) {
        if (source.equals("__meta_kubernetes_pod_phase")) {
            return Optional.of("Running");
        }
        if (source.startsWith("__meta_kubernetes_pod_label_")) {
            return find(pod.getLabels(), source.substring("__meta_kubernetes_pod_label_".length()));
        }
        if (source.startsWith("__meta_kubernetes_pod_annotation_")) {
            return find(pod.getAnnotations(), source.substring("__meta_kubernetes_pod_annotation_".length()));
        }
        return null;
    }

    private static Optional<String> find(Map<String, String> map, String sanitized) {
        if (map == null) {
            return Optional.empty();
        }
        return map.entrySet().stream().filter(e -> e.getKey().replaceAll("[^a-zA-Z0-9_]", "_").equals(sanitized))
                .map(Map.Entry::getValue).findFirst();
    }
}
