package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos status [NAME]}: a project at a glance, or one deployment with its pods. */
@Command(name = "status", description = "Show a project's deployments and pods, or one deployment in detail.")
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
        Object deployments = cli.client().get(DeploymentApi.list(p));
        Object pods = cli.client().get(DeploymentApi.pods(p));
        if (cli.printJson(Map.of("project", p, "deployments", deployments, "pods", pods))) {
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

    private void one(String p) {
        Object detail = cli.client().get(DeploymentApi.path(p, name));
        if (cli.printJson(detail)) {
            return;
        }
        Map<?, ?> d = DeploymentApi.deployment(detail);
        cli.out().println("Deployment " + p + "/" + name + ": " + d.get("status") + " (" + DeploymentApi.readyOfWanted(d)
                + " ready, " + d.get("state") + ")");
        cli.out().println("Image:      " + d.get("image"));
        cli.out().println("Updated:    " + d.get("updated_at"));
        if (d.get("message") != null) {
            cli.out().println("Problem:    " + d.get("message"));
        }
        cli.out().print(PodsCommand.table("Pods", DeploymentApi.pods(detail)).render());
    }
}
