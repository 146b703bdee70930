package dev.helyos.kernel.certs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.routes.RouteService;
import dev.helyos.kernel.store.LeaseKeeper;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.LeaseLostException;
import dev.helyos.plugin.api.StateStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Gets and renews the certificates of routes with TLS mode {@code auto}, each from the issuer its
 * route names (the ACME engine, or an issuer plugin): at once when such a route appears, and at
 * every sweep ({@code --renew-interval}, daily by default) for certificates due for renewal (see
 * {@link CertificateRecord#renewalDue()}). A failure backs off (30 s doubling to 6 h, with jitter,
 * never sooner than the issuer's Retry-After) and keeps the old certificate serving. After an
 * installation it checks, with a TLS handshake, that the proxy serves the new serial. Imported
 * certificates near expiry are reported, never renewed.
 */
public final class RenewalLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RenewalLoop.class.getName());
    private static final int PARALLEL_ORDERS = 50;
    /** How long an order's lease outlives a node that stopped renewing it (crashed, paused, cut off). */
    static final Duration ORDER_LEASE = Duration.ofSeconds(30);
    /** How often a node that found the sweep taken by another looks again. */
    private static final Duration SWEEP_RECHECK = Duration.ofMinutes(5);

    private final StateStore store;
    private final Clock clock;
    private final CertificateService certs;
    private final RouteService routes;
    private final IssuerCatalog issuers;
    private final Duration renewInterval;
    private final Duration orderLease;
    private final Records<OrderStatus> statuses;
    private final RenewalInfoTracker renewalInfo;
    private final Supplier<CompletableFuture<Void>> proxyApplied;
    private final String proxyHost;
    private final int proxyHttpsPort;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Domains whose order another node held when this one wanted it, and when to look again: when that
     * node dies mid-order, this one takes the order over once the lease lapses.
     */
    private final Map<String, Instant> heldElsewhere = new ConcurrentHashMap<>();
    private final Semaphore orders = new Semaphore(PARALLEL_ORDERS);
    private final SecureRandom jitter = new SecureRandom();
    private final Object wakeUp = new Object();
    private boolean kicked;
    private volatile Thread thread;
    private volatile Instant lastSweep;
    private volatile Instant nextSweep;
    private AutoCloseable watch;

    public RenewalLoop(StateStore store, ObjectMapper json, Clock clock, CertificateService certs, RouteService routes,
                              IssuerCatalog issuers, Duration renewInterval, Supplier<CompletableFuture<Void>> proxyApplied,
                              int proxyHttpsPort) {
        this(store, json, clock, certs, routes, issuers, renewInterval, proxyApplied, proxyHttpsPort, ORDER_LEASE);
    }

    /** {@code orderLease}: the TTL of each order's lease (tests shorten it). */
    RenewalLoop(StateStore store, ObjectMapper json, Clock clock, CertificateService certs, RouteService routes,
                IssuerCatalog issuers, Duration renewInterval, Supplier<CompletableFuture<Void>> proxyApplied,
                int proxyHttpsPort, Duration orderLease) {
        this.orderLease = orderLease;
        this.store = store;
        this.clock = clock;
        this.certs = certs;
        this.routes = routes;
        this.issuers = issuers;
        this.renewInterval = renewInterval;
        this.statuses = new Records<>(store, json, OrderStatus.class, Keys.ORDER_STATUS);
        Duration minute = Duration.ofMinutes(1);
        this.renewalInfo = new RenewalInfoTracker(store, json, clock, renewInterval.compareTo(minute) < 0 ? renewInterval : minute);
        this.proxyApplied = proxyApplied;
        this.proxyHost = "127.0.0.1";
        this.proxyHttpsPort = proxyHttpsPort;
    }

    public void start() {
        // a route change concerns that one domain: no sweep of the whole table
        watch = store.watch("routes/", key -> routes.find(key.substring("routes/".length()))
                .ifPresent(route -> consider(route, clock.instant())));
        thread = Thread.ofPlatform().daemon().name("certificate manager").start(this::loop);
    }

    /** Told of orders, sweeps and imported certificates near expiry (metrics, events). */
    public interface Activity {
        /** {@code issuer}: the route's issuer id ({@code acme} or a plugin's); {@code renewal}: it has a certificate already. */
        default void orderStarted(String domain, String issuer, boolean renewal) {
        }

        /** {@code error}: null when a certificate was stored, else the CA's or issuer's words. */
        default void orderFinished(String domain, String issuer, boolean renewal, String error, Duration took) {
        }

        /** An imported certificate due for renewal, which only its owner can replace. */
        default void expiring(String domain, String notAfter) {
        }

        default void sweepFinished(Duration took, Instant at) {
        }
    }

    private final List<Activity> activity = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void observe(Activity observer) {
        activity.add(observer);
    }

    /** When the renewal sweep last ran (null: not yet), and when it runs next. */
    public record Sweeps(Instant last, Instant next) {
    }

    public Sweeps sweeps() {
        return new Sweeps(lastSweep, nextSweep);
    }

    /** Whether the renewal loop runs. */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Wakes the loop so it plans its next wait again (an order ended, a back-off changed). */
    public void kick() {
        synchronized (wakeUp) {
            kicked = true;
            wakeUp.notifyAll();
        }
    }

    /**
     * Sweeps every route at start and then every {@code renewInterval}; in between it only retries
     * the domains whose back-off has run out.
     */
    private void loop() {
        nextSweep = clock.instant();
        String storeProblem = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    step();
                    if (storeProblem != null) {
                        LOG.info("the renewal loop reaches the store again");
                        storeProblem = null;
                    }
                } catch (RuntimeException e) {
                    // the store is down (or a bug): keep the loop, try again shortly; what fell due runs then
                    if (!String.valueOf(e.getMessage()).equals(storeProblem)) {
                        LOG.warning("the renewal loop could not run: " + e.getMessage() + "; trying again every second");
                        storeProblem = String.valueOf(e.getMessage());
                    }
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sweep when one is due, else the retries due; then waits for the next thing to do or a kick. */
    private void step() throws InterruptedException {
        Instant now = clock.instant();
        if (!now.isBefore(nextSweep)) {
            // one node sweeps per interval: its lease is kept, not released, until the interval ends;
            // a node's first sweep needs none, so a node that joins learns every route (orders stay
            // once: each has its own lease)
            if (lastSweep == null || store.tryAcquire(Keys.SWEEP_LEASE, renewInterval).isPresent()) {
                long sweepStart = System.nanoTime();
                sweep();
                Duration took = Duration.ofNanos(System.nanoTime() - sweepStart);
                activity.forEach(a -> a.sweepFinished(took, now));
                lastSweep = now;
                nextSweep = now.plus(renewInterval);
            } else {
                nextSweep = now.plus(renewInterval.compareTo(SWEEP_RECHECK) < 0 ? renewInterval : SWEEP_RECHECK);
            }
        } else {
            retryDue(now);
        }
        synchronized (wakeUp) {
            long wait = Math.min(Duration.between(clock.instant(), nextSweep).toMillis(),
                    Math.min(nextRetryMillis(), nextRenewalInfoMillis()));
            if (!kicked && wait > 0) {
                wakeUp.wait(wait);
            }
            kicked = false;
        }
    }

    /**
     * How long until the earliest backed-off domain may be tried again. A domain with an order in
     * flight does not count: its order wakes the loop when it ends.
     */
    private long nextRetryMillis() {
        long soonest = Long.MAX_VALUE;
        Instant now = clock.instant();
        for (OrderStatus status : statuses.list("")) {
            if (status.nextAttemptAt() != null && !inFlight.contains(status.domain())) {
                soonest = Math.min(soonest, Math.max(1, Duration.between(now, Instant.parse(status.nextAttemptAt())).toMillis()));
            }
        }
        for (Instant at : heldElsewhere.values()) {
            soonest = Math.min(soonest, Math.max(1, Duration.between(now, at).toMillis()));
        }
        return soonest;
    }

    /** How long until a certificate is to be renewed, or asked about, as its CA's renewal information says. */
    private long nextRenewalInfoMillis() {
        Instant now = clock.instant();
        return renewalInfo.nextEvent(now).map(at -> Math.max(1, Duration.between(now, at).toMillis())).orElse(Long.MAX_VALUE);
    }

    /**
     * Retries the domains whose back-off ran out, and those the CA's renewal information wants renewed
     * or asked about again. One whose route is gone or no longer {@code auto}
     * (a certificate was imported) is not retried: its back-off is dropped, else it stays due and the
     * loop would wake every millisecond for it.
     */
    private void retryDue(Instant now) {
        for (OrderStatus status : statuses.list("")) {
            if (status.nextAttemptAt() != null && !Instant.parse(status.nextAttemptAt()).isAfter(now)) {
                routes.find(status.domain()).filter(route -> route.tlsMode().equals(Route.AUTO))
                        .ifPresentOrElse(route -> consider(route, now), () -> statuses.delete(status.domain()));
            }
        }
        for (String domain : renewalInfo.due(now)) {
            routes.find(domain).filter(route -> route.tlsMode().equals(Route.AUTO))
                    .ifPresentOrElse(route -> consider(route, now), () -> renewalInfo.forget(domain));
        }
        heldElsewhere.forEach((domain, at) -> {
            if (!at.isAfter(now) && heldElsewhere.remove(domain, at)) {
                routes.find(domain).filter(route -> route.tlsMode().equals(Route.AUTO)).ifPresent(route -> consider(route, now));
            }
        });
    }

    /** Every route: orders what is due, reports imported certificates near expiry. */
    void sweep() {
        Instant now = clock.instant();
        for (Route route : routes.list(null)) {
            consider(route, now);
        }
    }

    /**
     * One route: an {@code auto} route without a certificate from its issuer, or with one due for
     * renewal, gets an order unless it is backed off; a {@code manual} one near renewal time is reported.
     */
    private void consider(Route route, Instant now) {
        if (route.tlsMode().equals(Route.NONE)) {
            return;
        }
        Optional<CertificateRecord> cert = certs.find(route.domain());
        if (route.tlsMode().equals(Route.MANUAL)) {
            cert.filter(c -> !c.renewalDue().isAfter(now)).ifPresent(c -> {
                LOG.warning("imported certificate for " + c.domain() + " expires on " + c.notAfter()
                        + ": import a new one (helyos cert import)");
                activity.forEach(a -> a.expiring(c.domain(), c.notAfter()));
            });
            return;
        }
        Optional<CertificateRecord> fromItsIssuer = cert.filter(c -> c.source().equals(route.certificateIssuer()));
        if (fromItsIssuer.isPresent() && renewalInfo.askDue(fromItsIssuer.get(), now)) {
            issuers.find(route.certificateIssuer()).ifPresent(issuer -> askRenewalInfo(issuer, fromItsIssuer.get()));
        }
        if (orderDue(route, now)) {
            startOrder(route.domain());
        }
    }

    /** Whether {@code route}'s next order is due at {@code now} (see {@link RenewalSchedule#nextOrder}). */
    private boolean orderDue(Route route, Instant now) {
        Optional<CertificateRecord> fromItsIssuer = certs.find(route.domain()).filter(c -> c.source().equals(route.certificateIssuer()));
        Optional<Instant> backedOffUntil = statuses.get(route.domain())
                .map(OrderStatus::nextAttemptAt).filter(java.util.Objects::nonNull).map(Instant::parse);
        return !RenewalSchedule.nextOrder(now, fromItsIssuer.map(this::nextRenewal), backedOffUntil).isAfter(now);
    }

    /**
     * When helyosd renews this certificate: its own schedule ({@link CertificateRecord#renewalDue()}), or
     * sooner when the CA's renewal information says so.
     */
    public Instant nextRenewal(CertificateRecord cert) {
        return RenewalSchedule.renewal(cert.renewalDue(), renewalInfo.renewAt(cert));
    }

    private void askRenewalInfo(Issuer issuer, CertificateRecord cert) {
        Thread.ofVirtual().name("renewal info " + cert.domain()).start(() -> {
            if (renewalInfo.ask(issuer, cert)) {
                kick(); // the answer may move the renewal or the next question
            }
        });
    }

    /** What the CA said about when to renew this certificate, if it was asked. */
    public Optional<RenewalInfoRecord> renewalInfo(CertificateRecord cert) {
        return renewalInfo.current(cert);
    }

    private void startOrder(String domain) {
        if (!inFlight.add(domain)) {
            return;
        }
        Thread.ofVirtual().name("acme " + domain).start(() -> {
            try {
                orders.acquire();
                try {
                    issue(domain, false);
                } finally {
                    orders.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.remove(domain);
                kick(); // the next wait depends on how this went
            }
        });
    }

    /**
     * Renews now, whatever the schedule and back-off; waits for the result.
     *
     * @throws Refused not found for a domain without a route, invalid when helyosd does not get its certificate
     *     (TLS mode none or manual, or an imported certificate), upstream failed when the issuer failed
     */
    public CertificateRecord renewNow(String domain) throws InterruptedException {
        if (routes.find(domain).isEmpty() && certs.find(domain).map(c -> c.source().equals(CertificateRecord.IMPORTED)).orElse(false)) {
            throw Refused.invalid("the certificate for " + certs.get(domain).domain() + " is imported: helyosd renews only"
                    + " the certificates it gets itself; import a new one (helyos cert import)");
        }
        Route route = routes.get(domain);
        if (!route.tlsMode().equals(Route.AUTO)) {
            throw Refused.invalid("route " + route.domain() + " has TLS mode '" + route.tlsMode()
                    + "': only 'auto' certificates are renewed by helyosd (import a new one for 'manual')");
        }
        while (!inFlight.add(route.domain())) {
            Thread.sleep(100);
        }
        try {
            if (!issue(route.domain(), true)) {
                OrderStatus status = statuses.get(route.domain()).orElseThrow(() -> Refused.conflict(
                        "route " + route.domain() + " changed while renewing; try again"));
                throw Refused.upstreamFailed("renewing " + route.domain() + " failed: " + status.lastError()
                        + "; the current certificate keeps serving; next attempt " + status.nextAttemptAt());
            }
            return certs.get(route.domain());
        } finally {
            inFlight.remove(route.domain());
        }
    }

    /**
     * One order from the route's issuer, by one node at a time: under the domain's lease, which the
     * node keeps renewing while the order runs. Without {@code forced}, a domain whose lease another
     * node holds is left to that node, and one that node finished meanwhile is not ordered again.
     *
     * @return true when a certificate was installed
     */
    private boolean issue(String domain, boolean forced) throws InterruptedException {
        Optional<LeaseKeeper> held = LeaseKeeper.tryHold(store, Keys.orderLease(domain), orderLease);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (held.isEmpty()) {
            if (!forced) {
                // another node orders it; its certificate reaches this node through the store, and
                // should that node die mid-order, this one looks again once the lease has lapsed
                heldElsewhere.put(domain, clock.instant().plus(orderLease));
                kick();
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw Refused.conflict("another helyosd has been ordering the certificate for " + domain + " for 5 minutes; try again later");
            }
            Thread.sleep(500);
            held = LeaseKeeper.tryHold(store, Keys.orderLease(domain), orderLease);
        }
        try (LeaseKeeper lease = held.get()) {
            Optional<Route> route = routes.find(domain).filter(r -> r.tlsMode().equals(Route.AUTO));
            if (route.isEmpty()) {
                return false; // removed or imported meanwhile: nothing to order
            }
            if (!forced && !orderDue(route.get(), clock.instant())) {
                return false; // another node got it while this one waited for the lease
            }
            return order(domain, route.get(), lease);
        }
    }

    private boolean order(String domain, Route route, LeaseKeeper lease) throws InterruptedException {
        Instant started = clock.instant();
        // an ACME CA fetches the challenge through the proxy: the route must be applied there first
        awaitProxy();
        try {
            Issuer issuer = issuerOf(route);
            X509Certificate replacing = certs.find(domain).filter(c -> c.source().equals(issuer.id()))
                    .map(CertificateRecord::leaf).orElse(null);
            activity.forEach(a -> a.orderStarted(domain, issuer.id(), replacing != null));
            Issuer.Issued issued = issuer.issue(domain, replacing);
            CertificateRecord stored = certs.store(domain, issuer.id(), issued.chain(), issued.key().getPrivate(), lease.lease());
            statuses.delete(domain);
            LOG.info(() -> "certificate for " + domain + " issued (serial " + stored.serial() + ", until " + stored.notAfter()
                    + ") in " + Duration.between(started, clock.instant()).toMillis() + " ms");
            Thread.ofVirtual().start(() -> recordServed(domain, stored.serial()));
            askRenewalInfo(issuer, stored);
            orderFinished(route, replacing != null, null, started);
            return true;
        } catch (IssueFailure e) {
            failed(domain, e, started);
            orderFinished(route, renewal(domain), e.getMessage(), started);
            return false;
        } catch (LeaseLostException e) {
            // this node stalled past the lease and another took the order over: its certificate stays
            LOG.warning("the certificate for " + domain + " was not stored: another node took its order over while this one"
                    + " was stalled");
            return false;
        } catch (RuntimeException e) {
            // a bug here or in a plugin must still back off and show up, not retry at every sweep unseen
            IssueFailure failure = new IssueFailure("unexpected error: " + e, null, e);
            failed(domain, failure, started);
            orderFinished(route, renewal(domain), failure.getMessage(), started);
            return false;
        }
    }

    private boolean renewal(String domain) {
        return certs.find(domain).isPresent();
    }

    private void orderFinished(Route route, boolean renewal, String error, Instant started) {
        Duration took = Duration.between(started, clock.instant());
        activity.forEach(a -> a.orderFinished(route.domain(), route.certificateIssuer(), renewal, error, took));
    }

    private Issuer issuerOf(Route route) throws IssueFailure {
        return issuers.find(route.certificateIssuer()).orElseThrow(() -> new IssueFailure("issuer '" + route.certificateIssuer()
                + "' is not available in this helyosd ("
                + (route.certificateIssuer().equals(Issuer.ACME) ? "start it with --acme-email" : "install its plugin")
                + "); issuers here: " + String.join(", ", issuers.ids()), null, null));
    }

    private void failed(String domain, IssueFailure e, Instant at) {
        int failures = statuses.get(domain).map(OrderStatus::failures).orElse(0) + 1;
        Instant next = RenewalSchedule.nextAttempt(clock.instant(), failures, jitter.nextDouble(-1, 1), e.retryAfter());
        statuses.put(domain, new OrderStatus(domain, e.getMessage(), next.truncatedTo(ChronoUnit.SECONDS).toString(), failures,
                at.truncatedTo(ChronoUnit.SECONDS).toString()));
        Instant nextAttempt = next;
        LOG.warning("certificate for " + domain + " not issued: " + e.getMessage() + "; next attempt " + nextAttempt
                + (certs.find(domain).isPresent() ? " (the current certificate keeps serving)" : ""));
    }

    private void awaitProxy() throws InterruptedException {
        try {
            proxyApplied.get().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.info(() -> "ordering before the proxy confirmed its configuration: " + e);
        }
    }

    /** After the proxy applied the new certificate: which serial does it really serve? */
    private void recordServed(String domain, String serial) {
        try {
            proxyApplied.get().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return;
        }
        String served = ServedCheck.servedSerial(proxyHost, proxyHttpsPort, domain);
        certs.find(domain).ifPresent(cert -> certs.update(cert.withServed(served, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())));
        if (!serial.equals(served)) {
            LOG.warning("the proxy serves " + (served == null ? "no certificate" : "serial " + served) + " for " + domain
                    + ", not the new " + serial);
        }
    }

    /** The ACME state of every domain that has one (for domains with no certificate yet, too). */
    public Map<String, OrderStatus> statuses() {
        Map<String, OrderStatus> all = new ConcurrentHashMap<>();
        statuses.list("").forEach(s -> all.put(s.domain(), s));
        return all;
    }

    public List<String> pending() {
        return List.copyOf(inFlight);
    }

    @Override
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
