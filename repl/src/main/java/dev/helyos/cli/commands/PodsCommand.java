package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code helyos pods}: a project's pods. */
@Command(name = "pods", description = "List a project's pods.")
public final class PodsCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Mixin
    ProjectOption project;

    @Override
    public void run() {
        String p = cli.project(project.project);
        Object pods = cli.client().get(DeploymentApi.pods(p));
        if (!cli.printJson(pods)) {
            cli.out().print(table("Pods in " + p, (List<?>) pods).render());
        }
    }

    static Table table(String title, List<?> pods) {
        Table table = new Table(title, "Name", "Deployment", "Status", "Ready", "Restarts", "Ports", "Created");
        for (Object item : pods) {
            Map<?, ?> pod = (Map<?, ?>) item;
            table.row(pod.get("id"), pod.get("deployment_name"), pod.get("status"),
                    DeploymentApi.ready(pod), pod.get("restart_count"), DeploymentApi.ports(pod),
                    pod.get("created_at"));
        }
        return table;
    }
}
