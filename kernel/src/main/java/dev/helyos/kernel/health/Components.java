package dev.helyos.kernel.health;

import dev.helyos.kernel.certs.Issuer;
import dev.helyos.kernel.certs.IssuerCatalog;
import dev.helyos.kernel.certs.RenewalLoop;
import dev.helyos.kernel.deploy.RuntimeHandle;
import dev.helyos.kernel.proxy.ProxyReconciler;
import dev.helyos.plugin.api.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The daemon's components as {@link Readiness} sees them: each one's check and what the status shows of it. */
public final class Components {
    private Components() {
    }

    public static void store(Readiness readiness, StateStore store, String id) {
        readiness.add("store", () -> {
            store.get("health/probe");
            return Optional.empty();
        }, () -> Map.of("id", id), true);
    }

    /** {@code gates}: readiness waits for the engine only when {@code --runtime} names one. */
    public static void runtime(Readiness readiness, RuntimeHandle runtime, String id, boolean gates) {
        readiness.add("runtime", runtime::problem, () -> Map.of("id", id), gates);
    }

    public static void proxy(Readiness readiness, ProxyReconciler proxy, boolean managed) {
        readiness.add("proxy", () -> {
            ProxyReconciler.LastApply last = proxy.lastApply();
            return last == null ? Optional.of("first apply not done") : Optional.ofNullable(last.error());
        }, () -> {
            Map<String, Object> view = new LinkedHashMap<>();
            ProxyReconciler.Active active = proxy.active();
            view.put("backend", active == null ? null : active.id());
            view.put("managed", managed);
            ProxyReconciler.LastApply last = proxy.lastApply();
            view.put("last_apply", last == null ? null : Map.of("at", last.at().toString(), "routes", last.routes(),
                    "apply_ms", last.applyMillis()));
            view.put("routes_failed", proxy.failedRoutes());
            return view;
        }, true);
    }

    /** {@code ca}: the ACME CA and account, null without --acme-email. */
    public static void certificates(Readiness readiness, RenewalLoop renewals, IssuerCatalog issuers) {
        readiness.add("certificates", () -> renewals.running() ? Optional.empty() : Optional.of("renewal loop not running"), () -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("ca", issuers.find(Issuer.ACME).map(Issuer::description).orElse(null));
            view.put("issuers", issuers.pluginIds());
            RenewalLoop.Sweeps sweeps = renewals.sweeps();
            view.put("last_sweep", sweeps.last() == null ? null : sweeps.last().toString());
            view.put("next_sweep", sweeps.next() == null ? null : sweeps.next().toString());
            return view;
        }, true);
    }
}
