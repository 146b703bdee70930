package dev.helyos.plugin.api;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What a container runtime is opened with.
 *
 * @param engine the engine's address in {@code DOCKER_HOST} form ({@code unix:///run/docker.sock},
 *     {@code tcp://127.0.0.1:2375}), or {@code null} to let the provider find it
 * @param options runtime-specific settings (may be empty)
 * @param publishAddress the IP address of this machine that pods' ports are published on
 *     ({@link PodState#ports()} are ports there): {@value #LOOPBACK} on one node, the node's address
 *     when other nodes' proxies send to its pods
 */
public record RuntimeContext(URI engine, Map<String, String> options, String publishAddress) {
    public static final String LOOPBACK = "127.0.0.1";

    public RuntimeContext {
        options = Map.copyOf(options);
        Objects.requireNonNull(publishAddress, "publishAddress");
    }

    /** Pods published on {@value #LOOPBACK}. */
    public RuntimeContext(URI engine, Map<String, String> options) {
        this(engine, options, LOOPBACK);
    }

    /** The provider finds the engine itself, with no options; pods published on {@value #LOOPBACK}. */
    public static RuntimeContext detect() {
        return new RuntimeContext(null, Map.of());
    }
}
