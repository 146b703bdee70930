package dev.helyos.kernel.events;

import dev.helyos.kernel.certs.RenewalLoop;
import dev.helyos.kernel.deploy.DeploymentService;
import dev.helyos.kernel.deploy.PodSupervisor;
import dev.helyos.kernel.proxy.ProxyReconciler;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.routes.RouteService;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the capabilities report into events: certificates ordered, issued, renewed, failed
 * (with the CA's words) and expiring; routes applied or failed; pods started, ready, crashed,
 * restarted; deploys started and done (all replicas ready); proxy reloaded, rejected, switched.
 */
public final class DaemonEvents implements RenewalLoop.Activity, ProxyReconciler.Activity {
    private final EventLog log;
    private final RouteService routes;
    private final DeploymentService deployments;
    /** Deploys that changed something and are not all ready yet, as project/name. */
    private final Set<String> rolling = ConcurrentHashMap.newKeySet();

    private DaemonEvents(EventLog log, RouteService routes, DeploymentService deployments) {
        this.log = log;
        this.routes = routes;
        this.deployments = deployments;
    }

    public static void wire(EventLog log, RouteService routes, DeploymentService deployments, PodSupervisor pods,
                            ProxyReconciler proxy, RenewalLoop certificates) {
        DaemonEvents events = new DaemonEvents(log, routes, deployments);
        certificates.observe(events);
        proxy.observe(events);
        deployments.onDeploy(events::deployed);
        pods.onPod((project, pod, action, message) -> log.publish("pod", action, pod, project, message));
        pods.onPodsChanged(events::checkRollouts);
    }

    private String project(String domain) {
        return routes.find(domain).map(Route::project).orElse(null);
    }

    @Override
    public void orderStarted(String domain, String issuer, boolean renewal) {
        log.publish("cert", "ordered", domain, project(domain), (renewal ? "renewal" : "certificate") + " ordered from " + issuer);
    }

    @Override
    public void orderFinished(String domain, String issuer, boolean renewal, String error, Duration took) {
        if (error != null) {
            log.publish("cert", "failed", domain, project(domain), issuer + ": " + error);
        } else {
            log.publish("cert", renewal ? "renewed" : "issued", domain, project(domain),
                    "from " + issuer + " in " + took.toMillis() + " ms");
        }
    }

    @Override
    public void expiring(String domain, String notAfter) {
        log.publish("cert", "expiring", domain, project(domain), "imported certificate expires " + notAfter + "; import a new one");
    }

    @Override
    public void applied(String backend, String result, String error, Duration took) {
        if (result.equals("rejected")) {
            log.publish("proxy", "rejected", backend, null, error);
        } else {
            log.publish("proxy", "reloaded", backend, null, result.equals("ok") ? "in " + took.toMillis() + " ms"
                    : "in " + took.toMillis() + " ms, some routes failed");
        }
    }

    @Override
    public void routeChanged(String domain, String status, String error) {
        log.publish("route", status.equals("active") ? "applied" : "failed", domain, project(domain),
                error == null ? "served by the proxy" : error);
    }

    @Override
    public void switched(String from, String to) {
        log.publish("proxy", "switched", to, null, from == null ? "now " + to : "from " + from + " to " + to);
    }

    private void deployed(String project, String name, String result) {
        if (result.equals("created") || result.equals("updated")) {
            rolling.add(project + "/" + name);
            log.publish("deploy", "started", name, project, result);
        }
    }

    private void checkRollouts() {
        for (String key : rolling) {
            String[] parts = key.split("/", 2);
            try {
                var deployment = deployments.get(parts[0], parts[1]).deployment();
                if (deployment.status().equals("ready") && rolling.remove(key)) {
                    log.publish("deploy", "done", parts[1], parts[0], deployment.readyReplicas() + "/" + deployment.replicas() + " replicas ready");
                }
            } catch (RuntimeException e) {
                rolling.remove(key); // removed meanwhile
            }
        }
    }
}
