package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HostConfig;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import dev.helyos.plugin.api.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods on the real engine: the lifecycle the deploy service relies on. */
class DockerPodsTest {
    private static TestEngine engine;
    private static ContainerRuntime runtime;

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
        runtime = engine.runtime;
    }

    @AfterAll
    static void cleanUp() {
        if (engine != null) {
            engine.close();
        }
    }

    private static PodSpec pod(String name, String network, Map<String, String> labels) {
        return new PodSpec(name, TestEngine.IMAGE, Map.of("GREETING", "hi"), List.of(8080), labels, network, 0, 0, List.of());
    }

    @Test
    void threePodsOfADeploymentServeOnLoopbackAndAreFoundByLabel() throws Exception {
        String project = engine.run + "-shop";
        String network = "helyos-" + project;
        runtime.ensureNetwork(network, engine.labels("helyos.project", project));
        Map<String, String> labels = engine.labels("helyos.project", project, "helyos.deployment", "web");

        List<PodState> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(runtime.create(pod("helyos-" + project + "-web-" + i, network, labels)));
        }
        for (PodState pod : created) {
            assertTrue(pod.running(), pod.toString());
            int port = pod.ports().get(8080);
            assertEquals(TestEngine.PAGE + "\n", engine.fetch(port, Duration.ofSeconds(5)));
        }
        assertEquals(3, created.stream().map(p -> p.ports().get(8080)).distinct().count());

        PodState web0 = runtime.inspect("helyos-" + project + "-web-0").orElseThrow();
        assertEquals(created.get(0).id(), web0.id());
        assertEquals(TestEngine.IMAGE, web0.image());
        assertEquals(labels, Map.copyOf(web0.labels()));
        assertEquals(PodState.Status.RUNNING, web0.status());
        assertNotNull(web0.startedAt());
        assertEquals(null, web0.finishedAt());
        assertEquals("hi", env(web0.id()).get("GREETING"));
        assertEquals(Set.of(network), engine.docker.inspectContainerCmd(web0.id()).exec()
                .getNetworkSettings().getNetworks().keySet());

        assertEquals(names(created), names(runtime.list(labels)));
        assertEquals(Set.of(), names(runtime.list(engine.labels("helyos.project", project, "helyos.deployment", "api"))));

        long before = System.nanoTime();
        runtime.stop(web0.id(), Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stop took " + took + ": the init process should pass SIGTERM on");
        runtime.stop(web0.name(), Duration.ofSeconds(10)); // a stopped pod: success, nothing to do

        PodState stopped = runtime.inspect(web0.name()).orElseThrow();
        assertEquals(PodState.Status.EXITED, stopped.status());
        assertNotNull(stopped.finishedAt());
        assertFalse(stopped.finishedAt().isBefore(stopped.startedAt()));
        assertEquals(Map.of(), stopped.ports());
        // Adoption after a restart sees stopped pods too.
        assertEquals(names(created), names(runtime.list(labels)));

        assertTrue(runtime.remove(web0.name()));
        assertFalse(runtime.remove(web0.name()));
        assertTrue(runtime.inspect(web0.name()).isEmpty());
        assertTrue(runtime.remove(created.get(1).name()), "a running pod is removed too");
        assertEquals(Set.of(created.get(2).name()), names(runtime.list(labels)));
    }

    @Test
    void aStoppedPodStartsAgainAndARenamedPodKeepsItsLabels() throws Exception {
        String name = "helyos-" + engine.run + "-again-0";
        Map<String, String> labels = engine.labels("helyos.project", engine.run + "-again");
        PodState first = runtime.create(pod(name, null, labels));
        assertNotNull(first.createdAt());
        runtime.stop(first.id(), Duration.ZERO);
        PodState exited = runtime.list(labels).getFirst();
        assertEquals(PodState.Status.EXITED, exited.status());
        assertNotEquals(0, exited.exitCode(), "stopped by a signal");
        assertNotNull(exited.finishedAt(), "a pod that is not running is listed with its times");

        PodState started = runtime.start(name);
        assertEquals(first.id(), started.id());
        assertTrue(started.running());
        assertEquals(TestEngine.PAGE + "\n", engine.fetch(started.ports().get(8080), Duration.ofSeconds(5)));
        PodState listed = runtime.list(labels).getFirst();
        assertTrue(listed.running());
        assertEquals(started.ports(), listed.ports(), "the list answer carries the published ports");
        runtime.start(name); // already running: success

        runtime.rename(name, name + "_retired-x");
        assertTrue(runtime.inspect(name).isEmpty());
        assertEquals(labels, Map.copyOf(runtime.inspect(name + "_retired-x").orElseThrow().labels()));
        runtime.create(pod(name, null, labels));
        ContainerRuntimeException taken = assertThrows(ContainerRuntimeException.class, () -> runtime.rename(name, name + "_retired-x"));
        assertEquals(ContainerRuntimeException.Reason.CONFLICT, taken.reason());
        ContainerRuntimeException missing = assertThrows(ContainerRuntimeException.class, () -> runtime.start(name + "-nobody"));
        assertEquals(ContainerRuntimeException.Reason.NOT_FOUND, missing.reason());
    }

    @Test
    void hasImageSaysWhetherTheEngineHasIt() {
        assertTrue(runtime.hasImage(TestEngine.IMAGE));
        assertFalse(runtime.hasImage("helyos-test/absent:9"));
    }

    @Test
    void ensureNetworkIsIdempotentAndRemoveNetworkSaysWhetherItExisted() {
        String network = "helyos-" + engine.run + "-net";
        runtime.ensureNetwork(network, engine.labels());
        runtime.ensureNetwork(network, engine.labels());
        long named = engine.docker.listNetworksCmd().exec().stream().filter(n -> n.getName().equals(network)).count();
        assertEquals(1, named);
        assertTrue(runtime.removeNetwork(network));
        assertFalse(runtime.removeNetwork(network));
    }

    @Test
    void aMissingImageIsAClearErrorAndLeavesNothingBehind() {
        String name = "helyos-" + engine.run + "-missing-0";
        PodSpec spec = new PodSpec(name, "helyos-test/absent:9", Map.of(), List.of(8080), engine.labels(), null, 0, 0, List.of());
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class, () -> runtime.create(spec));
        assertEquals(ContainerRuntimeException.Reason.IMAGE_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("'helyos-test/absent:9'") && e.getMessage().contains("not pulled"), e.getMessage());
        assertTrue(runtime.inspect(name).isEmpty());
    }

    @Test
    void aSecondPodOfTheSameNameIsAConflict() {
        String name = "helyos-" + engine.run + "-twice-0";
        runtime.create(pod(name, null, engine.labels()));
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.create(pod(name, null, engine.labels())));
        assertEquals(ContainerRuntimeException.Reason.CONFLICT, e.reason());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void stoppingOrInspectingAPodThatDoesNotExist() {
        assertTrue(runtime.inspect("helyos-" + engine.run + "-nobody").isEmpty());
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.stop("helyos-" + engine.run + "-nobody", Duration.ofSeconds(1)));
        assertEquals(ContainerRuntimeException.Reason.NOT_FOUND, e.reason());
    }

    @Test
    void memoryAndCpuLimitsAreApplied() {
        PodSpec spec = new PodSpec("helyos-" + engine.run + "-limits-0", TestEngine.IMAGE, Map.of(), List.of(),
                engine.labels(), null, 64L * 1024 * 1024, 0.5, List.of());
        PodState pod = runtime.create(spec);
        HostConfig host = engine.docker.inspectContainerCmd(pod.id()).exec().getHostConfig();
        assertEquals(64L * 1024 * 1024, host.getMemory());
        assertEquals(500_000_000L, host.getNanoCPUs());
        assertEquals(Boolean.TRUE, host.getInit());
        assertEquals(Map.of(), pod.ports());
    }

    @Test
    void bindMountsAreServedAndReadOnlyOnesRefuseWrites(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "from the host\n");
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        PodSpec spec = new PodSpec("helyos-" + engine.run + "-binds-0", TestEngine.IMAGE, Map.of(), List.of(8080),
                engine.labels(), null, 0, 0,
                List.of(VolumeMount.bind(site, "/www", true), VolumeMount.bind(scratch, "/scratch", false)));
        PodState pod = runtime.create(spec);

        assertEquals("from the host\n", engine.fetch(pod.ports().get(8080), Duration.ofSeconds(5)));
        assertNotEquals(0, engine.exec(pod.id(), "touch", "/www/written"));
        assertFalse(Files.exists(site.resolve("written")));
        assertEquals(0, engine.exec(pod.id(), "touch", "/scratch/written"));
        assertTrue(Files.exists(scratch.resolve("written")));
    }

    @Test
    void aNamedVolumeOutlivesThePod() throws Exception {
        String volume = "helyos-" + engine.run + "-data";
        try {
            PodSpec first = new PodSpec("helyos-" + engine.run + "-vol-0", TestEngine.IMAGE, Map.of(), List.of(),
                    engine.labels(), null, 0, 0, List.of(VolumeMount.volume(volume, "/data", false)));
            PodState pod = runtime.create(first);
            assertEquals(0, engine.exec(pod.id(), "touch", "/data/kept"));
            runtime.remove(pod.id());

            PodSpec second = new PodSpec("helyos-" + engine.run + "-vol-1", TestEngine.IMAGE, Map.of(), List.of(),
                    engine.labels(), null, 0, 0, List.of(VolumeMount.volume(volume, "/data", true)));
            PodState again = runtime.create(second);
            assertEquals(0, engine.exec(again.id(), "ls", "/data/kept"));
            assertNotEquals(0, engine.exec(again.id(), "touch", "/data/other"));
        } finally {
            runtime.remove("helyos-" + engine.run + "-vol-0");
            runtime.remove("helyos-" + engine.run + "-vol-1");
            engine.docker.removeVolumeCmd(volume).exec();
        }
    }

    private static Set<String> names(List<PodState> pods) {
        return pods.stream().map(PodState::name).collect(Collectors.toSet());
    }

    private static Map<String, String> env(String id) {
        return java.util.Arrays.stream(engine.docker.inspectContainerCmd(id).exec().getConfig().getEnv())
                .map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
