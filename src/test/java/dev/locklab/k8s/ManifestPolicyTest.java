package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Part 4 of issue 5, checked on the rendered objects of every overlay: every pod, every container. */
class ManifestPolicyTest {

    /** registry/name:tag with an exact x.y.z version (optionally v-prefixed), e.g. redis:7.4.6, prometheus:v2.53.5. */
    private static final Pattern PINNED = Pattern.compile("^[^:@\\s]+:(v?(\\d+\\.\\d+\\.\\d+)[^:@\\s]*)$");
    private static final String[] LABELS = {"app.kubernetes.io/name", "app.kubernetes.io/component",
        "app.kubernetes.io/part-of", "app.kubernetes.io/version"};

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyPodRunsAsNonRootWithTheRuntimeDefaultSeccompProfile(String overlay) {
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            PodSecurityContext context = pod.template().getSpec().getSecurityContext();
            assertThat(context).as("%s %s: pod securityContext", overlay, pod.describe()).isNotNull();
            assertThat(context.getRunAsNonRoot()).as("%s %s: runAsNonRoot", overlay, pod.describe()).isTrue();
            assertThat(context.getRunAsUser()).as("%s %s: numeric non-root runAsUser", overlay, pod.describe())
                    .isNotNull().isPositive();
            assertThat(context.getSeccompProfile().getType()).as("%s %s: seccomp", overlay, pod.describe())
                    .isEqualTo("RuntimeDefault");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyContainerIsLockedDown(String overlay) {
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            for (Container c : pod.allContainers()) {
                String what = overlay + " " + pod.describe() + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as("%s: securityContext", what).isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", what).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", what).isTrue();
                assertThat(sc.getPrivileged()).as("%s: privileged", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop()).as("%s: capabilities.drop", what).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("%s: capabilities.add", what).isNullOrEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyContainerHasRequestsAndLimitsAndEveryEmptyDirASizeLimit(String overlay) {
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            for (Container c : pod.allContainers()) {
                String what = overlay + " " + pod.describe() + " container " + c.getName();
                ResourceRequirements r = c.getResources();
                for (String resource : new String[] {"cpu", "memory"}) {
                    Quantity request = r.getRequests().get(resource);
                    Quantity limit = r.getLimits().get(resource);
                    assertThat(request).as("%s: requests.%s", what, resource).isNotNull();
                    assertThat(limit).as("%s: limits.%s", what, resource).isNotNull();
                    assertThat(limit.getNumericalAmount()).as("%s: limit >= request for %s", what, resource)
                            .isGreaterThanOrEqualTo(request.getNumericalAmount());
                }
            }
            for (Volume v : pod.template().getSpec().getVolumes()) {
                if (v.getEmptyDir() != null) {
                    assertThat(v.getEmptyDir().getSizeLimit()).as("%s %s: emptyDir %s sizeLimit", overlay,
                            pod.describe(), v.getName()).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyImageIsPinnedToAnExactVersionAndTheLabImageIsNotPulledAlways(String overlay) {
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            for (Container c : pod.allContainers()) {
                String what = overlay + " " + pod.describe() + " container " + c.getName();
                assertThat(c.getImage()).as("%s: image pinned to x.y.z", what).matches(PINNED);
                assertThat(c.getImagePullPolicy()).as("%s: kind/minikube-loaded images must not be pulled", what)
                        .isEqualTo("IfNotPresent");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void workloadsCarryTheRecommendedLabelsAndTheVersionOfTheirImage(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (Rendered.Pod pod : rendered.pods()) {
            Map<String, String> onObject = pod.owner().getMetadata().getLabels();
            Map<String, String> onPods = pod.template().getMetadata().getLabels();
            assertThat(onObject).as("%s %s labels", overlay, pod.describe()).containsKeys(LABELS)
                    .containsEntry("app.kubernetes.io/part-of", "locklab");
            assertThat(onPods).as("%s %s pod template labels", overlay, pod.describe()).containsKeys(LABELS)
                    .containsEntry("app.kubernetes.io/part-of", "locklab");
            Matcher tag = PINNED.matcher(pod.template().getSpec().getContainers().get(0).getImage());
            assertThat(tag.matches()).isTrue();
            assertThat(onPods.get("app.kubernetes.io/version")).as("%s %s version label = image version",
                    overlay, pod.describe()).isEqualTo(tag.group(2));
        }
        for (StrictYaml.Doc doc : rendered.docs()) {
            assertThat(doc.tree().path("metadata").path("labels").path("app.kubernetes.io/part-of").asString(""))
                    .as("%s %s %s: part-of label", overlay, doc.apiVersionKind(), doc.name()).isEqualTo("locklab");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void onlyAPodThatIsGrantedAnApiRoleMountsAServiceAccountToken(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (Rendered.Pod pod : rendered.pods()) {
            PodSpec spec = pod.template().getSpec();
            if (Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                continue;
            }
            String account = spec.getServiceAccountName();
            assertThat(account).as("%s %s mounts a token, so it needs its own ServiceAccount", overlay,
                    pod.describe()).isNotBlank().isNotEqualTo("default");
            assertThat(rendered.all(RoleBinding.class)).as("%s: a RoleBinding grants %s its role", overlay, account)
                    .anySatisfy(b -> assertThat(b.getSubjects()).anySatisfy(s -> {
                        assertThat(s.getKind()).isEqualTo("ServiceAccount");
                        assertThat(s.getName()).isEqualTo(account);
                    }));
            assertThat(rendered.find("ServiceAccount", account)).as("%s: ServiceAccount %s", overlay, account).isPresent();
        }
    }
}
