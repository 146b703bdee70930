package dev.helyos.kernel.deploy;

import dev.helyos.kernel.config.Units;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Brings one deployment's pods to what its record asks, again and again: on every change of the
 * record or its project, when a pod's readiness changes, and at least every {@link #TICK}. One
 * pass creates missing replicas (in parallel), removes surplus ones, replaces one outdated pod at a
 * time (its replacement must be ready before it stops), restarts exited pods by the restart policy
 * with back-off, stops pods whose health check gave up, and stops everything while the deployment
 * is stopped or its project suspended. When the record is gone it removes every pod and ends.
 */
final class DeploymentWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(DeploymentWorker.class.getName());
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String project;
    private final String name;
    private final InetAddress podHost;
    private final Clock clock;
    private final Supplier<ContainerRuntime> engine;
    private final PodNames names;
    private final DesiredState desired;
    private final RestartCounts restarts;
    private final ProjectNetworks networks;
    private final Reports reports;
    private final Map<String, PodTracking> tracking = new ConcurrentHashMap<>();
    /** Replicas whose creation failed: why, and when to try again. */
    private final Map<Integer, CreateFailure> createFailures = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private boolean kicked;
    private volatile boolean ended;
    private String lastProblem;
    private DeploymentRecord parsedFor;
    private DeploymentSpec spec;

    private record CreateFailure(int count, String message, Instant retryAt) {
    }

    /** What a worker reads: its deployment's record, whether its project runs, and the secrets its spec names. */
    interface DesiredState {
        Optional<DeploymentRecord> record(String key);

        boolean projectActive(String project);

        Map<String, String> secrets(String project, List<String> names);
    }

    /** What a worker tells its supervisor. */
    interface Reports {
        /** A pod event: {@code started}, {@code ready}, {@code crashed}, {@code restarted}. */
        void pod(String project, String pod, String action, String message);

        /** Pods were created, started, stopped or removed, or their readiness changed. */
        void podsChanged(String project);

        /** Waits (a little) until the proxy no longer sends to the pods about to stop. */
        void awaitUpstreamsApplied();

        /** The deployment is gone and its pods removed: true when the worker is to end. */
        boolean finished(DeploymentWorker worker);
    }

    /** @param podHost the address the engine publishes pods' ports on, where probes reach them */
    DeploymentWorker(String project, String name, Clock clock, Supplier<ContainerRuntime> engine, InetAddress podHost,
                     PodNames names, DesiredState desired, RestartCounts restarts, ProjectNetworks networks, Reports reports) {
        this.podHost = podHost;
        this.project = project;
        this.name = name;
        this.clock = clock;
        this.engine = engine;
        this.names = names;
        this.desired = desired;
        this.restarts = restarts;
        this.networks = networks;
        this.reports = reports;
    }

    String key() {
        return project + "/" + name;
    }

    void kick() {
        synchronized (wakeUp) {
            kicked = true;
            wakeUp.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (pass() && reports.finished(this)) {
                    return;
                }
                sleepUntil(nextWake());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    /** One reconciliation; true when the deployment is gone and all its pods removed. */
    boolean pass() {
        try {
            boolean done = reconcile();
            if (lastProblem != null) {
                LOG.info(() -> "deployment " + key() + ": the engine answers again");
                lastProblem = null;
            }
            return done;
        } catch (ContainerRuntimeException e) {
            if (!e.getMessage().equals(lastProblem)) {
                LOG.warning("deployment " + key() + ": " + e.getMessage());
                lastProblem = e.getMessage();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "deployment " + key() + ": reconciliation failed", e);
        }
        return false;
    }

    private boolean reconcile() {
        Optional<DeploymentRecord> found = desired.record(key());
        ContainerRuntime engine = this.engine.get();
        List<PodState> pods = engine.list(names.deployment(project, name));
        forgetVanished(pods);
        if (found.isEmpty()) {
            removeAll(engine, pods);
            return true;
        }
        DeploymentRecord record = found.get();
        DeploymentSpec current = spec(record);
        if (!record.running() || !desired.projectActive(project)) {
            stopAll(engine, pods);
            return false;
        }
        networks.ensure(project);
        Map<Integer, PodState> byIndex = new ConcurrentHashMap<>();
        List<PodState> retired = new ArrayList<>();
        List<PodState> surplus = new ArrayList<>();
        for (PodState pod : pods) {
            int index = PodView.index(pod);
            if (index < 0 || index >= record.replicas()) {
                surplus.add(pod);
            } else if (pod.name().equals(PodNames.pod(project, name, index))) {
                byIndex.put(index, pod);
            } else {
                retired.add(pod);
            }
        }
        boolean changed = removeInParallel(engine, surplus);
        changed |= removeReplaced(engine, retired, byIndex, record);
        changed |= createMissing(engine, record, current, byIndex);
        changed |= replaceOutdated(engine, record, current, byIndex, retired);
        for (PodState pod : byIndex.values()) {
            changed |= supervise(engine, pod, current);
        }
        for (PodState pod : retired) {
            if (pod.running()) {
                watch(pod, current);
            }
        }
        if (changed) {
            reports.podsChanged(project);
        }
        return false;
    }

    private DeploymentSpec spec(DeploymentRecord record) {
        if (parsedFor == null || !parsedFor.spec().equals(record.spec())) {
            spec = record.parsedSpec();
            parsedFor = record;
        }
        return spec;
    }

    /** Tracking of pods the engine no longer has goes, with their stored restart counts. */
    private void forgetVanished(List<PodState> pods) {
        var present = pods.stream().map(PodState::id).collect(java.util.stream.Collectors.toSet());
        tracking.keySet().removeIf(id -> {
            if (!present.contains(id)) {
                restarts.forget(project, name, id);
                return true;
            }
            return false;
        });
    }

    /** What is known of a pod, or null when the worker has not seen it yet. */
    PodTracking tracked(String containerId) {
        return tracking.get(containerId);
    }

    PodTracking tracking(PodState pod) {
        return tracking.computeIfAbsent(pod.id(), id -> new PodTracking(id, restarts.get(project, name, id),
                spec != null && spec.healthcheck() != null));
    }

    /** Retired pods whose replacement is ready, or that nothing waits on any more, are removed. */
    private boolean removeReplaced(ContainerRuntime engine, List<PodState> retired, Map<Integer, PodState> byIndex,
                                   DeploymentRecord record) {
        List<PodState> done = new ArrayList<>();
        for (PodState old : retired) {
            PodState replacement = byIndex.get(PodView.index(old));
            boolean replacementReady = replacement != null && replacement.running() && tracking(replacement).ready();
            if (replacementReady || !old.running()) {
                done.add(old);
            }
        }
        retired.removeAll(done);
        return removeInParallel(engine, done);
    }

    private boolean createMissing(ContainerRuntime engine, DeploymentRecord record, DeploymentSpec current,
                                  Map<Integer, PodState> byIndex) {
        Instant now = clock.instant();
        List<Integer> missing = new ArrayList<>();
        for (int index = 0; index < record.replicas(); index++) {
            CreateFailure failure = createFailures.get(index);
            if (!byIndex.containsKey(index) && (failure == null || !now.isBefore(failure.retryAt()))) {
                missing.add(index);
            }
        }
        if (missing.isEmpty()) {
            return false;
        }
        Map<String, String> secrets;
        try {
            secrets = desired.secrets(project, current.secrets());
        } catch (RuntimeException e) {
            missing.forEach(index -> createFailed(index, e.getMessage(), now));
            return false;
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int index : missing) {
                PodSpec pod = podSpec(current, secrets, index, record.template());
                threads.submit(() -> {
                    try {
                        PodState created = engine.create(pod);
                        createFailures.remove(index);
                        byIndex.put(index, created);
                        watch(created, current);
                        LOG.info(() -> "pod " + pod.name() + " created");
                        reports.pod(project, pod.name(), "started", "created from " + pod.image());
                    } catch (ContainerRuntimeException e) {
                        String why = e.reason() == ContainerRuntimeException.Reason.CONFLICT
                                ? "a container named " + pod.name() + " exists and is not managed by this helyosd"
                                : e.getMessage();
                        createFailed(index, why, now);
                    }
                    return null;
                });
            }
        }
        return true;
    }

    private void createFailed(int index, String why, Instant now) {
        CreateFailure before = createFailures.get(index);
        int count = before == null ? 1 : before.count() + 1;
        Duration wait = RestartBackoff.delay(count + 1);
        createFailures.put(index, new CreateFailure(count, why, now.plus(wait)));
        LOG.warning("pod " + PodNames.pod(project, name, index) + " could not be created: " + why
                + "; trying again in " + Units.formatDuration(wait));
    }

    /** Why a replica that has no pod yet is missing, or null. */
    String createProblem(int index) {
        CreateFailure failure = createFailures.get(index);
        return failure == null ? null : failure.message();
    }

    /**
     * Replaces outdated pods. One that is not ready serves nothing and goes at once; a ready one is
     * renamed aside and keeps serving until its replacement is ready — one such at a time, the
     * lowest index first.
     */
    private boolean replaceOutdated(ContainerRuntime engine, DeploymentRecord record, DeploymentSpec current,
                                    Map<Integer, PodState> byIndex, List<PodState> retired) {
        List<PodState> outdated = byIndex.values().stream()
                .filter(pod -> !record.template().equals(pod.labels().get(PodNames.TEMPLATE)))
                .sorted(Comparator.comparingInt(PodView::index))
                .toList();
        if (outdated.isEmpty()) {
            return false;
        }
        List<PodState> notServing = outdated.stream().filter(pod -> !(pod.running() && tracking(pod).ready())).toList();
        removeInParallel(engine, notServing);
        notServing.forEach(pod -> byIndex.remove(PodView.index(pod)));
        boolean renamed = false;
        if (retired.isEmpty()) {
            Optional<PodState> serving = outdated.stream().filter(pod -> !notServing.contains(pod)).findFirst();
            if (serving.isPresent()) {
                PodState old = serving.get();
                int index = PodView.index(old);
                engine.rename(old.id(), PodNames.retired(project, name, index, old.id()));
                retired.add(old);
                byIndex.remove(index);
                renamed = true;
                LOG.info(() -> "pod " + old.name() + " is outdated; it serves until its replacement is ready");
            }
        }
        if (!notServing.isEmpty() || renamed) {
            createMissing(engine, record, current, byIndex);
            return true;
        }
        return false;
    }

    /** Restart policy and health for one current pod; true when it was started or stopped. */
    private boolean supervise(ContainerRuntime engine, PodState pod, DeploymentSpec current) {
        PodTracking t = tracking(pod);
        Instant now = clock.instant();
        if (pod.running()) {
            watch(pod, current);
            if (t.health() == PodHealth.UNHEALTHY && current.restart() != DeploymentSpec.Restart.NEVER
                    && !t.stoppedUnhealthy()) {
                LOG.warning("pod " + pod.name() + " is unhealthy (" + t.message() + "); restarting it");
                t.stoppingUnhealthy();
                engine.stop(pod.id(), STOP_TIMEOUT);
                return true;
            }
            return false;
        }
        if (pod.status() == PodState.Status.RESTARTING || pod.status() == PodState.Status.REMOVING) {
            return false;
        }
        if (t.stoppedOnPurpose()) {
            start(engine, pod, t, t.restartCount());
            return true;
        }
        if (t.waitingToRestart()) {
            if (now.isBefore(t.restartAt())) {
                return false;
            }
            int count = t.restartCount() + 1;
            restarts.save(project, name, pod.id(), count);
            start(engine, pod, t, count);
            return true;
        }
        if (t.settled()) {
            return false;
        }
        String why = exitReason(pod, t);
        boolean failure = pod.exitCode() != 0 || pod.oomKilled() || t.stoppedUnhealthy();
        boolean restart = switch (current.restart()) {
            case ALWAYS -> true;
            case ON_FAILURE -> failure;
            case NEVER -> false;
        };
        if (!restart) {
            t.exitedForGood(why);
            LOG.info(() -> "pod " + pod.name() + " " + why + "; restart policy " + current.restart().id() + " leaves it");
            reports.pod(project, pod.name(), "crashed", why + "; restart policy " + current.restart().id() + " leaves it");
            return true;
        }
        Duration ran = pod.startedAt() != null && pod.finishedAt() != null
                ? Duration.between(pod.startedAt(), pod.finishedAt()) : null;
        Duration wait = t.failed(why, ran, now);
        String plan = "restarting " + (wait.isZero() ? "now" : "in " + Units.formatDuration(wait))
                + (RestartBackoff.crashLooping(t.failuresInARow()) ? " (crash loop)" : "");
        LOG.info(() -> "pod " + pod.name() + " " + why + "; " + plan);
        reports.pod(project, pod.name(), "crashed", why + "; " + plan);
        if (wait.isZero()) {
            int count = t.restartCount() + 1;
            restarts.save(project, name, pod.id(), count);
            start(engine, pod, t, count);
        }
        return true;
    }

    private static String exitReason(PodState pod, PodTracking t) {
        if (t.stoppedUnhealthy()) {
            return "unhealthy: " + t.message();
        }
        if (pod.oomKilled()) {
            return "killed for using more memory than its limit";
        }
        return pod.status() == PodState.Status.CREATED ? "never started" : "exited with code " + pod.exitCode();
    }

    private void start(ContainerRuntime engine, PodState pod, PodTracking t, int restarts) {
        PodState started = engine.start(pod.id());
        t.started(restarts, clock.instant());
        watch(started, spec);
        if (restarts > 0) {
            reports.pod(project, pod.name(), "restarted", "restart " + restarts);
        }
    }

    /** Notes a running pod's host ports and makes sure a probe checks it. */
    private void watch(PodState pod, DeploymentSpec current) {
        if (!pod.running()) {
            return;
        }
        PodTracking t = tracking(pod);
        t.seenRunning(pod.ports(), clock.instant());
        long run = t.startProbing();
        if (run >= 0) {
            PodProbe probe = new PodProbe(t, podHost, run, current, () -> !ended && tracking.get(pod.id()) == t,
                    () -> {
                        kick();
                        if (t.ready()) {
                            reports.pod(project, pod.name(), "ready", t.health().id());
                        }
                        reports.podsChanged(project);
                    }, clock);
            Thread.ofVirtual().name("probe " + pod.name()).start(probe);
        }
    }

    private void stopAll(ContainerRuntime engine, List<PodState> pods) {
        List<PodState> retired = new ArrayList<>();
        List<PodState> running = new ArrayList<>();
        for (PodState pod : pods) {
            if (!pod.name().equals(PodNames.pod(project, name, PodView.index(pod)))) {
                retired.add(pod);
                continue;
            }
            PodTracking t = tracking(pod);
            if (pod.running()) {
                running.add(pod);
            }
            if (!t.stoppedOnPurpose()) {
                t.stoppingOnPurpose();
            }
        }
        boolean changed = removeInParallel(engine, retired);
        if (!running.isEmpty()) {
            reports.awaitUpstreamsApplied();
            inParallel(running, pod -> {
                engine.stop(pod.id(), STOP_TIMEOUT);
                LOG.info(() -> "pod " + pod.name() + " stopped");
            });
            changed = true;
        }
        if (changed) {
            reports.podsChanged(project);
        }
    }

    private void removeAll(ContainerRuntime engine, List<PodState> pods) {
        if (removeInParallel(engine, pods)) {
            reports.podsChanged(project);
        }
    }

    /** Stops (gracefully) and removes the pods; true when there were any. */
    private boolean removeInParallel(ContainerRuntime engine, List<PodState> pods) {
        if (pods.isEmpty()) {
            return false;
        }
        drain(pods);
        inParallel(pods, pod -> {
            if (pod.running()) {
                engine.stop(pod.id(), STOP_TIMEOUT);
            }
            engine.remove(pod.id());
            tracking.remove(pod.id());
            restarts.forget(project, name, pod.id());
            LOG.info(() -> "pod " + pod.name() + " removed");
        });
        return true;
    }

    /**
     * Takes the pods out of service before they stop: marked as stopping (not ready), then the proxy
     * is given the chance to stop sending to them.
     */
    private void drain(List<PodState> pods) {
        boolean serving = false;
        for (PodState pod : pods) {
            PodTracking t = tracking.get(pod.id());
            if (t != null) {
                serving |= pod.running() && t.ready();
                t.stoppingOnPurpose();
            }
        }
        if (serving) {
            reports.awaitUpstreamsApplied();
        }
    }

    private static void inParallel(List<PodState> pods, java.util.function.Consumer<PodState> action) {
        List<RuntimeException> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PodState pod : pods) {
                threads.submit(() -> {
                    try {
                        action.accept(pod);
                    } catch (RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    PodSpec podSpec(DeploymentSpec current, Map<String, String> secrets, int index, String template) {
        return DeploymentService.podSpec(current, secrets, index, names.pod(project, name, index, template));
    }

    private Instant nextWake() {
        Instant wake = clock.instant().plus(TICK);
        for (PodTracking t : tracking.values()) {
            Instant at = t.restartAt();
            if (at != null && at.isBefore(wake)) {
                wake = at;
            }
        }
        return wake;
    }

    private void sleepUntil(Instant wake) throws InterruptedException {
        synchronized (wakeUp) {
            long millis = Duration.between(clock.instant(), wake).toMillis();
            if (!kicked && millis > 0) {
                wakeUp.wait(millis);
            }
            kicked = false;
        }
    }
}
