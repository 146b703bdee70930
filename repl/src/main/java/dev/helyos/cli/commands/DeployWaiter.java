package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Interrupted;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits for a deployment to be ready by polling it, reporting each pod's state change on the way
 * ({@code helyos-shop-web-0  running  ready}); fails with the reason when time runs out.
 */
final class DeployWaiter {
    private static final long POLL_MS = 200;

    private final ApiClient client;
    private final Consumer<String> progress;
    private final Map<String, String> seen = new HashMap<>();

    DeployWaiter(ApiClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    /**
     * The deployment's detail once it is ready; a {@link CliException} with the reason after {@code
     * timeout}, or at once when it is stopped; {@link Interrupted} when the user stops the wait.
     */
    Object await(String project, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object detail = client.get(DeploymentApi.path(project, name));
            report(DeploymentApi.pods(detail));
            Map<?, ?> deployment = DeploymentApi.deployment(detail);
            if (DeploymentApi.isReady(deployment, DeploymentApi.pods(detail))) {
                return detail;
            }
            if ("stopped".equals(deployment.get("status"))) {
                throw stopped(project, name, deployment);
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(project + "/" + name + " not ready after " + timeout.toSeconds() + "s: "
                        + DeploymentApi.readyOfWanted(deployment) + " ready — " + reason(deployment, DeploymentApi.pods(detail)),
                        "see helyos status " + name + " -p " + project + " and helyos logs " + name + " -p " + project);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
        }
    }

    /** A stopped deployment never gets ready by waiting: say why at once (stopped, or its project suspended). */
    private static CliException stopped(String project, String name, Map<?, ?> deployment) {
        Object why = deployment.get("message");
        return new CliException(project + "/" + name + " is deployed but stopped" + (why == null ? "" : ": " + why),
                "helyos start " + name + " -p " + project + " starts it; a suspended project needs helyos project resume " + project);
    }

    private void report(List<?> pods) {
        for (Object item : pods) {
            Map<?, ?> pod = (Map<?, ?>) item;
            String state = pod.get("status") + (Boolean.TRUE.equals(pod.get("ready")) ? "  ready" : "")
                    + (pod.get("message") == null ? "" : "  (" + pod.get("message") + ")");
            String id = String.valueOf(pod.get("id"));
            if (!state.equals(seen.put(id, state))) {
                progress.accept("  " + id + "  " + state);
            }
        }
    }

    static String reason(Map<?, ?> deployment, List<?> pods) {
        if (deployment.get("message") != null) {
            return String.valueOf(deployment.get("message"));
        }
        for (Object item : pods) {
            Map<?, ?> pod = (Map<?, ?>) item;
            if (!Boolean.TRUE.equals(pod.get("ready"))) {
                return pod.get("id") + ": " + pod.get("status") + (pod.get("message") == null ? ", not ready yet" : " (" + pod.get("message") + ")");
            }
        }
        return "the update is still rolling out";
    }
}
