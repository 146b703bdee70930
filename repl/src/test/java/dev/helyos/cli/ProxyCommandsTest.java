package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.kernel.deploy.EngineTests;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helyos plugins}, {@code helyos proxy} and {@code helyos proxy use} against a daemon running a real nginx. */
class ProxyCommandsTest {
    @TempDir
    static Path daemonDir;
    @TempDir
    Path home;
    static LiveDaemon d;
    Path config;

    @BeforeAll
    static void start() throws Exception {
        EngineTests.dockerHost();
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            fail("nginx is not installed: apt-get install nginx; scripts/test installs it");
        }
        d = LiveDaemon.start(daemonDir, "--proxy-backend", "nginx", "--proxy-manage", "--proxy-http-port", Integer.toString(freePort()),
                "--proxy-https-port", Integer.toString(freePort()), "--proxy-opt", "address=127.0.0.1",
                "--proxy-config-dir", daemonDir.resolve("proxy").toString());
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @BeforeEach
    void login() {
        config = home.resolve("config.toml");
        assertEquals(0, Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local").exit);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void pluginsListsWhatTheDaemonLoaded() {
        Run plugins = Run.helyos(config, "plugins");
        assertEquals(0, plugins.exit, plugins.toString());
        assertTrue(plugins.out.startsWith("Plugins "), plugins.out);
        assertTrue(plugins.out.matches("(?s).*│ nginx +│ proxy +│ \\S+ +│ started +│.*"), plugins.out);
        assertTrue(plugins.out.matches("(?s).*│ mapdb +│ store +│.*"), plugins.out);
        assertTrue(plugins.out.matches("(?s).*│ docker +│ runtime +│.*"), plugins.out);
        Run js = Run.helyos(config, "script", "eval", "helyos.plugins.list().filter(p => p.kind === 'proxy').map(p => p.id).sort().join()");
        assertEquals("nginx,traefik\n", js.out, js.toString());
    }

    @Test
    void proxyShowsTheBackendAndUseSwitchesItLiveWithTheResultPerRoute() {
        Path spec = home.resolve("web.yaml");
        try {
            Files.writeString(spec, "project: default\ndeployment:\n  name: proxied\nimage: helyos-test/busybox:1\nports: [8080]\n");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, Run.helyos(config, "deploy", spec.toString(), "--timeout", "0").exit);
        assertEquals(0, Run.helyos(config, "route", "add", "proxied.example.com", "--deployment", "proxied").exit);

        Run show = Run.helyos(config, "proxy");
        assertEquals(0, show.exit, show.toString());
        assertTrue(show.out.startsWith("Backend:    nginx\n"), show.out);
        assertTrue(show.out.contains("Managed:    yes"), show.out);
        assertTrue(show.out.matches("(?s).*\nLast apply: \\S+, \\d+ routes in \\d+ ms, 0 failed\n.*"), show.out);

        Run toTraefik = Run.helyos(config, "proxy", "use", "traefik", "--no-manage");
        assertEquals(0, toTraefik.exit, toTraefik.toString());
        assertTrue(toTraefik.out.startsWith("switching the proxy to traefik…\n"), toTraefik.out);
        assertTrue(toTraefik.out.contains("  proxied.example.com  served by traefik\n"), toTraefik.out);
        assertTrue(toTraefik.out.endsWith("✓ proxy is traefik: 1 route(s) served\n"), toTraefik.out);
        assertTrue(Run.helyos(config, "proxy").out.startsWith("Backend:    traefik\n"));

        Run unknown = Run.helyos(config, "proxy", "use", "haproxy");
        assertEquals(1, unknown.exit);
        assertTrue(unknown.err.startsWith("✗ ") && unknown.err.contains("installed proxy plugins are nginx, traefik"), unknown.err);

        Run js = Run.helyos(config, "script", "eval", "const r = helyos.proxy.use('nginx', {manage: true}); [r.backend, helyos.proxy.get().backend].join()");
        assertEquals("nginx,nginx\n", js.out, js.toString());
        Run badJs = Run.helyos(config, "script", "eval", "helyos.proxy.use('nginx', {manage: 'yes'})");
        assertEquals(1, badJs.exit);
        assertTrue(badJs.err.contains("helyos.proxy.use: manage must be true or false"), badJs.err);
        assertEquals(0, Run.helyos(config, "route", "rm", "proxied.example.com").exit);
        assertEquals(0, Run.helyos(config, "rm", "proxied", "-y").exit);
    }
}
