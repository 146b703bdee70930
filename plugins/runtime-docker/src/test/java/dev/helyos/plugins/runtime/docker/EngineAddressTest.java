package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.ContainerRuntimeException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineAddressTest {

    @Test
    void defaultSocketWhenDockerHostIsUnset() {
        EngineAddress address = EngineAddress.resolve(null, Map.of());
        assertEquals(URI.create("unix:///var/run/docker.sock"), address.uri());
        assertEquals("no Docker engine answered at unix:///var/run/docker.sock (DOCKER_HOST unset); "
                + "start dockerd or set DOCKER_HOST", address.unavailableMessage());
    }

    @Test
    void dockerHostWinsOverTheDefault() {
        EngineAddress address = EngineAddress.resolve(null, Map.of("DOCKER_HOST", "unix:///run/x/docker.sock"));
        assertEquals(URI.create("unix:///run/x/docker.sock"), address.uri());
        assertTrue(address.unavailableMessage().contains("(from DOCKER_HOST)"), address.unavailableMessage());
    }

    @Test
    void aConfiguredAddressWinsOverDockerHost() {
        EngineAddress address = EngineAddress.resolve(URI.create("tcp://127.0.0.1:2375"),
                Map.of("DOCKER_HOST", "unix:///run/x/docker.sock"));
        assertEquals(URI.create("tcp://127.0.0.1:2375"), address.uri());
    }

    @Test
    void anAddressOfAnotherSchemeIsRefusedByName() {
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> EngineAddress.resolve(null, Map.of("DOCKER_HOST", "ssh://me@host")));
        assertTrue(e.getMessage().contains("'ssh://me@host'") && e.getMessage().contains("DOCKER_HOST"), e.getMessage());
    }
}
