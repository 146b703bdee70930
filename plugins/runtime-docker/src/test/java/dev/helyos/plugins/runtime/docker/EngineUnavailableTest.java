package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.RuntimeContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineUnavailableTest {

    @Test
    void aDockerHostWithNoEngineIsNamedInTheError(@TempDir Path dir) {
        String socket = "unix://" + dir.resolve("docker.sock");
        EngineAddress address = EngineAddress.resolve(null, Map.of("DOCKER_HOST", socket));
        try (ContainerRuntime runtime = DockerRuntime.open(address, RuntimeContext.LOOPBACK)) {
            long before = System.nanoTime();
            ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class, runtime::describe);
            assertEquals(ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE, e.reason());
            assertEquals("no Docker engine answered at " + socket + " (from DOCKER_HOST); start dockerd there or fix DOCKER_HOST",
                    e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 5, "fails fast");

            ContainerRuntimeException onCreate = assertThrows(ContainerRuntimeException.class, () -> runtime.create(
                    new PodSpec("helyos-p-d-0", "busybox", Map.of(), List.of(), Map.of(), null, 0, 0, List.of())));
            assertEquals(ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE, onCreate.reason());
        }
    }

    @Test
    void aConfiguredAddressWithNoEngineIsNamedInTheError(@TempDir Path dir) {
        URI socket = URI.create("unix://" + dir.resolve("nothing.sock"));
        try (ContainerRuntime runtime = new DockerRuntimeProvider().open(new RuntimeContext(socket, Map.of()))) {
            ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class, runtime::describe);
            assertTrue(e.getMessage().startsWith("no Docker engine answered at " + socket + " (configured)"), e.getMessage());
        }
    }
}
