package dev.helyos.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes and ready pods in, the snapshot a backend gets out, and what the backend said back: no daemon, no proxy. */
class ProxyReconcilerTest {

    /** A backend that keeps what it was given and refuses the domains it is told to. */
    static final class RecordingBackend implements ProxyBackend {
        final List<ProxySnapshot> applied = new ArrayList<>();
        Map<String, String> refuse = Map.of();

        @Override
        public ApplyResult apply(ProxySnapshot desired) {
            applied.add(desired);
            return new ApplyResult(refuse, null);
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void routesAndReadyPodsBecomeTheSnapshotAndTheBackendsAnswerTheRouteStates() throws Exception {
        CountingStore store = new CountingStore();
        Records<Route> routes = new Records<>(store, Json.mapper(), Route.class, "routes/");
        routes.put("b.example.com", new Route("b.example.com", "shop", "web", Route.AUTO, "acme", "2026-12-01T00:00:00Z"));
        routes.put("a.example.com", new Route("a.example.com", "shop", "api", Route.NONE, null, "2026-12-01T00:00:00Z"));
        RecordingBackend backend = new RecordingBackend();
        ProxyRoute.TlsFiles files = new ProxyRoute.TlsFiles(Path.of("/dev/shm/b.pem"), Path.of("/dev/shm/b.key"), "1");
        List<String> changes = new ArrayList<>();
        InetSocketAddress challenge = new InetSocketAddress("127.0.0.1", 8099);
        ProxyReconciler proxy = new ProxyReconciler(store, Json.mapper(), new MovableClock(),
                () -> Map.of("shop/web", List.of(new ProxyRoute.Upstream("127.0.0.1", 32768), new ProxyRoute.Upstream("127.0.0.1", 32769))), route -> route.tlsMode().equals(Route.AUTO) ? files : null,
                challenge, (id, manage) -> backend);
        proxy.observe(new ProxyReconciler.Activity() {
            @Override
            public void routeChanged(String domain, String status, String error) {
                changes.add(domain + " " + status + (error == null ? "" : " " + error));
            }
        });
        proxy.open("recording");
        assertEquals("pending", proxy.state("a.example.com").status(), "nothing applied yet");

        proxy.applyNow();
        ProxySnapshot snapshot = backend.applied.getLast();
        assertEquals(List.of("a.example.com", "b.example.com"), snapshot.routes().stream().map(ProxyRoute::domain).toList(),
                "in domain order");
        assertEquals(List.of(), snapshot.routes().get(0).upstreams(), "a deployment with no ready pod: no upstream (the proxy answers 503)");
        assertNull(snapshot.routes().get(0).tls());
        assertEquals(List.of(new ProxyRoute.Upstream("127.0.0.1", 32768), new ProxyRoute.Upstream("127.0.0.1", 32769)),
                snapshot.routes().get(1).upstreams());
        assertEquals(files, snapshot.routes().get(1).tls());
        assertEquals(8099, snapshot.challengePort());
        assertEquals("127.0.0.1", snapshot.challengeHost());
        assertEquals("active", proxy.state("b.example.com").status());
        assertEquals(List.of("a.example.com active", "b.example.com active"), changes);

        backend.refuse = Map.of("b.example.com", "nginx: [emerg] invalid server name");
        proxy.applyNow();
        assertEquals("failed", proxy.state("b.example.com").status());
        assertEquals("nginx: [emerg] invalid server name", proxy.state("b.example.com").error());
        assertEquals(1, proxy.failedRoutes());
        assertEquals("b.example.com failed nginx: [emerg] invalid server name", changes.getLast());
        proxy.applyNow();
        assertEquals(3, changes.size(), "a state that stays is not reported again");
        proxy.close();
    }
}
