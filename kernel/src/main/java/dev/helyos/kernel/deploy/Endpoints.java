package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where each deployment's ready pods answer, for every node's proxy ({@code endpoints/<project>/<name>}):
 * the node that runs a deployment writes the address and ports of its ready pods whenever they change,
 * and every node's proxy sends to them at the address their node publishes them on.
 */
public final class Endpoints {
    /** A deployment's ready pods on {@code node}: at {@code host}, on {@code ports}. */
    public record EndpointRecord(String node, String host, List<Integer> ports) {
    }

    private final Records<EndpointRecord> records;
    private final String node;
    private final String host;
    private volatile Map<String, List<Integer>> lastLocal = Map.of();

    /** @param host the address this node's pods are published on, where every proxy reaches them */
    public Endpoints(StateStore store, ObjectMapper json, String node, String host) {
        this.records = new Records<>(store, json, EndpointRecord.class, "endpoints/");
        this.node = node;
        this.host = host;
    }

    /**
     * Writes what changed of this node's ready pods ({@code serving}, by deployment key) for the
     * deployments it runs ({@code runsHere}), and drops the records of those it ran that are gone.
     */
    public void publish(Map<String, List<Integer>> serving, List<String> runsHere) {
        for (String key : runsHere) {
            List<Integer> ports = serving.getOrDefault(key, List.of());
            EndpointRecord now = new EndpointRecord(node, host, List.copyOf(ports));
            if (!records.get(key).map(now::equals).orElse(false)) {
                records.put(key, now);
            }
        }
        records.byName("").forEach((key, r) -> {
            if (r.node().equals(node) && !runsHere.contains(key)) {
                records.delete(key); // a deployment this node ran is gone
            }
        });
    }

    /**
     * Every deployment's upstreams: this node's own ready pods ({@code local}, by deployment key) as
     * they are now, the other nodes' from the store. When this node's engine does not answer, its pods
     * are those it saw last, and the other nodes' still count.
     */
    public Map<String, List<ProxyRoute.Upstream>> upstreams(Supplier<Map<String, List<Integer>>> localPods) {
        Map<String, List<Integer>> local;
        try {
            local = localPods.get();
            lastLocal = local;
        } catch (RuntimeException e) {
            local = lastLocal;
        }
        Map<String, List<ProxyRoute.Upstream>> all = new HashMap<>();
        for (var entry : records.byName("").entrySet()) {
            EndpointRecord r = entry.getValue();
            if (!r.node().equals(node)) {
                all.put(entry.getKey(), r.ports().stream().map(port -> new ProxyRoute.Upstream(r.host(), port)).toList());
            }
        }
        local.forEach((key, ports) -> all.put(key, new ArrayList<>(ports.stream().map(p -> new ProxyRoute.Upstream(host, p)).toList())));
        return all;
    }
}
