package dev.helyos.plugin.api;

import java.time.Instant;
import java.util.Map;

/**
 * A pod as the engine reports it.
 *
 * @param id the engine's id
 * @param name the pod name
 * @param image the image reference it was created from
 * @param labels its labels
 * @param status what it is doing
 * @param createdAt when the pod was created
 * @param exitCode the last exit code (meaningful once it has exited)
 * @param oomKilled whether the last run was killed for exceeding its memory limit
 * @param startedAt when it last started, or {@code null} if never or not known (see {@link
 *     ContainerRuntime#list})
 * @param finishedAt when it last exited, or {@code null} if it has not or not known
 * @param ports host port on the runtime's publish address ({@link RuntimeContext#publishAddress()}) per
 *     published container port (empty unless running)
 */
public record PodState(
        String id,
        String name,
        String image,
        Map<String, String> labels,
        Status status,
        Instant createdAt,
        int exitCode,
        boolean oomKilled,
        Instant startedAt,
        Instant finishedAt,
        Map<Integer, Integer> ports) {

    public enum Status { CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD }

    public PodState {
        labels = Map.copyOf(labels);
        ports = Map.copyOf(ports);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }
}
