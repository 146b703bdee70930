package dev.helyos.kernel.deploy;

import dev.helyos.plugin.api.ContainerRuntime;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engine network of each project ({@link PodNames#network}), created once per daemon before the
 * project's first pod. One at a time: the engine can make two networks of one name when two creates race.
 */
final class ProjectNetworks {
    private final Supplier<ContainerRuntime> engine;
    private final PodNames names;
    private final Set<String> made = new HashSet<>();

    ProjectNetworks(Supplier<ContainerRuntime> engine, PodNames names) {
        this.engine = engine;
        this.names = names;
    }

    void ensure(String project) {
        synchronized (made) {
            if (made.add(project)) {
                try {
                    engine.get().ensureNetwork(PodNames.network(project), names.project(project));
                } catch (RuntimeException e) {
                    made.remove(project);
                    throw e;
                }
            }
        }
    }

    /** The project is gone: its network is made again should it come back. */
    void forget(String project) {
        synchronized (made) {
            made.remove(project);
        }
    }
}
