package dev.helyos.kernel.deploy;

import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;

/**
 * How often helyosd restarted each container ({@code pods/<project>/<deployment>/<container id>}),
 * kept in the store so that a restarted helyosd goes on with the same back-off.
 */
final class RestartCounts {
    private static final String PREFIX = "pods/";
    private final StateStore store;

    RestartCounts(StateStore store) {
        this.store = store;
    }

    int get(String project, String deployment, String containerId) {
        return store.get(key(project, deployment, containerId))
                .map(bytes -> Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII)))
                .orElse(0);
    }

    void save(String project, String deployment, String containerId, int count) {
        store.put(key(project, deployment, containerId), Integer.toString(count).getBytes(StandardCharsets.US_ASCII));
    }

    void forget(String project, String deployment, String containerId) {
        store.delete(key(project, deployment, containerId));
    }

    private static String key(String project, String deployment, String containerId) {
        return PREFIX + project + "/" + deployment + "/" + containerId;
    }
}
