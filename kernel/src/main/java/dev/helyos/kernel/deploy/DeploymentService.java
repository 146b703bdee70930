package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.secrets.SecretService;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.VolumeMount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Deploys a spec: checks its project and secrets, stores the deployment, then creates its pods on
 * the container runtime. A first deploy starts all replicas in parallel; a changed spec replaces the
 * pods one index at a time (stop and remove the old pod, then create the new one: no health gating).
 */
public final class DeploymentService {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** What a deploy did: the stored deployment, its pods, and whether anything changed. */
    public record Outcome(DeploymentRecord deployment, List<PodView> pods, boolean changed) {
    }

    private final ProjectService projects;
    private final SecretService secrets;
    private final RuntimeHandle runtime;
    private final Records<DeploymentRecord> records;
    private final ObjectMapper json;
    private final Clock clock;

    public DeploymentService(StateStore store, ObjectMapper json, Clock clock, ProjectService projects,
                             SecretService secrets, RuntimeHandle runtime) {
        this.projects = projects;
        this.secrets = secrets;
        this.runtime = runtime;
        this.json = json;
        this.clock = clock;
        this.records = new Records<>(store, json, DeploymentRecord.class, "deployments/");
    }

    public synchronized Outcome deploy(DeploymentSpec spec) {
        String project = spec.project();
        projects.get(project);
        Map<String, String> secretValues = secrets.reveal(project, spec.secrets());
        ContainerRuntime engine = runtime.get();
        JsonNode canonical = canonical(spec);
        String key = project + "/" + spec.deployment();
        var existing = records.get(key);
        if (existing.isPresent() && existing.get().spec().equals(canonical)) {
            return new Outcome(existing.get(), pods(project, spec.deployment()), false);
        }
        String now = clock.instant().toString();
        DeploymentRecord record = new DeploymentRecord(project, spec.deployment(), canonical,
                existing.map(DeploymentRecord::createdAt).orElse(now), now);
        records.put(key, record);
        try {
            engine.ensureNetwork(PodNames.network(project), PodNames.projectLabels(project));
            if (existing.isEmpty()) {
                createAll(engine, spec, secretValues);
            } else {
                replaceOneByOne(engine, spec, secretValues);
            }
        } catch (ContainerRuntimeException e) {
            throw failure(e);
        }
        return new Outcome(record, pods(project, spec.deployment()), true);
    }

    public List<DeploymentRecord> list(String project) {
        projects.get(project);
        return records.list(project + "/");
    }

    public DeploymentRecord get(String project, String name) {
        return records.get(project + "/" + name).orElseThrow(() -> ApiException.notFound(
                "deployment '" + ApiException.shorten(name) + "' not found in project '" + ApiException.shorten(project) + "'"));
    }

    /** The pods of a project (of every deployment), sorted by deployment and index. */
    public List<PodView> pods(String project) {
        projects.get(project);
        return sorted(call(() -> runtime.get().list(PodNames.projectLabels(project))));
    }

    public List<PodView> pods(String project, String deployment) {
        return sorted(call(() -> runtime.get().list(PodNames.deploymentLabels(project, deployment))));
    }

    /** Removes the deployment's pods, then its record. */
    public void delete(String project, String name) {
        get(project, name);
        ContainerRuntime engine = runtime.get();
        call(() -> {
            for (PodState pod : engine.list(PodNames.deploymentLabels(project, name))) {
                engine.remove(pod.id());
            }
            return null;
        });
        records.delete(project + "/" + name);
    }

    private void createAll(ContainerRuntime engine, DeploymentSpec spec, Map<String, String> secretValues) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PodState>> started = new ArrayList<>();
            for (int index = 0; index < spec.replicas(); index++) {
                PodSpec pod = podSpec(spec, secretValues, index);
                started.add(threads.submit(() -> {
                    engine.remove(pod.name()); // a leftover of an earlier deployment of that name
                    return engine.create(pod);
                }));
            }
            for (Future<PodState> future : started) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while creating pods");
        }
    }

    private void replaceOneByOne(ContainerRuntime engine, DeploymentSpec spec, Map<String, String> secretValues) {
        for (int index = 0; index < spec.replicas(); index++) {
            PodSpec pod = podSpec(spec, secretValues, index);
            engine.stop(pod.name(), STOP_TIMEOUT);
            engine.remove(pod.name());
            engine.create(pod);
        }
        for (PodState pod : engine.list(PodNames.deploymentLabels(spec.project(), spec.deployment()))) {
            if (PodView.of(pod).replicaIndex() >= spec.replicas()) {
                engine.stop(pod.id(), STOP_TIMEOUT);
                engine.remove(pod.id());
            }
        }
    }

    /** What the runtime is asked to create for replica {@code index}; env is the spec's plus the secrets. */
    public static PodSpec podSpec(DeploymentSpec spec, Map<String, String> secretValues, int index) {
        Map<String, String> env = new TreeMap<>(spec.env());
        env.putAll(secretValues);
        List<VolumeMount> volumes = spec.volumes().stream().map(v -> switch (v) {
            case DeploymentSpec.NamedVolume named -> VolumeMount.volume(named.name(), named.mount(), named.readonly());
            case DeploymentSpec.BindMount bind -> VolumeMount.bind(Path.of(bind.path()), bind.mount(), bind.readonly());
        }).toList();
        DeploymentSpec.Resources resources = spec.resources();
        return new PodSpec(PodNames.pod(spec.project(), spec.deployment(), index), spec.image(), env, spec.ports(),
                PodNames.podLabels(spec.project(), spec.deployment(), index), PodNames.network(spec.project()),
                resources.memoryBytes() == null ? 0 : resources.memoryBytes(),
                resources.cpu() == null ? 0 : resources.cpu(), volumes);
    }

    private JsonNode canonical(DeploymentSpec spec) {
        try {
            return json.readTree(spec.toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<PodView> sorted(List<PodState> pods) {
        return pods.stream().map(PodView::of)
                .sorted(Comparator.comparing(PodView::deploymentName).thenComparingInt(PodView::replicaIndex))
                .toList();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ContainerRuntimeException e) {
            throw failure(e);
        }
    }

    private static ApiException failure(ContainerRuntimeException e) {
        if (e.reason() == ContainerRuntimeException.Reason.IMAGE_NOT_FOUND) {
            return ApiException.unprocessable(e.getMessage());
        }
        return RuntimeHandle.unavailable(e);
    }
}
