package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helyos.kernel.config.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stored deployment: its spec in canonical JSON form, the replicas wanted (the spec's, until
 * scaled), whether it should run, and when it was created and last changed.
 *
 * @param template the hash of the spec without its replica count; pods carry it as a label
 * @param state {@link #RUNNING} or {@link #STOPPED}
 * @param node the helyosd node that runs its pods: the spec's {@code node}, else the one that took the
 *     first deploy; null for deployments stored before nodes, which any node runs
 */
public record DeploymentRecord(String project, String name, JsonNode spec, int replicas, String state, String template,
                               String createdAt, String updatedAt, String node) {
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    public String key() {
        return project + "/" + name;
    }

    /** Whether {@code nodeName} runs this deployment's pods. */
    public boolean runsOn(String nodeName) {
        return node == null || node.equals(nodeName);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    public DeploymentSpec parsedSpec() {
        return DeploymentSpecParser.parse(spec.toString(), "application/json");
    }

    public DeploymentRecord with(int newReplicas, String newState, String now) {
        return new DeploymentRecord(project, name, spec, newReplicas, newState, template, createdAt, now, node);
    }

    /** The hash that tells whether a pod was made from this spec, whatever the replica count and node. */
    public static String template(JsonNode canonicalSpec) {
        ObjectNode withoutReplicas = canonicalSpec.deepCopy();
        withoutReplicas.remove("replicas");
        withoutReplicas.remove("node");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.mapper().writeValueAsString(withoutReplicas).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The container ports of a stored deployment record ({@code spec.ports}); none when it does not parse. */
    public static java.util.List<Integer> specPorts(byte[] record) {
        try {
            java.util.List<Integer> ports = new java.util.ArrayList<>();
            Json.mapper().readTree(record).path("spec").path("ports").forEach(p -> ports.add(p.asInt()));
            return ports;
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }
}
