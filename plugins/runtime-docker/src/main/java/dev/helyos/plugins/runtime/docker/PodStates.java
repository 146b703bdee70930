package dev.helyos.plugins.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.helyos.plugin.api.PodState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads a {@link PodState} out of the engine's inspect answer. */
final class PodStates {
    private PodStates() {
    }

    static PodState from(InspectContainerResponse inspect) {
        InspectContainerResponse.ContainerState state = inspect.getState();
        Map<String, String> labels = inspect.getConfig().getLabels();
        return new PodState(
                inspect.getId(),
                inspect.getName().startsWith("/") ? inspect.getName().substring(1) : inspect.getName(),
                inspect.getConfig().getImage(),
                labels == null ? Map.of() : labels,
                status(state.getStatus()),
                instant(inspect.getCreated()),
                state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                Boolean.TRUE.equals(state.getOOMKilled()),
                instant(state.getStartedAt()),
                instant(state.getFinishedAt()),
                hostPorts(inspect));
    }

    /**
     * From the engine's list answer, for a running pod: everything but its start time, which only
     * inspect gives.
     */
    static PodState fromListEntry(Container container) {
        Map<Integer, Integer> ports = new HashMap<>();
        if (container.getPorts() != null) {
            for (ContainerPort port : container.getPorts()) {
                if ("tcp".equals(port.getType()) && port.getPrivatePort() != null && port.getPublicPort() != null) {
                    ports.putIfAbsent(port.getPrivatePort(), port.getPublicPort());
                }
            }
        }
        String name = container.getNames() == null || container.getNames().length == 0 ? container.getId() : container.getNames()[0];
        return new PodState(
                container.getId(),
                name.startsWith("/") ? name.substring(1) : name,
                container.getImage(),
                container.getLabels() == null ? Map.of() : container.getLabels(),
                status(container.getState()),
                container.getCreated() == null ? null : Instant.ofEpochSecond(container.getCreated()),
                0,
                false,
                null,
                null,
                ports);
    }

    static PodState.Status status(String status) {
        return PodState.Status.valueOf(status.toUpperCase(Locale.ROOT));
    }

    /** The engine writes the zero time ("0001-01-01T00:00:00Z") for "never". */
    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty() || timestamp.startsWith("0001-")) {
            return null;
        }
        return Instant.parse(timestamp);
    }

    private static Map<Integer, Integer> hostPorts(InspectContainerResponse inspect) {
        Map<Integer, Integer> ports = new HashMap<>();
        if (inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getPorts() == null) {
            return ports;
        }
        Map<ExposedPort, Ports.Binding[]> bindings = inspect.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((exposed, bound) -> {
            if (exposed.getProtocol() == InternetProtocol.TCP && bound != null) {
                for (Ports.Binding binding : bound) {
                    if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isEmpty()) {
                        ports.put(exposed.getPort(), Integer.parseInt(binding.getHostPortSpec()));
                        break;
                    }
                }
            }
        });
        return ports;
    }
}
