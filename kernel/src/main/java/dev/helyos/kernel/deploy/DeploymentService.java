package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.routes.RouteService;
import dev.helyos.kernel.secrets.SecretService;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import dev.helyos.plugin.api.VolumeMount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the API asks of deployments. Every change is checked, then written to the store; the
 * {@link PodSupervisor} then brings the pods there (API → store → supervisor → engine), so a daemon
 * restart rebuilds the same pods from the store. Answers show the pods as they are right now.
 */
public final class DeploymentService {
    public static final int MAX_SCALE = 100;
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

    /** What a deploy did: the stored deployment, its pods, whether anything changed, whether it created the project. */
    public record Outcome(DeploymentView deployment, List<PodView> pods, boolean changed, boolean projectCreated) {
    }

    /** A deployment with its pods. */
    public record Detail(DeploymentView deployment, List<PodView> pods) {
    }

    private final ProjectService projects;
    private final SecretService secrets;
    private final RuntimeHandle runtime;
    private final PodSupervisor supervisor;
    private final PodNames names;
    private final RouteService routes;
    private final Records<DeploymentRecord> records;
    private final ObjectMapper json;
    private final Clock clock;
    private final StateStore store;
    private final Predicate<String> knownNode;
    private final PodReports reports;
    private final List<DeployListener> deployListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DeploymentService(StateStore store, ObjectMapper json, Clock clock, ProjectService projects,
                             SecretService secrets, RuntimeHandle runtime, PodSupervisor supervisor, PodNames names,
                             RouteService routes, Predicate<String> knownNode) {
        this.store = store;
        this.knownNode = knownNode;
        this.routes = routes;
        this.projects = projects;
        this.secrets = secrets;
        this.runtime = runtime;
        this.supervisor = supervisor;
        this.names = names;
        this.json = json;
        this.clock = clock;
        this.records = new Records<>(store, json, DeploymentRecord.class, "deployments/");
        this.reports = new PodReports(store, json, supervisor.node());
        projects.afterDelete(project -> {
            routes.removeForDeployment(project, null);
            try {
                supervisor.awaitProjectRemoved(project, REMOVAL_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Told of each deploy's result: {@code created}, {@code updated}, {@code unchanged} or {@code refused}. */
    @FunctionalInterface
    public interface DeployListener {
        void deployed(String project, String name, String result);
    }

    public void onDeploy(DeployListener listener) {
        deployListeners.add(listener);
    }

    /** {@link #store(DeploymentSpec)}, telling the listeners how it went. */
    public Outcome deploy(DeploymentSpec spec) {
        String result = "refused";
        try {
            Outcome outcome = store(spec);
            result = !outcome.changed() ? "unchanged" : outcome.deployment().createdAt().equals(outcome.deployment().updatedAt())
                    ? "created" : "updated";
            return outcome;
        } finally {
            String r = result;
            deployListeners.forEach(l -> l.deployed(spec.project(), spec.deployment(), r));
        }
    }

    /**
     * Stores the spec when it changes anything and lets the supervisor roll the pods over. A project
     * that does not exist yet is created with it, in the same store commit. Its secrets, node and image
     * are checked first: a deploy that cannot run stores nothing.
     */
    private synchronized Outcome store(DeploymentSpec spec) {
        String project = spec.project();
        WriteBatch batch = new WriteBatch();
        boolean projectCreated = projects.addCreation(batch, project);
        secrets.reveal(project, spec.secrets());
        if (spec.node() != null && !knownNode.test(spec.node())) {
            throw Refused.invalid("node: no node named '" + spec.node() + "' has joined this store (helyos nodes lists them)");
        }
        DeploymentSpec.Network network = spec.network();
        boolean routed = network.isPublic() && network.domain() != null;
        if (routed) {
            routes.checkForSpec(network.domain(), project, spec.deployment(), network.https());
        }
        String key = project + "/" + spec.deployment();
        var existing = records.get(key);
        // on the spec's node; without one, a deployment stays on the node that took its first deploy
        String node = spec.node() != null ? spec.node() : existing.map(DeploymentRecord::node).orElse(supervisor.node());
        if (node.equals(supervisor.node())) { // another node's engine is checked by that node, its pods show the outcome
            ContainerRuntime engine = runtime.get();
            if (!call(() -> engine.hasImage(spec.image()))) {
                throw Refused.invalid("image '" + Refused.shorten(spec.image()) + "' is not in the container engine ("
                        + engine.describe().address() + ") and images are not pulled; load, build or tag it there first");
            }
        }
        JsonNode canonical = canonical(spec);
        String template = DeploymentRecord.template(canonical);
        if (existing.isPresent() && existing.get().spec().equals(canonical) && existing.get().running()
                && (spec.node() == null || spec.node().equals(existing.get().node()))
                && existing.get().replicas() == spec.replicas()) {
            Detail detail = detail(existing.get());
            return new Outcome(detail.deployment(), detail.pods(), false, false);
        }
        String now = clock.instant().toString();
        DeploymentRecord record = new DeploymentRecord(project, spec.deployment(), canonical, spec.replicas(),
                DeploymentRecord.RUNNING, template, existing.map(DeploymentRecord::createdAt).orElse(now), now, node);
        store.commit(batch.put(records.key(key), records.encode(record)));
        if (routed) {
            routes.applyForSpec(network.domain(), project, spec.deployment(), network.https());
        }
        supervisor.wake(key);
        Detail detail = detail(record);
        return new Outcome(detail.deployment(), detail.pods(), true, projectCreated);
    }

    public List<DeploymentView> list(String project) {
        projects.get(project);
        List<DeploymentRecord> stored = records.list(project + "/");
        if (stored.isEmpty()) {
            return List.of();
        }
        List<PodState> pods = localPods(stored, names.project(project));
        return stored.stream().map(record -> view(record, pods)).toList();
    }

    public Detail get(String project, String name) {
        return detail(record(project, name));
    }

    public Detail scale(String project, String name, int replicas) {
        if (replicas < 0 || replicas > MAX_SCALE) {
            throw Refused.invalid("replicas must be between 0 and " + MAX_SCALE + ", got " + replicas);
        }
        return change(project, name, record -> record.with(replicas, record.state(), clock.instant().toString()));
    }

    public Detail stop(String project, String name) {
        return change(project, name, record -> record.with(record.replicas(), DeploymentRecord.STOPPED, clock.instant().toString()));
    }

    public Detail start(String project, String name) {
        return change(project, name, record -> record.with(record.replicas(), DeploymentRecord.RUNNING, clock.instant().toString()));
    }

    private synchronized Detail change(String project, String name, java.util.function.UnaryOperator<DeploymentRecord> update) {
        DeploymentRecord record = record(project, name);
        DeploymentRecord updated = update.apply(record);
        if (updated.replicas() != record.replicas() || !updated.state().equals(record.state())) {
            records.put(updated.key(), updated);
            supervisor.wake(updated.key());
            return detail(updated);
        }
        return detail(record);
    }

    /** Removes the deployment and its routes, then waits (a while) for the supervisor to remove its pods. */
    public void delete(String project, String name) {
        synchronized (this) {
            record(project, name);
            records.delete(project + "/" + name);
            routes.removeForDeployment(project, name);
        }
        String key = project + "/" + name;
        supervisor.wake(key);
        try {
            supervisor.awaitRemoved(key, REMOVAL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pods of a project (of every deployment, pending replicas included), by deployment and index. */
    public List<PodView> pods(String project) {
        projects.get(project);
        List<DeploymentRecord> stored = records.list(project + "/");
        List<PodState> listed = localPods(stored, names.project(project));
        List<PodView> pods = new ArrayList<>();
        Set<String> owned = new HashSet<>();
        for (DeploymentRecord record : stored) {
            owned.add(record.name());
            pods.addAll(podViews(record, listed));
        }
        // pods of a deployment being removed, until they are gone
        listed.stream().filter(p -> !owned.contains(p.labels().get(PodNames.DEPLOYMENT)))
                .forEach(p -> pods.add(PodView.of(p, null)));
        return sorted(pods);
    }

    /** One pod of the project by name, for its logs. */
    public PodState pod(String project, String podName) {
        projects.get(project);
        for (DeploymentRecord record : records.list(project + "/")) {
            if (!record.runsOn(supervisor.node()) && reported(record).stream().anyMatch(p -> p.id().equals(podName))) {
                throw Refused.conflict("pod '" + Refused.shorten(podName) + "' runs on node '" + record.node()
                        + "': read its logs through that node");
            }
        }
        return listPods(names.project(project)).stream().filter(p -> p.name().equals(podName)).findFirst()
                .orElseThrow(() -> Refused.notFound("pod '" + Refused.shorten(podName) + "' not found in project '"
                        + Refused.shorten(project) + "'"));
    }

    /** The containers of a deployment, current and being replaced, by index. */
    public List<PodState> containers(String project, String name) {
        record(project, name);
        return listPods(names.deployment(project, name)).stream()
                .sorted(Comparator.comparingInt(PodView::index).thenComparing(PodState::name)).toList();
    }

    private DeploymentRecord record(String project, String name) {
        projects.get(project);
        return records.get(project + "/" + name).orElseThrow(() -> Refused.notFound(
                "deployment '" + Refused.shorten(name) + "' not found in project '" + Refused.shorten(project) + "'"));
    }

    private Detail detail(DeploymentRecord record) {
        List<PodState> listed = localPods(List.of(record), names.deployment(record.project(), record.name()));
        List<PodView> pods = podViews(record, listed);
        return new Detail(DeploymentView.of(record, projectActive(record.project()), pods), pods);
    }

    private DeploymentView view(DeploymentRecord record, List<PodState> projectPods) {
        return DeploymentView.of(record, projectActive(record.project()), podViews(record, projectPods));
    }

    private boolean projectActive(String project) {
        return projects.isActive(project);
    }

    /** The record's pods among {@code listed}, and a pending entry for each wanted replica with none yet. */
    private List<PodView> podViews(DeploymentRecord record, List<PodState> listed) {
        if (!record.runsOn(supervisor.node())) {
            return reported(record);
        }
        var worker = supervisor.worker(record.key());
        List<PodView> pods = new ArrayList<>();
        Set<Integer> present = new HashSet<>();
        for (PodState pod : listed) {
            if (!record.name().equals(pod.labels().get(PodNames.DEPLOYMENT))) {
                continue;
            }
            pods.add(PodView.of(pod, worker.map(w -> w.tracked(pod.id())).orElse(null)));
            if (pod.name().equals(PodNames.pod(record.project(), record.name(), PodView.index(pod)))) {
                present.add(PodView.index(pod));
            }
        }
        if (record.running() && projectActive(record.project())) {
            for (int index = 0; index < record.replicas(); index++) {
                if (!present.contains(index)) {
                    int i = index;
                    pods.add(PodView.pending(record.project(), record.name(), index, record.spec().path("image").asText(),
                            worker.map(w -> w.createProblem(i)).orElse(null)));
                }
            }
        }
        return sorted(pods);
    }

    /** What the node that runs {@code record} last reported of its pods; pending replicas until it has. */
    private List<PodView> reported(DeploymentRecord record) {
        List<PodView> pods = new ArrayList<>(reports.of(record.key()).map(PodReports.PodReport::pods).orElse(List.of()));
        if (pods.isEmpty() && record.running() && projectActive(record.project())) {
            for (int index = 0; index < record.replicas(); index++) {
                pods.add(PodView.pending(record.project(), record.name(), index, record.spec().path("image").asText(),
                        "node '" + record.node() + "' has not reported this pod yet"));
            }
        }
        return sorted(pods);
    }

    /**
     * Reports the pods of the deployments this node runs, for the API of every other node; when the
     * engine does not answer, the last report stands.
     */
    public void publishPods() {
        List<PodState> listed;
        try {
            listed = call(() -> runtime.engine().list(names.all()));
        } catch (RuntimeException e) {
            return;
        }
        Map<String, List<PodView>> byKey = new java.util.HashMap<>();
        for (String key : supervisor.runsHere()) {
            records.get(key).ifPresent(record -> byKey.put(key, podViews(record, listed.stream()
                    .filter(p -> record.project().equals(p.labels().get(PodNames.PROJECT))).toList())));
        }
        reports.publish(byKey);
    }

    /**
     * The pods on this node's engine for {@code records}: when none of them runs here, the engine is not
     * needed (this node may have none) and what it has is not theirs.
     */
    private List<PodState> localPods(List<DeploymentRecord> records, Map<String, String> labels) {
        if (!records.isEmpty() && records.stream().noneMatch(r -> r.runsOn(supervisor.node()))) {
            return List.of();
        }
        return listPods(labels);
    }

    private List<PodState> listPods(Map<String, String> labels) {
        ContainerRuntime engine = runtime.get();
        return call(() -> engine.list(labels));
    }

    /** What the runtime is asked to create for replica {@code index}; env is the spec's plus the secrets. */
    static PodSpec podSpec(DeploymentSpec spec, Map<String, String> secretValues, int index, Map<String, String> labels) {
        Map<String, String> env = new TreeMap<>(spec.env());
        env.putAll(secretValues);
        List<VolumeMount> volumes = spec.volumes().stream().map(v -> switch (v) {
            case DeploymentSpec.NamedVolume named -> VolumeMount.volume(named.name(), named.mount(), named.readonly());
            case DeploymentSpec.BindMount bind -> VolumeMount.bind(Path.of(bind.path()), bind.mount(), bind.readonly());
        }).toList();
        DeploymentSpec.Resources resources = spec.resources();
        return new PodSpec(PodNames.pod(spec.project(), spec.deployment(), index), spec.image(), env, spec.ports(),
                labels, PodNames.network(spec.project()),
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

    private static List<PodView> sorted(List<PodView> pods) {
        return pods.stream()
                .sorted(Comparator.comparing(PodView::deploymentName).thenComparingInt(PodView::replicaIndex)
                        .thenComparing(PodView::id))
                .toList();
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ContainerRuntimeException e) {
            throw RuntimeHandle.unavailable(e);
        }
    }
}
