package dev.helyos.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.EngineInfo;
import dev.helyos.plugin.api.LogFollow;
import dev.helyos.plugin.api.LogLine;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One deployment's reconciliation passes, step by step, over an engine in memory and a held clock:
 * missing replicas are created, surplus ones removed, everything stopped while the project is
 * suspended, an exited pod restarted by its policy with its count kept, and a removed deployment's
 * pods removed before the worker asks to end. No daemon, no Docker.
 */
class DeploymentWorkerTest {
    final MovableClock clock = new MovableClock();
    final CountingStore store = new CountingStore();
    final MemoryEngine engine = new MemoryEngine();
    final PodNames names = new PodNames("test-instance");
    final RestartCounts restarts = new RestartCounts(store);
    DeploymentRecord record = record(2, DeploymentRecord.RUNNING);
    boolean projectActive = true;
    final AtomicInteger changes = new AtomicInteger();
    final List<String> podEvents = new CopyOnWriteArrayList<>();
    final DeploymentWorker worker = new DeploymentWorker("shop", "web", clock, () -> engine,
            java.net.InetAddress.getLoopbackAddress(), names,
            new DeploymentWorker.DesiredState() {
                @Override
                public Optional<DeploymentRecord> record(String key) {
                    return Optional.ofNullable(record);
                }

                @Override
                public boolean projectActive(String project) {
                    return projectActive;
                }

                @Override
                public Map<String, String> secrets(String project, List<String> wanted) {
                    return Map.of();
                }
            },
            restarts, new ProjectNetworks(() -> engine, names),
            new DeploymentWorker.Reports() {
                @Override
                public void pod(String project, String pod, String action, String message) {
                    podEvents.add(pod + " " + action);
                }

                @Override
                public void podsChanged(String project) {
                    changes.incrementAndGet();
                }

                @Override
                public void awaitUpstreamsApplied() {
                }

                @Override
                public boolean finished(DeploymentWorker worker) {
                    return true;
                }
            });

