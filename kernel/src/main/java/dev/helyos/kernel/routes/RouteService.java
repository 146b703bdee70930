package dev.helyos.kernel.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Routes in the store, one per domain ({@code routes/<domain>}). Everything is checked before
 * anything is stored: the domain (the rules of README "Routes"), the project and deployment, the TLS mode.
 * The proxy reconciler watches the store; nothing here writes proxy files.
 */
public final class RouteService {
    private static final List<String> MODES = List.of(Route.NONE, Route.AUTO, Route.MANUAL);

    private final Records<Route> routes;
    private final ProjectService projects;
    private final BiFunction<String, String, Optional<List<Integer>>> deploymentPorts;
    private final UnaryOperator<String> issuerOf;
    private final Clock clock;

    /**
     * @param issuerOf the issuer a new {@code auto} route gets for the one it names (null: none), checked
     *     against the installed ones; it throws {@link Refused} invalid for one that is not (the
     *     certificate lifecycle's issuer catalog)
     */
    public RouteService(StateStore store, ObjectMapper json, Clock clock, ProjectService projects,
                        BiFunction<String, String, Optional<List<Integer>>> deploymentPorts, UnaryOperator<String> issuerOf) {
        this.routes = new Records<>(store, json, Route.class, "routes/");
        this.projects = projects;
        this.deploymentPorts = deploymentPorts;
        this.issuerOf = issuerOf;
        this.clock = clock;
    }

    /** A route {@link #add} stored, or the same one that was there already ({@code created} false). */
    public record Added(Route route, boolean created) {
    }

    /**
     * Adds a route. Adding one that exists with the same deployment, TLS mode and issuer changes
     * nothing (a deploy with {@code network.domain} may have made it); a different one is a conflict.
     *
     * @param issuer for {@code auto}: who issues its certificate, null for the default ({@code --cert-issuer})
     */
    public Added add(String domain, String project, String deployment, String tlsMode, String issuer) {
        Route route = check(domain, project, deployment, tlsMode == null ? Route.NONE : tlsMode, issuer);
        if (route.tlsMode().equals(Route.MANUAL)) {
            throw Refused.invalid("tls_mode 'manual' comes from importing a certificate for the domain "
                    + "(POST /api/v1/certs/import, helyos cert import); add the route with 'none' or 'auto'");
        }
        if (routes.create(route.domain(), route)) {
            return new Added(route, true);
        }
        Route existing = routes.get(route.domain()).orElse(null);
        if (existing != null && existing.project().equals(route.project()) && existing.deployment().equals(route.deployment())
                && existing.tlsMode().equals(route.tlsMode()) && Objects.equals(existing.certificateIssuer(), route.certificateIssuer())) {
            return new Added(existing, false);
        }
        throw Refused.conflict("route already exists: " + route.domain() + (existing == null ? ""
                : " (to " + existing.project() + "/" + existing.deployment() + ", TLS " + existing.tlsMode() + ")"));
    }

    /**
     * Checks the route a deployment spec asks for ({@code network.public} with a domain): a valid
     * domain, a TLS mode that can be served, and no other deployment owning it (409). Called before
     * the deployment is stored, so a refused deploy stores nothing.
     */
    public void checkForSpec(String domain, String project, String deployment, boolean https) {
        DomainName name = domain(domain);
        tlsIssuer(https ? Route.AUTO : Route.NONE, null);
        routes.get(name.ascii()).ifPresent(existing -> {
            if (!existing.project().equals(project) || !existing.deployment().equals(deployment)) {
                throw Refused.conflict("network.domain " + name.ascii() + " is already routed to deployment '"
                        + existing.deployment() + "' of project '" + existing.project() + "'");
            }
        });
    }

    /**
     * After {@link #checkForSpec}: creates the route of a stored deployment when absent, or raises its
     * TLS mode to {@code auto} when the spec asks for HTTPS.
     */
    public void applyForSpec(String domain, String project, String deployment, boolean https) {
        String ascii = domain(domain).ascii();
        Optional<Route> existing = routes.get(ascii);
        if (existing.isEmpty()) {
            String mode = https ? Route.AUTO : Route.NONE;
            routes.create(ascii, new Route(ascii, project, deployment, mode, tlsIssuer(mode, null), now()));
        } else if (https && existing.get().tlsMode().equals(Route.NONE)) {
            routes.put(ascii, existing.get().withTls(Route.AUTO, tlsIssuer(Route.AUTO, null)));
        }
    }

    public List<Route> list(String project) {
        if (project != null) {
            projects.get(project);
        }
        return routes.list("").stream()
                .filter(r -> project == null || r.project().equals(project))
                .sorted(Comparator.comparing(Route::domain))
                .toList();
    }

    public Route get(String domain) {
        return find(domain).orElseThrow(() -> Refused.notFound("route not found: " + Refused.shorten(domain)));
    }

    public Optional<Route> find(String domain) {
        String key = normalized(domain);
        return key == null ? Optional.empty() : routes.get(key);
    }

    /** Removes the route; the deployment is not touched. */
    public Route remove(String domain) {
        Route route = get(domain);
        routes.delete(route.domain());
        return route;
    }

    /** Removes the routes of a deployment that is being removed. */
    public void removeForDeployment(String project, String deployment) {
        for (Route route : routes.list("")) {
            if (route.project().equals(project) && (deployment == null || route.deployment().equals(deployment))) {
                routes.delete(route.domain());
            }
        }
    }

    /** Makes an existing route's TLS mode {@code manual} (a certificate was imported for it). */
    public Route setManual(String domain) {
        Route route = get(domain);
        Route updated = route.withTls(Route.MANUAL, null);
        routes.put(route.domain(), updated);
        return updated;
    }

    private Route check(String domain, String project, String deployment, String tlsMode, String issuer) {
        DomainName name = domain(domain);
        if (project == null || project.isBlank()) {
            throw Refused.invalid("project is required");
        }
        if (deployment == null || deployment.isBlank()) {
            throw Refused.invalid("deployment is required");
        }
        String certificateIssuer = tlsIssuer(tlsMode, issuer);
        projects.get(project);
        List<Integer> ports = deploymentPorts.apply(project, deployment).orElseThrow(() -> Refused.notFound(
                "deployment '" + Refused.shorten(deployment) + "' not found in project '" + Refused.shorten(project) + "'"));
        if (ports.isEmpty()) {
            throw Refused.invalid("deployment '" + deployment + "' has no ports to route to; add one to its spec's ports");
        }
        return new Route(name.ascii(), project, deployment, tlsMode, certificateIssuer, now());
    }

    /** Checks the TLS mode and returns the route's certificate issuer (null unless {@code auto}). */
    private String tlsIssuer(String tlsMode, String issuer) {
        if (!MODES.contains(tlsMode)) {
            throw Refused.invalid("tls_mode must be one of none, auto, manual (got '" + Refused.shorten(tlsMode) + "')");
        }
        if (!tlsMode.equals(Route.AUTO)) {
            if (issuer != null) {
                throw Refused.invalid("issuer is only for tls_mode 'auto' (got tls_mode '" + tlsMode + "')");
            }
            return null;
        }
        return issuerOf.apply(issuer);
    }

    private static DomainName domain(String domain) {
        if (domain == null) {
            throw Refused.invalid("domain is required");
        }
        try {
            return DomainName.parse(domain);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("domain '" + Refused.shorten(domain) + "' is not valid: " + e.getMessage());
        }
    }

    private static String normalized(String domain) {
        try {
            return DomainName.parse(domain).ascii();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
