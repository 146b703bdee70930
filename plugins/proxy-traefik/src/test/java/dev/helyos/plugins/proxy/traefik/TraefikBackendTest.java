package dev.helyos.plugins.proxy.traefik;

import static dev.helyos.plugins.proxy.traefik.TraefikConfigTest.plain;
import static dev.helyos.plugins.proxy.traefik.TraefikConfigTest.snapshot;
import static dev.helyos.plugins.proxy.traefik.TraefikSchema.assertSameKeys;
import static dev.helyos.plugins.proxy.traefik.TraefikSchema.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyException;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the file: atomically, only on change, refusing what could inject, falling back per route. */
class TraefikBackendTest {

    @TempDir
    Path tmp;

    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    ProxyContext context() {
        return new ProxyContext(tmp.resolve("proxy"), tmp.resolve("state"), 80, 443, false, Map.of());
    }

    ProxyBackend open() {
        return new TraefikBackendProvider().open(context());
    }

    Path file() {
        return tmp.resolve("proxy").resolve("helyos-dynamic.yml");
    }

    record Stamp(Object inode, FileTime mtime, String content) {
    }

    /** The file's identity, with its mtime first moved into the past so that any rewrite shows. */
    Stamp stampAged() throws IOException {
        Files.setLastModifiedTime(file(), LONG_AGO);
        return stamp();
    }

