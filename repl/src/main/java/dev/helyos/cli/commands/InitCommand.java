package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos init NAME --image IMG}: writes a starter deployment spec. */
@Command(name = "init", description = "Write a starter deployment spec (NAME.yaml) to edit and deploy.")
public final class InitCommand implements Runnable {
    private static final Pattern DNS_SAFE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @ParentCommand
    Cli cli;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "NAME", description = "The deployment's name")
    String name;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The container image (present in the engine)")
    String image;

    @Option(names = "--port", paramLabel = "PORT", description = "A port the container listens on (repeatable)")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "N", description = "How many pods (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: NAME.yaml)")
    Path output;

    @Option(names = "--force", description = "Overwrite the file if it exists")
    boolean force;

    @Override
    public void run() {
        String p = cli.project(project.project);
        checkName("deployment name", name);
        checkName("project", p);
        if (image.isBlank() || image.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'')) {
            throw new CliException("image must be an image reference like nginx:1.27 (got '" + image + "')", null);
        }
        if (replicas < 1) {
            throw new CliException("replicas must be at least 1", null);
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new CliException("port must be between 1 and 65535, got " + port, null);
            }
        }
        Path file = output != null ? output : Path.of(name + ".yaml");
        try {
            if (force) {
                Files.writeString(file, spec(p));
            } else {
                Files.writeString(file, spec(p), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(file + " exists already", "pass --force to overwrite it, or -o FILE to write elsewhere");
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage(), null);
        }
        cli.out().success("Wrote " + file + " — deploy it with: helyos deploy " + file);
    }

    private static void checkName(String what, String value) {
        if (!DNS_SAFE.matcher(value).matches()) {
            throw new CliException(what + " must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '" + value + "')", null);
        }
    }

    private String spec(String p) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# A Helyos deployment spec: helyos deploy ").append(name).append(".yaml\n");
        yaml.append("project: ").append(p).append('\n');
        yaml.append("deployment:\n  name: ").append(name).append('\n');
        yaml.append("image: \"").append(image).append("\"\n");
        yaml.append("replicas: ").append(replicas).append('\n');
        yaml.append(ports.isEmpty() ? "ports: []            # e.g. [8080]: published on 127.0.0.1 for the proxy\n"
                : "ports: " + ports + '\n');
        yaml.append("""
                # env:                   # plain environment variables
                #   LOG_LEVEL: info
                # secrets: [DB_PASSWORD] # set with: helyos secret set DB_PASSWORD -p PROJECT
                # healthcheck:           # a pod is ready when GET path answers 2xx/3xx
                #   path: /health
                #   interval: 10s
                #   timeout: 5s
                #   retries: 3
                # restart: always        # always | onfailure | never
                # resources:
                #   memory: 256m
                #   cpu: 0.5
                # volumes:
                #   - name: data
                #     mount: /data
                # network:               # a public domain (routed by the proxy)
                #   public: true
                #   domain: app.example.com
                #   https: true
                """);
        return yaml.toString();
    }
}
