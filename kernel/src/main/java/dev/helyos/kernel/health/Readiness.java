package dev.helyos.kernel.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The daemon's components and whether each can do its work: the store, the runtime, the proxy's
 * first apply, the certificate manager. {@code GET /health/ready} is 200 only when every component
 * that gates readiness is ready ({@code GET /health} stays liveness); {@code GET /api/v1/status}
 * shows them all with their details.
 */
public final class Readiness {

    /** A component's check: empty when it is ready, else what it waits for. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem();
    }

    private record Component(String name, Check check, Supplier<Map<String, Object>> details, boolean gates) {
    }

    private final List<Component> components = new CopyOnWriteArrayList<>();

    /** A component that gates readiness, with no details. */
    public void add(String name, Check check) {
        add(name, check, Map::of, true);
    }

    /** {@code gates}: whether readiness waits for it (or it is only shown in the status). */
    public void add(String name, Check check, Supplier<Map<String, Object>> details, boolean gates) {
        components.add(new Component(name, check, details, gates));
    }

    /** The components readiness waits for that are not ready, each with what it waits for, in the order added. */
    public Map<String, String> notReady() {
        Map<String, String> waiting = new LinkedHashMap<>();
        for (Component component : components) {
            if (component.gates()) {
                problem(component).ifPresent(p -> waiting.put(component.name(), p));
            }
        }
        return waiting;
    }

    /** Every component: {@code {name, ready, problem, gates_readiness, ...details}}. */
    public List<Map<String, Object>> status() {
        return components.stream().map(component -> {
            Optional<String> problem = problem(component);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", component.name());
            view.put("ready", problem.isEmpty());
            view.put("problem", problem.orElse(null));
            view.put("gates_readiness", component.gates());
            view.putAll(component.details().get());
            return view;
        }).toList();
    }

    public List<String> components() {
        return components.stream().map(Component::name).toList();
    }

    private static Optional<String> problem(Component component) {
        try {
            return component.check().problem();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
