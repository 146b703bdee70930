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
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos init NAME --image IMG}: writes a starter deployment spec. */
@Command(name = "init", description = "Write a starter deployment spec (NAME.yaml) to edit and deploy.")
public final class InitCommand implements Runnable {
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
        StarterSpec spec = new StarterSpec(cli.project(project.project), name, image, replicas, ports);
        Path file = output != null ? output : Path.of(name + ".yaml");
        try {
            if (force) {
                Files.writeString(file, spec.yaml(file.toString()));
            } else {
                Files.writeString(file, spec.yaml(file.toString()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(file + " exists already", "pass --force to overwrite it, or -o FILE to write elsewhere");
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage(), null);
        }
        if (!cli.printJson(Map.of("file", file.toString(), "project", spec.project(), "name", name))) {
            cli.out().success("Wrote " + file + " — deploy it with: helyos deploy " + file);
        }
    }
}
