package dev.helyos.plugin.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod to create: one container of {@code image} running the image's own command.
 *
 * @param name unique pod name ({@code helyos-<project>-<deployment>-<index>})
 * @param image image reference, present in the engine
 * @param env environment variables
 * @param ports container TCP ports; each is published on an ephemeral port of the runtime's publish
 *     address (see {@link PodState#ports()})
 * @param labels labels to find the pod by ({@code managed-by=helyos}, {@code helyos.project}, …)
 * @param network the network to join, or {@code null} for the engine's default
 * @param memoryBytes memory limit in bytes, 0 for none
 * @param cpus CPU limit in CPUs ({@code 0.5} is half of one), 0 for none
 * @param volumes volumes and host paths to mount
 */
public record PodSpec(
        String name,
        String image,
        Map<String, String> env,
        List<Integer> ports,
        Map<String, String> labels,
        String network,
        long memoryBytes,
        double cpus,
        List<VolumeMount> volumes) {

    public PodSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        env = env == null ? Map.of() : Map.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
            }
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must not be negative, got " + memoryBytes);
        }
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must not be negative, got " + cpus);
        }
    }
}
