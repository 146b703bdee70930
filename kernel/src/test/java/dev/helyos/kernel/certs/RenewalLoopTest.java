package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.routes.RouteService;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.kernel.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order lifecycle of a domain, over a fake CA and a store in memory, with the clock held still:
 * a failed order backs off (never before the CA's Retry-After) and keeps no half-stored certificate,
 * the next order installs one and clears the failure, a sweep orders only what is due, and the
 * refusals a user gets for routes helyosd does not renew. No daemon, no network.
 */
class RenewalLoopTest {
    static final Duration LIFETIME = Duration.ofDays(90);
    /** Stands for "replaces nothing" in the CA's list (which holds no nulls). */
    static final X509Certificate NONE = selfSignedOrFail();

    static X509Certificate selfSignedOrFail() {
        try {
            return Pem.certificates(TestCertificates.selfSigned(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "none.test").certPem()).getFirst();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock();
    final CountingStore store = new CountingStore();
    final FakeCa ca = new FakeCa();
    RouteService routes;
    CertificateService certs;
    RenewalLoop loop;
    RuntimeFiles files;

    /** Answers each order with the next outcome it was given: a failure, or a certificate valid from now. */
    final class FakeCa implements Issuer {
        final Deque<IssueFailure> failures = new java.util.concurrent.ConcurrentLinkedDeque<>();
        final List<String> orders = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<X509Certificate> replaced = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** When set, the first order waits for a permit: the test decides when the CA answers it. */
        volatile java.util.concurrent.Semaphore gate;

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public String description() {
            return "a CA in memory";
        }

        @Override
        public Issued issue(String domain, X509Certificate replacing) throws IssueFailure {
            orders.add(domain);
            boolean first = orders.size() == 1;
            replaced.add(replacing == null ? NONE : replacing);
            if (gate != null && first) {
                gate.acquireUninterruptibly();
            }
            IssueFailure failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            try {
                TestCertificates made = TestCertificates.selfSigned(clock.instant(), clock.instant().plus(LIFETIME), domain);
                return new Issued(Pem.certificates(made.certPem()), made.pair());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        int orderCount() {
            return orders.size();
        }
    }

    @BeforeEach
    void wire() throws Exception {
        ProjectService projects = new ProjectService(store, Json.mapper(), clock);
        projects.create("shop");
        IssuerCatalog issuers = new IssuerCatalog(null, List.of(ca), "fake");
        routes = new RouteService(store, Json.mapper(), clock, projects, (project, name) -> Optional.of(List.of(8080)), issuers::resolve);
        files = RuntimeFiles.open(Path.of("/dev/shm", "helyos-loop-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()), dir);
        certs = new CertificateService(store, Json.mapper(), new Sealer(MasterKey.loadOrCreate(dir)), files, routes, clock);
        // the proxy has always applied; nothing serves on port 1, so the served check finds no certificate
        loop = new RenewalLoop(store, Json.mapper(), clock, certs, routes, issuers, Duration.ofDays(1),
                () -> CompletableFuture.completedFuture(null), 1);
    }

    /** A second helyosd on the same store: its own services, files and loop. */
    final class Node implements AutoCloseable {
        final CertificateService certs;
        final RenewalLoop loop;
        final RuntimeFiles files;

        Node(Duration orderLease) throws Exception {
            ProjectService projects = new ProjectService(store, Json.mapper(), clock);
            IssuerCatalog issuers = new IssuerCatalog(null, List.of(ca), "fake");
            RouteService routes = new RouteService(store, Json.mapper(), clock, projects, (p, n) -> Optional.of(List.of(8080)), issuers::resolve);
            files = RuntimeFiles.open(Path.of("/dev/shm", "helyos-loop-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()), dir);
            certs = new CertificateService(store, Json.mapper(), new Sealer(MasterKey.loadOrCreate(dir)), files, routes, clock);
            loop = new RenewalLoop(store, Json.mapper(), clock, certs, routes, issuers, Duration.ofDays(1),
                    () -> CompletableFuture.completedFuture(null), 1, orderLease);
        }

        @Override
        public void close() throws Exception {
            loop.close();
            certs.close();
            files.close();
            java.nio.file.Files.deleteIfExists(files.dir());
        }
    }

    @AfterEach
    void close() throws Exception {
        loop.close();
        certs.close();
        files.close();
        java.nio.file.Files.deleteIfExists(files.dir());
    }

    @Test
    void twoNodesThatSeeANewRouteAtOnceOrderItsCertificateOnce() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        ca.gate = new java.util.concurrent.Semaphore(0);
        try (Node two = new Node(RenewalLoop.ORDER_LEASE)) {
            loop.sweep();
            two.loop.sweep();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ca.orderCount() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(300); // time for a second order, were the lease not holding it off
            ca.gate.release(10);
            until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (certs.find("shop.example.com").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
            loop.sweep();
            two.loop.sweep();
            Thread.sleep(300);
            assertEquals(1, ca.orderCount(), "one order for both nodes: " + ca.orders);
            assertEquals(certs.get("shop.example.com").serial(), two.certs.get("shop.example.com").serial());
        }
    }

    @Test
    void aNodeStalledPastItsOrdersLeaseCannotOverwriteTheCertificateOfTheNodeThatTookOver() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        try (Node stalled = new Node(Duration.ofMillis(300))) {
            ca.gate = new java.util.concurrent.Semaphore(0);
            store.renewLeases = false; // the stalled node's renewals do not happen
            Thread late = Thread.ofVirtual().start(() -> {
                try {
                    stalled.loop.renewNow("shop.example.com");
                } catch (Exception e) {
                    // it fails: its write is refused
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ca.orderCount() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(600); // past the stalled node's 300 ms lease
            store.renewLeases = true;
            CertificateRecord takenOver = loop.renewNow("shop.example.com"); // the node that takes over
            ca.gate.release(); // now the stalled node's CA answers, too late
            late.join(10_000);
            assertEquals(2, ca.orderCount());
            assertEquals(takenOver.serial(), certs.get("shop.example.com").serial(), "the late certificate was refused");
            assertFalse(loop.statuses().containsKey("shop.example.com"), "a refused late write is not an order failure");
        }
    }

    @Test
    void aFailedOrderBacksOffUntilTheCasRetryAfterAndTheNextOneInstallsTheCertificate() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        Instant retryAfter = clock.instant().plus(Duration.ofMinutes(10));
        ca.failures.add(new IssueFailure("rateLimited: too many certificates", retryAfter, null));

        Refused failed = assertThrows(Refused.class, () -> loop.renewNow("shop.example.com"));
        assertEquals(Refused.Kind.UPSTREAM_FAILED, failed.kind());
        assertTrue(failed.getMessage().contains("rateLimited: too many certificates"), failed.getMessage());
        assertTrue(certs.find("shop.example.com").isEmpty(), "a failed order stores no certificate");
        OrderStatus status = loop.statuses().get("shop.example.com");
        assertNotNull(status, "the failure is kept for the operator");
        assertEquals(1, status.failures());
        assertEquals(retryAfter, Instant.parse(status.nextAttemptAt()), "the CA's Retry-After (10 min) wins over the 30 s back-off");

        loop.sweep();
        assertEquals(1, ca.orderCount(), "a sweep while backed off orders nothing");

        CertificateRecord installed = loop.renewNow("shop.example.com");
        assertEquals("fake", installed.source());
        assertEquals(2, ca.orderCount());
        assertFalse(loop.statuses().containsKey("shop.example.com"), "a success clears the failure");
        assertEquals(installed.serial(), certs.get("shop.example.com").serial());
    }

    @Test
    void failuresInARowDoubleTheBackOff() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        for (int i = 0; i < 3; i++) {
            ca.failures.add(new IssueFailure("connection refused", null, null));
        }
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThrows(Refused.class, () -> loop.renewNow("shop.example.com"));
            OrderStatus status = loop.statuses().get("shop.example.com");
            assertEquals(i, status.failures());
            waits.add(Duration.between(clock.instant(), Instant.parse(status.nextAttemptAt())));
        }
        for (int i = 0; i < 3; i++) {
            Duration base = RenewalSchedule.FIRST_BACKOFF.multipliedBy(1L << i);
            Duration wait = waits.get(i);
            assertTrue(wait.compareTo(base.multipliedBy(4).dividedBy(5).minusSeconds(1)) >= 0
                    && wait.compareTo(base.multipliedBy(6).dividedBy(5)) <= 0, "failure " + (i + 1) + " waits " + wait + ", about " + base);
        }
    }

    @Test
    void aSweepOrdersOnlyWhatIsDueAndARenewalNamesTheCertificateItReplaces() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        CertificateRecord first = loop.renewNow("shop.example.com");
        assertEquals(1, ca.orderCount());

        clock.now = clock.now.plus(Duration.ofDays(59));
        loop.sweep();
        Thread.sleep(200); // an order, if one were started, runs on its own thread
        assertEquals(1, ca.orderCount(), "day 59 of 90: not due");

        clock.now = clock.now.plus(Duration.ofDays(1));
        loop.sweep();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (certs.get("shop.example.com").serial().equals(first.serial()) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(2, ca.orderCount(), "day 60 of 90: renewed");
        assertFalse(certs.get("shop.example.com").serial().equals(first.serial()), "the renewed certificate is installed");
        assertEquals(first.serial(), ca.replaced.get(1).getSerialNumber().toString(16), "the renewal names the certificate it replaces");
        assertTrue(ca.replaced.get(0) == NONE, "the first order replaces nothing");
    }

    @Test
    void helyosdRenewsOnlyTheCertificatesItGetsItself() throws Exception {
        routes.add("plain.example.com", "shop", "web", Route.NONE, null);
        Refused none = assertThrows(Refused.class, () -> loop.renewNow("plain.example.com"));
        assertEquals(Refused.Kind.INVALID, none.kind());
        assertTrue(none.getMessage().contains("TLS mode 'none'"), none.getMessage());

        Refused missing = assertThrows(Refused.class, () -> loop.renewNow("nowhere.example.com"));
        assertEquals(Refused.Kind.NOT_FOUND, missing.kind());
        assertEquals(0, ca.orderCount());
    }

    @Test
    void whenTheNodeHoldingAnOrderDiesAnotherTakesItOverOnceTheLeaseLapses() throws Exception {
        routes.add("shop.example.com", "shop", "web", Route.AUTO, null);
        try (Node dying = new Node(Duration.ofMillis(300))) {
            ca.gate = new java.util.concurrent.Semaphore(0);
            store.renewLeases = false; // the dying node stops renewing its lease
            Thread.ofVirtual().start(() -> {
                try {
                    dying.loop.renewNow("shop.example.com");
                } catch (Exception e) {
                    // it never finishes in time
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ca.orderCount() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            loop.start(); // sees the route, finds the order held elsewhere, and waits for the lease
            Thread.sleep(600);
            store.renewLeases = true;
            until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (certs.find("shop.example.com").isEmpty() && System.nanoTime() < until) {
                clock.now = clock.now.plusSeconds(1); // this node's clock moves on past the lease
                loop.kick();
                Thread.sleep(100);
            }
            assertTrue(certs.find("shop.example.com").isPresent(), "taken over after the lease lapsed");
            assertEquals(2, ca.orderCount(), "the CA saw one extra order: " + ca.orders);
            ca.gate.release();
        }
    }
}
