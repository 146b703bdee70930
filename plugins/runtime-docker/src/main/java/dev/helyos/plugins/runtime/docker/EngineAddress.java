package dev.helyos.plugins.runtime.docker;

import dev.helyos.plugin.api.ContainerRuntimeException;
import java.net.URI;
import java.util.Map;

/**
 * Where the engine is expected, and how that was decided, so that "nothing answered" can say where
 * it looked.
 *
 * @param uri the engine's address
 * @param origin how it was chosen, for messages ({@code DOCKER_HOST unset})
 * @param hint what the operator can do when nothing answers there
 */
record EngineAddress(URI uri, String origin, String hint) {

    static final URI DEFAULT = URI.create("unix:///var/run/docker.sock");

    static EngineAddress resolve(URI configured, Map<String, String> env) {
        if (configured != null) {
            return checked(configured, "configured", "start dockerd there or fix the runtime's engine address");
        }
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return checked(URI.create(dockerHost.strip()), "from DOCKER_HOST",
                    "start dockerd there or fix DOCKER_HOST");
        }
        return new EngineAddress(DEFAULT, "DOCKER_HOST unset", "start dockerd or set DOCKER_HOST");
    }

    private static EngineAddress checked(URI uri, String origin, String hint) {
        String scheme = uri.getScheme();
        if (!"unix".equals(scheme) && !"tcp".equals(scheme)) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Reason.ENGINE_UNAVAILABLE,
                    "unsupported Docker engine address '" + uri + "' (" + origin + "): use unix:///PATH or tcp://HOST:PORT");
        }
        return new EngineAddress(uri, origin, hint);
    }

    String unavailableMessage() {
        return "no Docker engine answered at " + uri + " (" + origin + "); " + hint;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
