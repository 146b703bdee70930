package dev.helyos.kernel.deploy;

import dev.helyos.plugin.api.PodState;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as the API shows it (README "Deployments"), with {@code ports} (the 127.0.0.1 host port of each
 * published container port), {@code ready}, {@code health}, {@code message} (why it is not
 * running or not ready) and {@code spec_hash} (which version of the spec it runs: the deployment's
 * {@code spec_hash} once it is up to date). A replica that has no container yet is shown {@code pending}.
 */
public record PodView(String id, String deploymentId, String project, String deploymentName, int replicaIndex,
                      String containerId, String status, String image, int restartCount, String createdAt,
                      Map<String, Integer> ports, boolean ready, String health, String message, String specHash) {

    /** @param tracking what the supervisor knows of it, or null */
    static PodView of(PodState state, PodTracking tracking) {
        String project = state.labels().getOrDefault(PodNames.PROJECT, "");
        String deployment = state.labels().getOrDefault(PodNames.DEPLOYMENT, "");
        Map<String, Integer> ports = new TreeMap<>();
        state.ports().forEach((container, host) -> ports.put(container.toString(), host));
        Instant created = state.createdAt();
        boolean ready = state.running() && tracking != null && tracking.ready();
        String health = tracking == null ? PodHealth.NONE.id() : tracking.health().id();
        String message = tracking == null ? null : tracking.message();
        if (message == null && !state.running() && state.status() != PodState.Status.CREATED) {
            message = state.oomKilled() ? "killed for using more memory than its limit" : "exited with code " + state.exitCode();
        }
        return new PodView(state.name(), project + "/" + deployment, project, deployment, index(state), state.id(),
                status(state, tracking), state.image(), tracking == null ? 0 : tracking.restartCount(),
                created == null ? null : created.toString(), ports, ready, health, message,
                state.labels().get(PodNames.TEMPLATE));
    }

    static PodView pending(String project, String deployment, int index, String image, String message) {
        return new PodView(PodNames.pod(project, deployment, index), project + "/" + deployment, project, deployment,
                index, null, "pending", image, 0, null, Map.of(), false, PodHealth.NONE.id(), message, null);
    }

    /** The API's pod status for what the engine reports and the supervisor knows. */
    static String status(PodState state, PodTracking tracking) {
        return switch (state.status()) {
            case CREATED -> "creating";
            case RUNNING -> tracking != null && (tracking.stoppedOnPurpose() || tracking.stoppedUnhealthy())
                    ? "stopping" : "running";
            case RESTARTING -> "restarting";
            case REMOVING -> "stopping";
            case PAUSED, EXITED, DEAD -> {
                if (tracking != null && tracking.waitingToRestart()) {
                    yield RestartBackoff.crashLooping(tracking.failuresInARow()) ? "crashloopbackoff" : "restarting";
                }
                if (tracking != null && tracking.stoppedOnPurpose()) {
                    yield "stopped";
                }
                yield state.exitCode() == 0 && !state.oomKilled() && state.status() != PodState.Status.DEAD
                        ? "stopped" : "failed";
            }
        };
    }

    /** The replica index a pod is labelled with, or -1. */
    static int index(PodState state) {
        String value = state.labels().get(PodNames.INDEX);
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
