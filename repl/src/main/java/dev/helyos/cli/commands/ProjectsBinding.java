package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;
import java.util.Map;

/**
 * Scripts' {@code helyos.projects.list()/create(name)/suspend(name)/resume(name)/delete(name)} and
 * {@code helyos.secrets.list(project)/set(project, name, value)/remove(project, name)}:
 * {@link ProjectCommand} and {@link SecretCommand} for JS. Secret values go in, never come back.
 */
public final class ProjectsBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.projects.list", args -> api.client().get("/api/v1/projects"));
        api.function("helyos.projects.create", args ->
                api.client().post("/api/v1/projects", Map.of("name", args.string(0, "the project name"))));
        api.function("helyos.projects.suspend", args ->
                api.client().post(ProjectCommand.path(args.string(0, "the project name")) + "/suspend", Map.of()));
        api.function("helyos.projects.resume", args ->
                api.client().post(ProjectCommand.path(args.string(0, "the project name")) + "/resume", Map.of()));
        api.function("helyos.projects.delete", args -> {
            api.client().delete(ProjectCommand.path(args.string(0, "the project name")));
            return null;
        });
        api.function("helyos.secrets.list", args ->
                api.client().get(SecretCommand.path(args.string(0, "the project name")) + "?detail=true"));
        api.function("helyos.secrets.set", args -> {
            api.client().post(SecretCommand.path(args.string(0, "the project name")) + "/" + Cli.path(args.string(1, "the secret name")),
                    Map.of("value", args.string(2, "the secret value")));
            return null;
        });
        api.function("helyos.secrets.remove", args -> {
            api.client().delete(SecretCommand.path(args.string(0, "the project name")) + "/" + Cli.path(args.string(1, "the secret name")));
            return null;
        });
    }
}