    static DeploymentRecord record(int replicas, String state) {
        DeploymentSpec spec = DeploymentSpecParser.parse("project: shop\ndeployment:\n  name: web\nimage: example/web:1\nreplicas: "
                + replicas + "\nrestart: onfailure\n", "application/yaml");
        com.fasterxml.jackson.databind.JsonNode canonical;
        try {
            canonical = dev.helyos.kernel.config.Json.mapper().readTree(spec.toJson());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new DeploymentRecord("shop", "web", canonical, replicas, state, DeploymentRecord.template(canonical),
                "2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z", null);
    }

    /** Containers in a map: create runs them at once, stop makes them exited. */
    static final class MemoryEngine implements ContainerRuntime {
        final Map<String, PodState> pods = new TreeMap<>();
        final List<String> networks = new ArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        int next;

        @Override
        public EngineInfo describe() {
            return new EngineInfo("memory", "1", "1");
        }

        @Override
        public synchronized void ensureNetwork(String name, Map<String, String> labels) {
            networks.add(name);
        }

        @Override
        public boolean removeNetwork(String name) {
            return networks.remove(name);
        }

        @Override
        public synchronized PodState create(PodSpec spec) {
            String id = "c" + next++;
            PodState pod = new PodState(id, spec.name(), spec.image(), spec.labels(), PodState.Status.RUNNING,
                    java.time.Instant.EPOCH, 0, false, java.time.Instant.EPOCH, null, Map.of());
            pods.put(id, pod);
            calls.add("create " + spec.name());
            return pod;
        }

        @Override
        public boolean hasImage(String image) {
            return true;
        }

        @Override
        public synchronized PodState start(String id) {
            calls.add("start " + pods.get(id).name());
            return pods.compute(id, (k, p) -> with(p, PodState.Status.RUNNING, 0));
        }

        @Override
        public synchronized void rename(String id, String newName) {
            PodState p = pods.get(id);
            pods.put(id, new PodState(id, newName, p.image(), p.labels(), p.status(), p.createdAt(), p.exitCode(), p.oomKilled(),
                    p.startedAt(), p.finishedAt(), p.ports()));
        }

        @Override
        public synchronized Optional<PodState> inspect(String id) {
            return Optional.ofNullable(pods.get(id));
        }

        @Override
        public synchronized List<PodState> list(Map<String, String> labels) {
            return pods.values().stream().filter(p -> p.labels().entrySet().containsAll(labels.entrySet())).toList();
        }

        @Override
        public synchronized void stop(String id, Duration timeout) {
            calls.add("stop " + pods.get(id).name());
            pods.compute(id, (k, p) -> with(p, PodState.Status.EXITED, 0));
        }

        @Override
        public synchronized boolean remove(String id) {
            PodState gone = pods.remove(id);
            calls.add("remove " + gone.name());
            return true;
        }

        synchronized void exit(String name, int code) {
            pods.replaceAll((id, p) -> p.name().equals(name) ? with(p, PodState.Status.EXITED, code) : p);
        }

        synchronized List<String> names() {
            return pods.values().stream().map(p -> p.name() + " " + p.status()).toList();
        }

        static PodState with(PodState p, PodState.Status status, int exitCode) {
            return new PodState(p.id(), p.name(), p.image(), p.labels(), status, p.createdAt(), exitCode, false,
                    p.startedAt(), status == PodState.Status.RUNNING ? null : java.time.Instant.EPOCH, p.ports());
        }

        @Override
        public List<LogLine> logs(String pod, int tail) {
            return List.of();
        }

        @Override
        public LogFollow followLogs(String pod, int tail, Consumer<LogLine> onLine) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aPassCreatesTheMissingReplicasInTheProjectsNetworkAndRemovesSurplusOnes() {
        worker.pass();
        assertEquals(List.of("helyos-shop-web-0 RUNNING", "helyos-shop-web-1 RUNNING"), engine.names());
        assertEquals(List.of(PodNames.network("shop")), engine.networks, "the network is made once, before the first pod");
        assertTrue(changes.get() > 0, "the proxy hears of the new pods");
        assertTrue(podEvents.contains("helyos-shop-web-0 started"), podEvents.toString());

        worker.pass();
        assertEquals(2, engine.calls.stream().filter(c -> c.startsWith("create")).count(), "a second pass changes nothing");

        record = record.with(1, DeploymentRecord.RUNNING, "2026-11-28T12:01:00Z");
        worker.pass();
        assertEquals(List.of("helyos-shop-web-0 RUNNING"), engine.names(), "scaled to 1: the replica with the highest index goes");
    }

    @Test
    void aSuspendedProjectHasItsPodsStoppedNotRemovedAndResumedStartsThem() {
        worker.pass();
        projectActive = false;
        worker.pass();
        assertEquals(List.of("helyos-shop-web-0 EXITED", "helyos-shop-web-1 EXITED"), engine.names());
        assertFalse(engine.calls.stream().anyMatch(c -> c.startsWith("remove")), engine.calls.toString());

        projectActive = true;
        worker.pass();
        assertEquals(List.of("helyos-shop-web-0 RUNNING", "helyos-shop-web-1 RUNNING"), engine.names(), "stopped on purpose: started again, no new pods");
        assertEquals(2, engine.calls.stream().filter(c -> c.startsWith("create")).count());
    }

    @Test
    void anExitedPodIsRestartedByItsPolicyAndItsCountIsKeptInTheStore() {
        worker.pass();
        String id = engine.list(names.deployment("shop", "web")).getFirst().id();
        engine.exit("helyos-shop-web-0", 1);
        worker.pass(); // sees the failure and plans the restart
        clock.now = clock.now.plus(Duration.ofMinutes(5)); // past any back-off
        worker.pass();
        assertTrue(engine.calls.contains("start helyos-shop-web-0"), engine.calls.toString());
        assertEquals("helyos-shop-web-0 RUNNING", engine.names().getFirst());
        assertEquals(1, restarts.get("shop", "web", id), "the restart count survives a daemon restart");
    }

    @Test
    void aRemovedDeploymentHasEveryPodRemovedAndThePassSaysItIsDone() {
        worker.pass();
        record = null;
        assertTrue(worker.pass(), "the worker may end");
        assertEquals(List.of(), engine.names());
    }
}
