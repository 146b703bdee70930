package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;

/**
 * Scripts' {@code helyos.routes.list(project?)}, {@code helyos.routes.add(domain, deployment,
 * {project, https, issuer})} and {@code helyos.routes.remove(domain)}: {@link RouteCommand} for JS.
 */
public final class RoutesBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.routes.list", args -> {
            String project = args.optionalString(0, "the project name");
            return api.client().get("/api/v1/routes" + (project == null ? "" : "?project=" + Cli.path(project)));
        });
        api.function("helyos.routes.add", args -> {
            String domain = args.string(0, "the domain");
            String deployment = args.string(1, "the deployment name");
            var options = args.optionalObject(2, "an object like {project, https, issuer}");
            Object project = options.get("project");
            Object https = options.get("https");
            Object issuer = options.get("issuer");
            if (project != null && !(project instanceof String) || https != null && !(https instanceof Boolean)
                    || issuer != null && !(issuer instanceof String)) {
                throw new dev.helyos.cli.CliException(
                        "helyos.routes.add: argument 3 must be an object like {project: 'shop', https: true, issuer: 'internal'}", null);
            }
            return api.client().post("/api/v1/routes", RouteCommand.body(domain, api.project((String) project), deployment,
                    Boolean.TRUE.equals(https), (String) issuer));
        });
        api.function("helyos.routes.remove", args -> api.client().delete(RouteCommand.path(args.string(0, "the domain"))));
    }
}
