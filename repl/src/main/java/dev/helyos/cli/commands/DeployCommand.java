package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.client.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos deploy FILE [--timeout SECS]}: send a spec, then wait for its replicas to be ready. */
@Command(name = "deploy", description = "Deploy a spec (YAML or JSON; - reads standard input) and wait until its replicas are ready.")
public final class DeployCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "FILE", description = "The deployment spec (helyos init writes one)")
    String file;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECS",
            description = "How long to wait for ready replicas; 0 = do not wait (default: ${DEFAULT-VALUE})")
    long timeout;

    @Override
    public void run() {
        if (timeout < 0) {
            throw new CliException("--timeout must be 0 or more seconds (got " + timeout + ")", null);
        }
        byte[] spec = read();
        String type = file.endsWith(".json") ? "application/json" : "application/yaml";
        long start = System.nanoTime();
        ApiClient client = cli.client();
        ApiClient.Answer answer = client.exchange("POST", "/api/v1/deploy", type, spec);
        Map<?, ?> deployment = DeploymentApi.deployment(answer.json());
        String project = String.valueOf(deployment.get("project"));
        String name = String.valueOf(deployment.get("name"));
        boolean changed = answer.status() == 201;
        boolean projectCreated = answer.json() instanceof Map<?, ?> body && Boolean.TRUE.equals(body.get("project_created"));
        if (projectCreated && !cli.json()) {
            cli.out().success("created project " + project);
        }
        if (timeout == 0) {
            if (!cli.printJson(answer.json())) {
                cli.out().success((changed ? "Deployed " : "Unchanged: ") + project + "/" + name + " (not waiting for it to be ready)");
            }
            return;
        }
        Object ready = new DeployWaiter(client, line -> {
            if (!cli.json()) {
                cli.out().println(line);
            }
        }).await(project, name, Duration.ofSeconds(timeout));
        if (cli.printJson(DeploymentApi.withProjectCreated(ready, projectCreated))) {
            return;
        }
        String replicas = DeploymentApi.readyOfWanted(DeploymentApi.deployment(ready));
        if (changed) {
            cli.out().success("Deployed " + project + "/" + name + ": " + replicas + " replicas ready ("
                    + String.format("%.1fs", (System.nanoTime() - start) / 1e9) + ")");
        } else {
            cli.out().success(project + "/" + name + " is up to date: " + replicas + " replicas ready");
        }
    }

    private byte[] read() {
        try {
            return file.equals("-") ? cli.stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file", "helyos init NAME --image IMAGE writes a starter spec");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), null);
        }
    }
}
