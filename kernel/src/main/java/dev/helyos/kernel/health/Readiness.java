package dev.helyos.kernel.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Whether the daemon can do its work, component by component: the store, the runtime (when one is
 * configured), the proxy's first apply, the certificate manager. {@code GET /health/ready} is 200
 * only when every component is ready; {@code GET /health} stays liveness.
 */
public final class Readiness {

    /** A component's check: empty when it is ready, else what it waits for. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem();
    }

    private record Component(String name, Check check) {
    }

    private final List<Component> components = new CopyOnWriteArrayList<>();

    public void add(String name, Check check) {
        components.add(new Component(name, check));
    }

    /** The components that are not ready, each with what it waits for, in the order they were added. */
    public Map<String, String> notReady() {
        Map<String, String> waiting = new LinkedHashMap<>();
        for (Component component : components) {
            Optional<String> problem;
            try {
                problem = component.check().problem();
            } catch (RuntimeException e) {
                problem = Optional.of(String.valueOf(e.getMessage()));
            }
            problem.ifPresent(p -> waiting.put(component.name(), p));
        }
        return waiting;
    }

    public List<String> components() {
        return components.stream().map(Component::name).toList();
    }
}
