package dev.helyos.plugin.api;

import java.net.URI;
import java.util.Map;

/**
 * What a container runtime is opened with.
 *
 * @param engine the engine's address in {@code DOCKER_HOST} form ({@code unix:///run/docker.sock},
 *     {@code tcp://127.0.0.1:2375}), or {@code null} to let the provider find it
 * @param options runtime-specific settings from {@code --runtime-opt KEY=VALUE} (may be empty)
 */
public record RuntimeContext(URI engine, Map<String, String> options) {
    public RuntimeContext {
        options = Map.copyOf(options);
    }

    /** The provider finds the engine itself, with no options. */
    public static RuntimeContext detect() {
        return new RuntimeContext(null, Map.of());
    }
}
