package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A deployment as the API shows it: its record, how many replicas of its current spec ({@code
 * spec_hash}) are ready, and a summary status: {@code ready} (every replica ready and up to date,
 * nothing being replaced), {@code progressing}, {@code degraded}
 * (a pod failed or crash-loops; {@code message} says which and why) or {@code stopped}; and the
 * node that runs its pods (null for one stored before nodes, which every node runs).
 */
public record DeploymentView(String project, String name, String image, JsonNode spec, String specHash, int replicas,
                             int readyReplicas, String state, String status, String message, String createdAt,
                             String updatedAt, String node) {

    static DeploymentView of(DeploymentRecord record, boolean projectActive, List<PodView> pods) {
        int ready = 0;
        boolean settled = true;
        String problem = null;
        for (PodView pod : pods) {
            boolean current = pod.id().equals(PodNames.pod(record.project(), record.name(), pod.replicaIndex()))
                    && record.template().equals(pod.specHash());
            if (current && pod.ready()) {
                ready++;
            }
            if (!current || !pod.ready()) {
                settled = false;
            }
            if (problem == null && isProblem(pod)) {
                problem = pod.id() + ": " + pod.status() + (pod.message() == null ? "" : " (" + pod.message() + ")");
            }
        }
        String status;
        if (!record.running() || !projectActive) {
            status = "stopped";
            problem = record.running() ? "project " + record.project() + " is suspended" : null;
        } else if (problem != null) {
            status = "degraded";
        } else {
            status = settled && ready == record.replicas() ? "ready" : "progressing";
        }
        return new DeploymentView(record.project(), record.name(), record.spec().path("image").asText(), record.spec(),
                record.template(), record.replicas(), ready, record.state(), status, problem, record.createdAt(), record.updatedAt(),
                record.node());
    }

    private static boolean isProblem(PodView pod) {
        return switch (pod.status()) {
            case "failed", "crashloopbackoff", "restarting" -> true;
            case "pending" -> pod.message() != null;
            default -> "unhealthy".equals(pod.health());
        };
    }
}
