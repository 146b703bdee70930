package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos route add|rm}: a public domain for a deployment. */
@Command(name = "route", description = "Give a deployment a public domain, or take it away.",
        subcommands = {RouteCommand.Add.class, RouteCommand.Rm.class})
public final class RouteCommand {
    @ParentCommand
    Cli cli;

    static String path(String domain) {
        return "/api/v1/routes/" + Cli.path(domain);
    }

    /** @param issuer who issues the certificate (implies HTTPS), or null for the daemon's default */
    static Map<String, Object> body(String domain, String project, String deployment, boolean https, String issuer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", domain);
        body.put("project", project);
        body.put("deployment", deployment);
        body.put("tls_mode", https || issuer != null ? "auto" : "none");
        if (issuer != null) {
            body.put("issuer", issuer);
        }
        return body;
    }

    @Command(name = "add", description = "Route DOMAIN to a deployment; --https gets it a certificate (TLS mode auto).")
    static final class Add implements Runnable {
        @ParentCommand
        RouteCommand parent;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Option(names = "--deployment", required = true, paramLabel = "NAME", description = "The deployment that serves it")
        String deployment;

        @Option(names = "--https", description = "Serve it over HTTPS with a certificate helyosd gets and renews")
        boolean https;

        @Option(names = "--issuer", paramLabel = "ID",
                description = "Who issues its certificate (implies --https): acme, internal, ... (helyos cert issuers)")
        String issuer;

        @Override
        public void run() {
            Cli cli = parent.cli;
            String p = cli.project(project.project);
            Object route = cli.client().post("/api/v1/routes", body(domain, p, deployment, https, issuer));
            if (!cli.printJson(route)) {
                Map<?, ?> r = (Map<?, ?>) route;
                cli.out().success("Routed " + r.get("domain") + " to " + p + "/" + deployment + " (TLS " + r.get("tls_mode")
                        + (r.get("issuer") == null || "acme".equals(r.get("issuer")) ? "" : ", certificate from " + r.get("issuer")) + ")");
            }
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Stop routing DOMAIN (the deployment stays).")
    static final class Rm implements Runnable {
        @ParentCommand
        RouteCommand parent;

        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object removed = cli.client().delete(path(domain));
            if (!cli.printJson(removed)) {
                cli.out().success("Removed route " + domain);
            }
        }
    }
}
