package dev.helyos.kernel.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.certs.Keys;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the proxy serving what the store says: after every change to routes, to the pods behind
 * them and to certificates, and at start, it builds the whole desired state (routes, the ready pods'
 * ports as upstreams, certificate files, the challenge listener) and hands it to the active backend.
 * Changes that arrive during an apply are folded into one more apply. Routes are kept in memory,
 * updated key by key from the store's change notifications, so a change costs the same with ten
 * routes or ten thousand.
 */
public final class ProxyReconciler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProxyReconciler.class.getName());
    private static final String BACKEND_KEY = "cluster/proxy-backend";

    /** Told of what the proxy does (metrics, events). */
    public interface Activity {
        /** Every apply: the backend, {@code ok}, {@code routes_failed} or {@code rejected} (with the proxy's words), how long it took. */
        default void applied(String backend, String result, String error, java.time.Duration took) {
        }

        /** A route's state changed: {@code active} or {@code failed} (with the proxy's words). */
        default void routeChanged(String domain, String status, String error) {
        }

        /** The live backend was switched. */
        default void switched(String from, String to) {
        }
    }

    /** What the proxy made of a route: {@code pending} (not applied yet), {@code active} or {@code failed}. */
    public record RouteState(String status, String error) {
        static final RouteState PENDING = new RouteState("pending", null);
        static final RouteState ACTIVE = new RouteState("active", null);
    }

    /** The active backend: its id and the open backend. */
    public record Active(String id, ProxyBackend backend) {
    }

    /** The result of the last apply, for the operator. */
    public record LastApply(Instant at, int routes, String error, long snapshotMillis, long applyMillis) {
    }

    private final StateStore store;
    private final Records<Route> routeRecords;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, RouteState> states = new ConcurrentHashMap<>();
    private final Supplier<Map<String, List<ProxyRoute.Upstream>>> upstreams;
    private final Function<Route, ProxyRoute.TlsFiles> certificates;
    private final InetSocketAddress challenge;
    private final BiFunction<String, Boolean, ProxyBackend> opener;
    private final Clock clock;
    private final Object applyLock = new Object();
    private final Object wakeUp = new Object();
    private Map<String, List<ProxyRoute.Upstream>> lastServing = Map.of();
    /** The routes last applied with no ready pod behind them (the proxy answers 503 for those). */
    private final Set<String> withoutPods = ConcurrentHashMap.newKeySet();
    private volatile Active active;
    private volatile LastApply lastApply;
    private final List<Activity> activity = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean dirty;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private Thread thread;
    private AutoCloseable watch;
    private AutoCloseable certWatch;

    /**
     * @param opener opens a backend by id, managed or not (null: as the flags say); fails with a
     *     StartupException naming the installed ones
     * @param certificates the files of a route's certificate, or null when it has none
     * @param challenge where the ACME HTTP-01 challenge listener listens, which the proxy forwards challenges to
     */
    public ProxyReconciler(StateStore store, ObjectMapper json, Clock clock, Supplier<Map<String, List<ProxyRoute.Upstream>>> upstreams,
                           Function<Route, ProxyRoute.TlsFiles> certificates, InetSocketAddress challenge,
                           BiFunction<String, Boolean, ProxyBackend> opener) {
        this.store = store;
        this.routeRecords = new Records<>(store, json, Route.class, "routes/");
        this.upstreams = upstreams;
        this.certificates = certificates;
        this.challenge = challenge;
        this.opener = opener;
        this.clock = clock;
    }

    /**
     * The backend the daemon starts with: the flag when given, else the one last switched to live,
     * else {@code fallback}.
     */
    public String startingBackend(String flag, String fallback) {
        if (flag != null) {
            return flag;
        }
        return store.get(BACKEND_KEY).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(fallback);
    }

    /** Opens {@code backendId} (null: run without a proxy) and loads the routes; nothing is applied yet. */
    public void open(String backendId) {
        if (backendId != null) {
            active = new Active(backendId, opener.apply(backendId, null));
        }
        watch = store.watch("routes/", this::routeChanged);
        certWatch = store.watch(Keys.CERTIFICATES, key -> signal());
        for (Route route : routeRecords.list("")) {
            routes.put(route.domain(), route);
        }
    }

    /** Starts applying: once now, then after every change. */
    public void start() {
        thread = Thread.ofPlatform().name("proxy reconciler").daemon().start(this::loop);
        signal();
    }

    private void routeChanged(String key) {
        String domain = key.substring("routes/".length());
        routeRecords.get(domain).ifPresentOrElse(route -> routes.put(domain, route), () -> {
            routes.remove(domain);
            states.remove(domain);
        });
        signal();
    }

    /** A future that completes when an apply that starts after this call has finished. */
    public CompletableFuture<Void> nextApply() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (wakeUp) {
            waiting.add(done);
            dirty = true;
            wakeUp.notifyAll();
        }
        return done;
    }

    /** Something the proxy serves changed (pods, certificates): apply again soon. */
    public void signal() {
        synchronized (wakeUp) {
            dirty = true;
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<CompletableFuture<Void>> served;
                synchronized (wakeUp) {
                    while (!dirty) {
                        wakeUp.wait();
                    }
                    dirty = false;
                    served = new ArrayList<>(waiting);
                    waiting.clear();
                }
                try {
                    applyNow();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "applying the routes to the proxy failed", e);
                }
                served.forEach(f -> f.complete(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds the desired state and applies it to the active backend; returns what it did. */
    public ApplyResult applyNow() {
        synchronized (applyLock) {
            Active current = active;
            long start = System.nanoTime();
            ProxySnapshot snapshot = snapshot();
            long built = System.nanoTime();
            if (current == null) {
                return ApplyResult.OK;
            }
            ApplyResult result = apply(current.backend(), snapshot);
            long took = System.nanoTime() - built;
            record(snapshot, result, (built - start) / 1_000_000, took / 1_000_000);
            String outcome = result.error() != null ? "rejected" : result.failedRoutes().isEmpty() ? "ok" : "routes_failed";
            activity.forEach(a -> a.applied(current.id(), outcome, result.error(), java.time.Duration.ofNanos(took)));
            return result;
        }
    }

    private static ApplyResult apply(ProxyBackend backend, ProxySnapshot snapshot) {
        try {
            return backend.apply(snapshot);
        } catch (RuntimeException e) {
            return new ApplyResult(Map.of(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void record(ProxySnapshot snapshot, ApplyResult result, long snapshotMillis, long applyMillis) {
        if (result.error() == null) {
            for (ProxyRoute route : snapshot.routes()) {
                noteUpstreams(route);
                String failure = result.failedRoutes().get(route.domain());
                RouteState now = failure == null ? RouteState.ACTIVE : new RouteState("failed", failure);
                RouteState before = states.put(route.domain(), now);
                if (!now.equals(before)) {
                    activity.forEach(a -> a.routeChanged(route.domain(), now.status(), now.error()));
                }
            }
        } else {
            LOG.warning("the proxy did not take the routes: " + result.error());
        }
        result.failedRoutes().forEach((domain, why) -> LOG.warning("route " + domain + " was rejected by the proxy: " + why));
        lastApply = new LastApply(clock.instant(), snapshot.routes().size(), result.error(), snapshotMillis, applyMillis);
    }

    /** Logs a route losing its last ready pod, or getting one back: the moments its users see 503s. */
    private void noteUpstreams(ProxyRoute route) {
        if (route.upstreams().isEmpty()) {
            if (withoutPods.add(route.domain())) {
                LOG.info(() -> "route " + route.domain() + " has no ready pod: the proxy answers 503");
            }
        } else if (withoutPods.remove(route.domain())) {
            LOG.info(() -> "route " + route.domain() + " is served by " + route.upstreams().size() + " pod(s)");
        }
    }

    /** The whole desired state, from the in-memory routes and one look at the pods. */
    ProxySnapshot snapshot() {
        Map<String, List<ProxyRoute.Upstream>> serving;
        try {
            serving = upstreams.get();
            lastServing = serving;
        } catch (RuntimeException e) {
            // no engine answer: keep sending to what served last rather than to nothing
            serving = lastServing;
        }
        List<ProxyRoute> desired = new ArrayList<>(routes.size());
        List<Route> sorted = new ArrayList<>(routes.values());
        sorted.sort(Comparator.comparing(Route::domain));
        for (Route route : sorted) {
            List<ProxyRoute.Upstream> upstreams = serving.getOrDefault(route.project() + "/" + route.deployment(), List.of());
            desired.add(new ProxyRoute(route.domain(), upstreams, certificates.apply(route)));
        }
        return new ProxySnapshot(desired, challenge.getHostString(), challenge.getPort());
    }

    public RouteState state(String domain) {
        if (active == null) {
            return new RouteState("pending", "no proxy backend is active");
        }
        return states.getOrDefault(domain, RouteState.PENDING);
    }

    public Active active() {
        return active;
    }

    public void observe(Activity observer) {
        activity.add(observer);
    }

    /** How many routes the proxy did not take at its last apply. */
    public long failedRoutes() {
        return states.values().stream().filter(state -> "failed".equals(state.status())).count();
    }

    public LastApply lastApply() {
        return lastApply;
    }

    /**
     * Switches the live backend: the new one must take every route before the old one lets go of
     * them (the old one is then emptied and closed). On failure the old one keeps serving. The
     * choice of backend is stored, so a restart without --proxy-backend keeps it.
     *
     * @param manage whether the new backend runs its proxy process, or null for what --proxy-manage says
     */
    public ApplyResult switchTo(String backendId, Boolean manage) {
        synchronized (applyLock) {
            Active old = active;
            if (old != null && old.id().equals(backendId) && manage == null) {
                return applyNow();
            }
            ProxyBackend next = opener.apply(backendId, manage);
            ProxySnapshot snapshot = snapshot();
            ApplyResult result = apply(next, snapshot);
            if (result.error() != null) {
                next.close();
                throw Refused.upstreamFailed("proxy backend '" + backendId + "' did not take the routes: " + result.error()
                        + (old == null ? "" : "; '" + old.id() + "' keeps serving"));
            }
            active = new Active(backendId, next);
            store.put(BACKEND_KEY, backendId.getBytes(StandardCharsets.UTF_8));
            record(snapshot, result, 0, 0);
            if (old != null) {
                ApplyResult emptied = apply(old.backend(), new ProxySnapshot(List.of(), challenge.getHostString(), challenge.getPort()));
                if (emptied.error() != null) {
                    LOG.warning("the previous proxy backend " + old.id() + " could not remove its routes: " + emptied.error());
                }
                old.backend().close();
            }
            LOG.info("proxy backend is now " + backendId + " (" + next.describe() + ")");
            activity.forEach(a -> a.switched(old == null ? null : old.id(), backendId));
            return result;
        }
    }

    @Override
    public void close() {
        synchronized (wakeUp) {
            waiting.forEach(f -> f.complete(null));
            waiting.clear();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable w : new AutoCloseable[] {watch, certWatch}) {
            if (w != null) {
                try {
                    w.close();
                } catch (Exception ignored) {
                    // the store is closing too
                }
            }
        }
        Active current = active;
        if (current != null) {
            current.backend().close();
        }
    }
}
