package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods of each deployment as the node that runs them sees them ({@code pod-reports/<project>/<name>}),
 * so that every other node's API shows them too: only the node that runs a deployment can ask its engine.
 */
public final class PodReports {
    /** What {@code node} last saw of a deployment's pods. */
    public record PodReport(String node, List<PodView> pods) {
    }

    static final String PREFIX = "pod-reports/";

    private final Records<PodReport> records;
    private final String node;

    public PodReports(StateStore store, ObjectMapper json, String node) {
        this.records = new Records<>(store, json, PodReport.class, PREFIX);
        this.node = node;
    }

    /**
     * Writes what changed of the pods of the deployments this node runs ({@code pods}, by deployment key),
     * and drops the reports of those it ran that are gone or moved.
     */
    void publish(Map<String, List<PodView>> pods) {
        pods.forEach((key, views) -> {
            PodReport now = new PodReport(node, List.copyOf(views));
            if (!records.get(key).map(now::equals).orElse(false)) {
                records.put(key, now);
            }
        });
        records.byName("").forEach((key, report) -> {
            if (report.node().equals(node) && !pods.containsKey(key)) {
                records.delete(key);
            }
        });
    }

    /** The pods another node reported for {@code key}. */
    Optional<PodReport> of(String key) {
        return records.get(key);
    }
}
