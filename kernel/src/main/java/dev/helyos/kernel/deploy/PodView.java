package dev.helyos.kernel.deploy;

import dev.helyos.plugin.api.PodState;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as the API shows it (reference §6), with {@code ports}: the 127.0.0.1 host port of each
 * published container port.
 */
public record PodView(String id, String deploymentId, String project, String deploymentName, int replicaIndex,
                      String containerId, String status, String image, int restartCount, String createdAt,
                      Map<String, Integer> ports) {

    public static PodView of(PodState state) {
        String project = state.labels().getOrDefault(PodNames.PROJECT, "");
        String deployment = state.labels().getOrDefault(PodNames.DEPLOYMENT, "");
        int index = parseIndex(state.labels().get(PodNames.INDEX));
        Map<String, Integer> ports = new TreeMap<>();
        state.ports().forEach((container, host) -> ports.put(container.toString(), host));
        Instant started = state.startedAt();
        return new PodView(state.name(), project + "/" + deployment, project, deployment, index, state.id(),
                status(state), state.image(), 0, started == null ? null : started.toString(), ports);
    }

    /** The API's pod status for what the engine reports. */
    public static String status(PodState state) {
        return switch (state.status()) {
            case CREATED -> "creating";
            case RUNNING -> "running";
            case PAUSED, EXITED -> state.exitCode() == 0 && !state.oomKilled() ? "stopped" : "failed";
            case RESTARTING -> "restarting";
            case REMOVING -> "stopping";
            case DEAD -> "failed";
        };
    }

    private static int parseIndex(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
