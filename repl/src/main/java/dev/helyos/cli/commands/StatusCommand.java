package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.client.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code helyos status [NAME]}: without arguments the daemon's components and the context's project
 * at a glance; with {@code -p} only the project; with a NAME one deployment with its pods.
 */
@Command(name = "status", description = "Show the daemon's components and a project's deployments and pods, or one deployment in detail.")
public final class StatusCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A deployment (default: all of the project)")
    String name;

    @Override
    public void run() {
        String p = cli.project(project.project);
        if (name != null) {
            one(p);
            return;
        }
        Object daemon = project.project == null ? cli.client().get("/api/v1/status") : null;
        if (daemon != null && !cli.json()) {
            cli.out().print(daemon((Map<?, ?>) daemon)); // first: it says why the rest may fail
        }
        Object deployments;
        Object pods;
        try {
            deployments = cli.client().get(DeploymentApi.list(p));
            pods = cli.client().get(DeploymentApi.pods(p));
        } catch (ApiClient.ApiException e) {
            if (daemon == null) {
                throw e;
            }
            // the daemon's status is the answer; the project's is what a component (the engine) keeps back
            if (!cli.printJson(Map.of("daemon", daemon, "project", p, "error", e.getMessage()))) {
                cli.out().warn("project " + p + ": " + e.getMessage());
            }
            return;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        if (daemon != null) {
            all.put("daemon", daemon);
        }
        all.putAll(Map.of("project", p, "deployments", deployments, "pods", pods));
        if (cli.printJson(all)) {
            return;
        }
        cli.out().print(DeploymentsCommand.table("Deployments in " + p, (List<?>) deployments).render());
        Map<String, Integer> byStatus = new TreeMap<>();
        for (Object pod : (List<?>) pods) {
            byStatus.merge(String.valueOf(((Map<?, ?>) pod).get("status")), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder("Pods: ").append(((List<?>) pods).size());
        byStatus.forEach((status, count) -> line.append(", ").append(count).append(' ').append(status));
        cli.out().println(line.toString());
    }

    /** {@code helyosd 0.1.0 · ready}, then a line per component: name, ready or what it waits for, its details. */
    static String daemon(Map<?, ?> status) {
        StringBuilder out = new StringBuilder("helyosd ").append(status.get("version")).append(" · ")
                .append(Boolean.TRUE.equals(status.get("ready")) ? "ready" : "not ready").append('\n');
        for (Object item : (List<?>) status.get("components")) {
            Map<?, ?> c = (Map<?, ?>) item;
            String state = Boolean.TRUE.equals(c.get("ready")) ? "ready" : "waiting: " + c.get("problem");
            out.append(String.format("  %-13s %s", c.get("name"), state));
            String detail = detail(c);
            if (!detail.isEmpty()) {
                out.append(" · ").append(detail);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String detail(Map<?, ?> c) {
        return switch (String.valueOf(c.get("name"))) {
            case "store", "runtime" -> String.valueOf(c.get("id"));
            case "proxy" -> {
                String backend = c.get("backend") == null ? "no backend" : c.get("backend") + (Boolean.TRUE.equals(c.get("managed")) ? " (managed)" : "");
                Map<?, ?> last = (Map<?, ?>) c.get("last_apply");
                yield backend + (last == null ? ", not applied yet"
                        : ", last apply " + last.get("at") + ": " + last.get("routes") + " routes, " + c.get("routes_failed") + " failed");
            }
            case "certificates" -> {
                List<?> issuers = (List<?>) c.get("issuers");
                String ca = c.get("ca") == null ? "no ACME CA (--acme-email unset)" : String.valueOf(c.get("ca"));
                yield ca + (issuers == null || issuers.isEmpty() ? "" : "; issuers " + String.join(", ", issuers.stream().map(String::valueOf).toList()))
                        + "; renewal sweep last " + (c.get("last_sweep") == null ? "never" : c.get("last_sweep")) + ", next " + c.get("next_sweep");
            }
            default -> "";
        };
    }

    private void one(String p) {
        Object detail = cli.client().get(DeploymentApi.path(p, name));
        if (cli.printJson(detail)) {
            return;
        }
        Map<?, ?> d = DeploymentApi.deployment(detail);
        cli.out().println("Deployment " + p + "/" + name + ": " + d.get("status") + " (" + DeploymentApi.readyOfWanted(d)
                + " ready, " + d.get("state") + ")");
        cli.out().println("Image:      " + d.get("image"));
        if (d.get("node") != null) {
            cli.out().println("Node:       " + d.get("node"));
        }
        cli.out().println("Updated:    " + d.get("updated_at"));
        if (d.get("message") != null) {
            cli.out().println("Problem:    " + d.get("message"));
        }
        cli.out().print(PodsCommand.table("Pods", DeploymentApi.pods(detail)).render());
    }
}