    Stamp stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file(), BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.lastModifiedTime(), Files.readString(file()));
    }

    List<String> dirListing() throws IOException {
        try (Stream<Path> s = Files.list(file().getParent())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    ProxyRoute.TlsFiles tlsFiles(String name, String version) throws IOException {
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        Path cert = certs.resolve(name + ".crt");
        Path key = certs.resolve(name + ".key");
        Files.writeString(cert, "cert");
        Files.writeString(key, "key");
        return new ProxyRoute.TlsFiles(cert, key, version);
    }

    @Test
    void openingWritesNothing() {
        ProxyBackend backend = open();
        assertFalse(Files.exists(tmp.resolve("proxy")));
        assertTrue(backend.describe().contains("unmanaged"), backend.describe());
        assertTrue(backend.describe().contains(file().toString()), backend.describe());
        backend.close();
        assertFalse(Files.exists(tmp.resolve("proxy")));
    }

    @Test
    void unchangedStateDoesNotTouchTheFile() throws IOException {
        ProxyBackend backend = open();
        ProxySnapshot state = snapshot(plain("a.example.com", 32768), plain("b.example.com"));
        assertTrue(backend.apply(state).ok());
        Stamp before = stampAged();
        assertTrue(backend.apply(state).ok());
        assertTrue(backend.apply(snapshot(plain("a.example.com", 32768), plain("b.example.com"))).ok());
        assertEquals(before, stamp());
        assertEquals(List.of("helyos-dynamic.yml"), dirListing());
    }

    @Test
    void aChangeReplacesTheFileByRename() throws IOException {
        ProxyBackend backend = open();
        assertTrue(backend.apply(snapshot(plain("a.example.com", 32768))).ok());
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
        Stamp before = stampAged();
        assertTrue(backend.apply(snapshot(plain("a.example.com", 32768, 32769))).ok());
        Stamp after = stamp();
        assertNotEquals(before.inode(), after.inode(), "a new file renamed over the old one, not an in-place write");
        assertNotEquals(LONG_AGO, after.mtime());
        assertTrue(after.content().contains("http://127.0.0.1:32769"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())),
                "the operator's mode is kept");
        assertEquals(List.of("helyos-dynamic.yml"), dirListing(), "no temporary file is left");
        assertValid(file());
    }

    @Test
    void aNewFileIsReadableByTraefik() throws IOException {
        assertTrue(open().apply(snapshot(plain("a.example.com", 1))).ok());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void aRestartedBackendOverTheSameStateLeavesTheFileAlone() throws IOException {
        ProxyRoute.TlsFiles tls = tlsFiles("s", "serial-1");
        ProxySnapshot state = snapshot(plain("a.example.com", 32768),
                new ProxyRoute("s.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1", 32769)), tls));
        ProxyBackend first = open();
        assertTrue(first.apply(state).ok());
        first.close();
        Stamp before = stampAged();

        ProxyBackend second = open();
        assertTrue(second.apply(state).ok());
        assertEquals(before, stamp());
    }

    @Test
    void aHandEditedFileIsPutBack() throws IOException {
        ProxyBackend backend = open();
        ProxySnapshot state = snapshot(plain("a.example.com", 32768));
        assertTrue(backend.apply(state).ok());
        String generated = Files.readString(file());
        Files.writeString(file(), generated + "# edited\n");
        assertTrue(backend.apply(state).ok());
        assertEquals(generated, Files.readString(file()));
    }

    @Test
    void removedRoutesDisappear() throws IOException {
        ProxyBackend backend = open();
        ProxyRoute tls = new ProxyRoute("b.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1", 2)), tlsFiles("b", "1"));
        assertTrue(backend.apply(snapshot(plain("a.example.com", 1), tls, plain("c.example.com"))).ok());

        assertTrue(backend.apply(snapshot(plain("a.example.com", 1))).ok());
        JsonNode config = assertValid(file());
        assertSameKeys(List.of("helyos-a-example-com", "helyos-a-example-com_acme"), config.at("/http/routers"));
        assertSameKeys(List.of("helyos-a-example-com", "helyos_acme-challenge"), config.at("/http/services"));
        assertTrue(config.at("/http/middlewares").isMissingNode(), "the redirect went with the last TLS route");
        assertTrue(config.path("tls").isMissingNode(), "the certificate went with its route");
        String text = Files.readString(file());
        assertFalse(text.contains("b.example.com") || text.contains("c.example.com") || text.contains("certificate versions"), text);

        assertTrue(backend.apply(snapshot()).ok());
        assertTrue(assertValid(file()).isEmpty());
    }

    @Test
    void aRenewedCertificateAtTheSamePathsRewritesTheFile() throws IOException {
        ProxyBackend backend = open();
        ProxyRoute.TlsFiles v1 = tlsFiles("s", "serial-1");
        ProxyRoute.TlsFiles v2 = new ProxyRoute.TlsFiles(v1.certificateChain(), v1.privateKey(), "serial-2");
        assertTrue(backend.apply(snapshot(new ProxyRoute("s.example.com", List.of(), v1))).ok());
        Stamp before = stampAged();
        assertTrue(backend.apply(snapshot(new ProxyRoute("s.example.com", List.of(), v2))).ok());
        Stamp after = stamp();
        assertNotEquals(before.inode(), after.inode(), "Traefik only rereads certificates when its file changes");
        assertNotEquals(before.content(), after.content());
        assertFalse(after.content().contains("serial-2"), "the version itself is never written, only a digest");
        assertValid(file());
    }

    static final List<String> HOSTILE_DOMAINS = List.of(
            "a.example.com`) || Host(`evil.example.com",
            "a.example.com`)||PathPrefix(`/",
            "a.example.com\"",
            "a.example.com'",
            "a.example.com\nhttp:\n  routers: {}",
            "a.example.com\r",
            "a.example.com\u0000",
            "a.example.com #",
            "{{ .Env }}.example.com",
            "a.example.com: {evil: 1}",
            "*.example.com",
            "A.example.com",
            "exämple.com",
            "a..example.com",
            ".example.com",
            "example.com.",
            "-a.example.com",
            "a-.example.com",
            "a_b.example.com",
            "a/b.example.com",
            "a".repeat(64) + ".example.com",
            ("abcdefghi.").repeat(26) + "com",
            "");

    @Test
    void hostileDomainsAreRefusedAndNeverReachTheFile() throws IOException {
        ProxyBackend backend = open();
        List<ProxyRoute> routes = new ArrayList<>();
        routes.add(plain("good.example.com", 32768));
        for (String domain : HOSTILE_DOMAINS) {
            routes.add(plain(domain, 32769));
        }
        ApplyResult result = backend.apply(new ProxySnapshot(routes, "127.0.0.1", 8089));

        assertNull(result.error());
        assertEquals(HOSTILE_DOMAINS.stream().sorted().toList(), result.failedRoutes().keySet().stream().sorted().toList());
        result.failedRoutes().values().forEach(why -> assertTrue(why.startsWith("not a host name") || why.equals("empty domain"), why));
        assertTrue(result.failedRoutes().get(HOSTILE_DOMAINS.getFirst()).contains("'`'"), result.failedRoutes().toString());

        JsonNode config = assertValid(file());
        assertSameKeys(List.of("helyos-good-example-com", "helyos-good-example-com_acme"), config.at("/http/routers"));
        String text = Files.readString(file());
        for (String fragment : List.of("evil", "32769", "{{", "Env", "exämple", "*.", "a_b", "aaaa")) {
            assertFalse(text.contains(fragment), fragment + " reached the file:\n" + text);
        }
    }

    @Test
    void hostileUpstreamsAndCertificatePathsAreRefused() throws IOException {
        ProxyBackend backend = open();
        ProxyRoute.TlsFiles good = tlsFiles("t", "1");
        Path brace = Files.writeString(tmp.resolve("{{ .Env }}.pem"), "x");
        Path newline = Files.writeString(tmp.resolve("n\nx.pem"), "x");
        Map<String, ProxyRoute> hostile = Map.of(
                "u1.example.com", new ProxyRoute("u1.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1/evil", 1)), null),
                "u2.example.com", new ProxyRoute("u2.example.com", List.of(new ProxyRoute.Upstream("evil@127.0.0.1", 1)), null),
                "u3.example.com", new ProxyRoute("u3.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1\"\n", 1)), null),
                "u4.example.com", new ProxyRoute("u4.example.com", List.of(new ProxyRoute.Upstream("", 1)), null),
                "u5.example.com", new ProxyRoute("u5.example.com", List.of(new ProxyRoute.Upstream("::1]:80/evil[", 1)), null),
                "c1.example.com", new ProxyRoute("c1.example.com", List.of(), new ProxyRoute.TlsFiles(brace, good.privateKey(), "1")),
                "c2.example.com", new ProxyRoute("c2.example.com", List.of(), new ProxyRoute.TlsFiles(good.certificateChain(), newline, "1")),
                "c3.example.com", new ProxyRoute("c3.example.com", List.of(), new ProxyRoute.TlsFiles(Path.of("relative.pem"), good.privateKey(), "1")),
                "c4.example.com", new ProxyRoute("c4.example.com", List.of(), new ProxyRoute.TlsFiles(tmp.resolve("missing.pem"), good.privateKey(), "1")));
        List<ProxyRoute> routes = new ArrayList<>(hostile.values());
        routes.add(new ProxyRoute("ok.example.com", List.of(new ProxyRoute.Upstream("localhost", 5)), good));
        routes.sort((a, b) -> a.domain().compareTo(b.domain()));

        ApplyResult result = backend.apply(new ProxySnapshot(routes, "127.0.0.1", 8089));
        assertNull(result.error());
        assertEquals(hostile.keySet().stream().sorted().toList(), result.failedRoutes().keySet().stream().sorted().toList());
        assertTrue(result.failedRoutes().get("c4.example.com").contains("does not exist"), result.failedRoutes().toString());
        assertTrue(result.failedRoutes().get("u3.example.com").contains("\\u000a"), "the reason is printable: " + result.failedRoutes());

        JsonNode config = assertValid(file());
        assertSameKeys(List.of("helyos-ok-example-com", "helyos-ok-example-com_https", "helyos-ok-example-com_acme"), config.at("/http/routers"));
        assertEquals("http://localhost:5", config.at("/http/services/helyos-ok-example-com/loadBalancer/servers/0/url").asText());
        String text = Files.readString(file());
        assertFalse(text.contains("evil") || text.contains("{{") || text.contains("missing.pem") || text.contains("relative"), text);
    }

    @Test
    void aRefusedRouteKeepsItsLastWorkingConfiguration() throws IOException {
        ProxyBackend backend = open();
        ProxyRoute.TlsFiles v1 = tlsFiles("s", "1");
        ProxyRoute working = new ProxyRoute("s.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1", 1)), v1);
        assertTrue(backend.apply(snapshot(working, plain("t.example.com", 2))).ok());
        String before = Files.readString(file());

        ProxyRoute broken = new ProxyRoute("s.example.com", List.of(new ProxyRoute.Upstream("127.0.0.1", 3)),
                new ProxyRoute.TlsFiles(tmp.resolve("gone.crt"), v1.privateKey(), "2"));
        ApplyResult result = backend.apply(snapshot(broken, plain("t.example.com", 2)));
        assertEquals(List.of("s.example.com"), List.copyOf(result.failedRoutes().keySet()));
        assertEquals(before, Files.readString(file()), "s keeps port 1 and its old certificate");

        result = backend.apply(snapshot(broken, plain("t.example.com", 4)));
        assertEquals(List.of("s.example.com"), List.copyOf(result.failedRoutes().keySet()));
        JsonNode config = assertValid(file());
        assertEquals("http://127.0.0.1:1", config.at("/http/services/helyos-s-example-com/loadBalancer/servers/0/url").asText());
        assertEquals("http://127.0.0.1:4", config.at("/http/services/helyos-t-example-com/loadBalancer/servers/0/url").asText());
        assertEquals(v1.certificateChain().toString(), config.at("/tls/certificates/0/certFile").asText());

        // A new route that is refused gets nothing.
        result = backend.apply(snapshot(new ProxyRoute("new.example.com", List.of(), broken.tls())));
        assertEquals(List.of("new.example.com"), List.copyOf(result.failedRoutes().keySet()));
        assertTrue(assertValid(file()).isEmpty());
    }

    @Test
    void aDuplicateDomainIsReportedAndTheFirstServed() {
        ApplyResult result = open().apply(snapshot(plain("a.example.com", 1), plain("a.example.com", 2)));
        assertEquals(List.of("a.example.com"), List.copyOf(result.failedRoutes().keySet()));
        assertEquals("http://127.0.0.1:1", assertValid(file()).at("/http/services/helyos-a-example-com/loadBalancer/servers/0/url").asText());
    }

    @Test
    void aBadChallengeListenerFailsTheWholeApplyAndKeepsTheFile() throws IOException {
        ProxyBackend backend = open();
        assertTrue(backend.apply(snapshot(plain("a.example.com", 1))).ok());
        Stamp before = stampAged();
        for (ProxySnapshot bad : List.of(new ProxySnapshot(List.of(plain("b.example.com", 1)), "127.0.0.1`)", 8089),
                new ProxySnapshot(List.of(plain("b.example.com", 1)), "127.0.0.1", 0))) {
            ApplyResult result = backend.apply(bad);
            assertNotNull(result.error());
            assertTrue(result.error().contains("challenge"), result.error());
        }
        assertEquals(before, stamp());
    }

    @Test
    void anUnwritableDirectoryIsAnErrorNotAnException() throws IOException {
        Files.writeString(tmp.resolve("blocker"), "a file where a directory should be");
        ProxyBackend backend = new TraefikBackendProvider().open(
                new ProxyContext(tmp.resolve("blocker").resolve("proxy"), tmp.resolve("state"), 80, 443, false, Map.of()));
        ApplyResult result = backend.apply(snapshot(plain("a.example.com", 1)));
        assertNotNull(result.error());
        assertTrue(result.error().startsWith("cannot write " + tmp.resolve("blocker")), result.error());
    }

    @Test
    void temporaryFilesLeftByACrashAreSwept() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file().resolveSibling("helyos-dynamic.yml.123456.tmp"), "half a file");
        Files.writeString(file().resolveSibling("someone-elses.yml"), "kept");
        assertTrue(open().apply(snapshot()).ok());
        assertEquals(List.of("helyos-dynamic.yml", "someone-elses.yml"), dirListing());
    }

    @Test
    void managingTraefikIsRefusedAtOpen() {
        ProxyException e = assertThrows(ProxyException.class, () -> new TraefikBackendProvider().open(
                new ProxyContext(tmp.resolve("proxy"), tmp.resolve("state"), 8080, 8443, true, Map.of())));
        assertTrue(e.getMessage().contains("cannot run Traefik itself"), e.getMessage());
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(":8080") && e.getMessage().contains(":8443"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("proxy")));
    }

    @Test
    void optionsAndABadConfigDirAreRefusedAtOpen() throws IOException {
        ProxyException e = assertThrows(ProxyException.class, () -> new TraefikBackendProvider().open(
                new ProxyContext(tmp.resolve("proxy"), tmp.resolve("state"), 80, 443, false, Map.of("binary", "/usr/bin/traefik"))));
        assertTrue(e.getMessage().contains("binary"), e.getMessage());
        Files.writeString(tmp.resolve("plain-file"), "");
        e = assertThrows(ProxyException.class, () -> new TraefikBackendProvider().open(
                new ProxyContext(tmp.resolve("plain-file"), tmp.resolve("state"), 80, 443, false, Map.of())));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void theExtensionIsIndexedForPf4j() throws IOException {
        assertEquals("traefik", new TraefikBackendProvider().id());
        // The main classes' index (test classes may have an index of their own, earlier on the class path).
        Path index = Path.of(TraefikBackendProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("META-INF/extensions.idx");
        assertTrue(Files.isRegularFile(index), index + " (javac must run PF4J's annotation processor)");
        assertTrue(Files.readString(index).contains(TraefikBackendProvider.class.getName()));
    }
}
