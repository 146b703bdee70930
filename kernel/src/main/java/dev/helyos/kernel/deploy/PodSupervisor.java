package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.secrets.SecretService;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodState;
import dev.helyos.plugin.api.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps every stored deployment's pods running as its record says: one {@link DeploymentWorker} per
 * deployment, woken by changes to the deployment or its project in the store. At start it adopts the
 * pods already on the engine (they carry this daemon's instance label) and removes those of
 * deployments that no longer exist, so a restart rebuilds everything from the store.
 */
public final class PodSupervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PodSupervisor.class.getName());
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final StateStore store;
    private final Clock clock;
    private final ProjectService projects;
    private final SecretService secrets;
    private final RuntimeHandle runtime;
    private final PodNames names;
    private final String node;
    private final Records<DeploymentRecord> records;
    private final Map<String, Worker> workers = new HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> watches = new ArrayList<>();
    private final ProjectNetworks networks;
    private final RestartCounts restarts;
    private Thread sweeper;
    private volatile Supplier<CompletableFuture<Void>> upstreamsApplied = () -> CompletableFuture.completedFuture(null);
    private boolean closed;

    private record Worker(DeploymentWorker worker, Thread thread) {
    }

    /** @param node this helyosd's node name: it runs the deployments stored with it (and those stored with none) */
    public PodSupervisor(StateStore store, ObjectMapper json, Clock clock, ProjectService projects, SecretService secrets,
                         RuntimeHandle runtime, PodNames names, String node) {
        this.node = node;
        this.store = store;
        this.clock = clock;
        this.projects = projects;
        this.secrets = secrets;
        this.runtime = runtime;
        this.names = names;
        this.records = new Records<>(store, json, DeploymentRecord.class, "deployments/");
        this.networks = new ProjectNetworks(this::engine, names);
        this.restarts = new RestartCounts(store);
    }

    /** Starts a worker for every stored deployment and the sweep for pods nobody owns. */
    public synchronized void start() {
        watches.add(store.watch("deployments/", key -> wake(key.substring("deployments/".length()))));
        watches.add(store.watch("projects/", key -> wakeProject(key.substring("projects/".length()))));
        for (DeploymentRecord record : records.list("")) {
            wake(record.key());
        }
        sweeper = Thread.ofVirtual().name("pod sweeper").start(this::sweepForever);
    }

    /**
     * How to wait until the proxy no longer sends to pods that were just taken out of service: a
     * future that completes after the next apply of the routes.
     */
    public void onDrain(Supplier<CompletableFuture<Void>> upstreamsApplied) {
        this.upstreamsApplied = upstreamsApplied;
    }

    /** Tells the listeners that pods changed, and waits (a little) until the proxy has applied it. */
    private void awaitUpstreamsApplied() {
        podsChanged(null);
        try {
            upstreamsApplied.get().get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.info(() -> "stopping pods before the proxy confirmed it stopped sending to them: " + e);
        }
    }

    /** Told of what happens to a pod: {@code started}, {@code ready}, {@code crashed}, {@code restarted}. */
    @FunctionalInterface
    public interface PodListener {
        void pod(String project, String pod, String action, String message);
    }

    private final List<PodListener> podListeners = new CopyOnWriteArrayList<>();

    public void onPod(PodListener listener) {
        podListeners.add(listener);
    }

    private void pod(String project, String pod, String action, String message) {
        for (PodListener listener : podListeners) {
            try {
                listener.pod(project, pod, action, message);
            } catch (RuntimeException e) {
                LOG.warning("a pod listener failed: " + e);
            }
        }
    }

    /** Called after every change to pods (created, started, stopped, removed, readiness changed). */
    public void onPodsChanged(Runnable listener) {
        listeners.add(listener);
    }

    /** The deployments this node runs, by key. */
    public List<String> runsHere() {
        return records.list("").stream().filter(r -> r.runsOn(node)).map(DeploymentRecord::key).toList();
    }

    /** This helyosd's node name. */
    public String node() {
        return node;
    }

    /**
     * Wakes the worker of {@code project/name}, starting one when there is none; a deployment another
     * node runs gets none here.
     */
    public synchronized void wake(String key) {
        if (closed) {
            return;
        }
        Worker existing = workers.get(key);
        if (existing != null) {
            existing.worker().kick(); // also when the deployment moved to another node: this one removes its pods
            return;
        }
        if (records.get(key).map(r -> !r.runsOn(node)).orElse(false)) {
            return;
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            return;
        }
        DeploymentWorker worker = new DeploymentWorker(key.substring(0, slash), key.substring(slash + 1), clock, this::engine,
                runtime.publishAddress(), names,
                desiredState(), restarts, networks, reports());
        workers.put(key, new Worker(worker, Thread.ofVirtual().name("deployment " + key).start(worker)));
    }

    private synchronized void wakeProject(String project) {
        for (Worker w : workers.values()) {
            if (w.worker().key().startsWith(project + "/")) {
                w.worker().kick();
            }
        }
        if (projects.find(project).isEmpty()) {
            Thread.ofVirtual().start(() -> removeNetworkWhenEmpty(project));
        }
    }

    /**
     * A worker whose deployment is gone and whose pods are removed asks to end. It may not, when the
     * deployment was created again meanwhile.
     */
    private synchronized boolean finished(DeploymentWorker worker) {
        if (ownRecord(worker.key()).isPresent()) {
            return false;
        }
        workers.remove(worker.key());
        notifyAll();
        return true;
    }

    /** Waits until the worker of a removed deployment has removed its pods; false on timeout. */
    public synchronized boolean awaitRemoved(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (workers.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until no worker of the project is left (its pods are removed); false on timeout. */
    public synchronized boolean awaitProjectRemoved(String project, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hasWorkers(project)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 500)));
        }
        return true;
    }

    Optional<DeploymentWorker> worker(String key) {
        synchronized (this) {
            Worker w = workers.get(key);
            return w == null ? Optional.empty() : Optional.of(w.worker());
        }
    }

    /**
     * The 127.0.0.1 host ports of every ready pod (pods being replaced included) by deployment
     * ({@code project/name}), on the deployment's first container port: what a proxy sends to.
     *
     * @throws ContainerRuntimeException when the engine cannot be asked
     */
    /** How many pods are in each status ({@code running}, {@code crashloopbackoff}, …), from one look at the engine. */
    public Map<String, Long> podCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (PodState pod : engine().list(names.all())) {
            String key = pod.labels().get(PodNames.PROJECT) + "/" + pod.labels().get(PodNames.DEPLOYMENT);
            PodTracking tracking = worker(key).map(w -> w.tracked(pod.id())).orElse(null);
            counts.merge(PodView.status(pod, tracking), 1L, Long::sum);
        }
        return counts;
    }

    public Map<String, List<Integer>> servingPorts() {
        Map<String, List<Integer>> serving = new HashMap<>();
        Map<String, Integer> firstPorts = new HashMap<>();
        for (PodState pod : engine().list(names.all())) {
            String key = pod.labels().get(PodNames.PROJECT) + "/" + pod.labels().get(PodNames.DEPLOYMENT);
            PodTracking tracking = worker(key).map(w -> w.tracked(pod.id())).orElse(null);
            if (!pod.running() || tracking == null || !tracking.ready()) {
                continue;
            }
            Integer containerPort = firstPorts.computeIfAbsent(key, k -> records.get(k)
                    .map(r -> r.spec().path("ports").path(0).asInt(0)).orElse(0));
            Integer hostPort = pod.ports().get(containerPort);
            if (hostPort != null) {
                serving.computeIfAbsent(key, k -> new ArrayList<>()).add(hostPort);
            }
        }
        serving.values().forEach(ports -> ports.sort(null));
        return serving;
    }

    /** The deployment when this node runs it: to a worker, one moved to another node is gone from here. */
    private Optional<DeploymentRecord> ownRecord(String key) {
        return records.get(key).filter(r -> r.runsOn(node));
    }

    /** What the workers read of the store. */
    private DeploymentWorker.DesiredState desiredState() {
        return new DeploymentWorker.DesiredState() {
            @Override
            public Optional<DeploymentRecord> record(String key) {
                return ownRecord(key);
            }

            @Override
            public boolean projectActive(String project) {
                return projects.isActive(project);
            }

            @Override
            public Map<String, String> secrets(String project, List<String> wanted) {
                return secrets.reveal(project, wanted);
            }
        };
    }

    /** What the workers tell: pod events and changes for the listeners, and their own end. */
    private DeploymentWorker.Reports reports() {
        return new DeploymentWorker.Reports() {
            @Override
            public void pod(String project, String pod, String action, String message) {
                PodSupervisor.this.pod(project, pod, action, message);
            }

            @Override
            public void podsChanged(String project) {
                PodSupervisor.this.podsChanged(project);
            }

            @Override
            public void awaitUpstreamsApplied() {
                PodSupervisor.this.awaitUpstreamsApplied();
            }

            @Override
            public boolean finished(DeploymentWorker worker) {
                return PodSupervisor.this.finished(worker);
            }
        };
    }

    ContainerRuntime engine() {
        return runtime.engine();
    }

    private void podsChanged(String project) {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warning("a pod change listener failed: " + e);
            }
        }
    }

    private void sweepForever() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                sweep();
                Thread.sleep(SWEEP_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pods of this daemon whose deployment has no record and no worker (left by a crash, or by a
     * deployment removed while the daemon was down) are handed to a worker, which removes them.
     */
    void sweep() {
        List<PodState> pods;
        try {
            pods = engine().list(names.all());
        } catch (ContainerRuntimeException e) {
            return; // no engine, nothing to sweep; the workers report the outage
        }
        Set<String> owners = new HashSet<>();
        for (PodState pod : pods) {
            String project = pod.labels().get(PodNames.PROJECT);
            String deployment = pod.labels().get(PodNames.DEPLOYMENT);
            if (project != null && deployment != null) {
                owners.add(project + "/" + deployment);
            }
        }
        for (String key : owners) {
            if (records.get(key).isEmpty()) {
                LOG.info(() -> "removing the pods of " + key + ", a deployment that no longer exists");
                wake(key);
            }
        }
    }

    private void removeNetworkWhenEmpty(String project) {
        networks.forget(project);
        try {
            for (int i = 0; i < 60 && hasWorkers(project); i++) {
                Thread.sleep(500);
            }
            engine().removeNetwork(PodNames.network(project));
        } catch (ContainerRuntimeException e) {
            LOG.info(() -> "the network of deleted project " + project + " stays: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean hasWorkers(String project) {
        return workers.keySet().stream().anyMatch(key -> key.startsWith(project + "/"));
    }

    @Override
    public void close() {
        List<Thread> threads = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (AutoCloseable watch : watches) {
                try {
                    watch.close();
                } catch (Exception ignored) {
                    // the store is closing too
                }
            }
            workers.values().forEach(w -> threads.add(w.thread()));
            workers.clear();
            if (sweeper != null) {
                threads.add(sweeper);
            }
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
