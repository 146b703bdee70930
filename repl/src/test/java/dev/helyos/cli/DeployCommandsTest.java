package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code helyos init|deploy|deployments|pods|status|scale|stop|start|logs|rm} against a live daemon and a real engine. */
class DeployCommandsTest extends LoggedInTest {

    @BeforeAll
    static void needsEngine() {
        EngineTests.dockerHost();
    }

    private Path write(String name, String yaml) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void initDeployInspectScaleAndRemove() throws Exception {
        assertEquals(0, Run.helyos(config, "project", "create", "shop").exit);
        Path spec = home.resolve("web.yaml");
        Run init = Run.helyos(config, "init", "web", "--image", "helyos-test/busybox:1", "--port", "8080", "--replicas", "2",
                "-p", "shop", "-o", spec.toString());
        assertEquals("✓ Wrote " + spec + " — deploy it with: helyos deploy " + spec + "\n", init.out, init.toString());
        Run again = Run.helyos(config, "init", "web", "--image", "x", "-o", spec.toString());
        assertEquals(1, again.exit);
        assertTrue(again.err.startsWith("✗ " + spec + " exists already\n  hint: pass --force"), again.err);

        Run deploy = Run.helyos(config, "deploy", spec.toString(), "--timeout", "60");
        assertEquals(0, deploy.exit, deploy.toString());
        assertTrue(deploy.out.contains("  helyos-shop-web-0  running  ready\n"), deploy.out);
        assertTrue(deploy.out.contains("  helyos-shop-web-1  running  ready\n"), deploy.out);
        assertTrue(deploy.out.matches("(?s).*✓ Deployed shop/web: 2/2 replicas ready \\(\\d+\\.\\ds\\)\n"), deploy.out);
        Run same = Run.helyos(config, "deploy", spec.toString());
        assertEquals("✓ shop/web is up to date: 2/2 replicas ready\n", same.out.lines().reduce((a, b) -> b).orElse("") + "\n");

        Run deployments = Run.helyos(config, "deployments", "-p", "shop");
        assertTrue(deployments.out.startsWith("Deployments in shop 1 total\n"), deployments.out);
        assertTrue(deployments.out.matches("(?s).*│ web +│ helyos-test/busybox:1 │ 2/2 +│ ready +│.*"), deployments.out);
        Run pods = Run.helyos(config, "pods", "-p", "shop");
        assertTrue(pods.out.matches("(?s).*│ helyos-shop-web-1 │ web +│ running │ yes +│ 0 +│ 8080→\\d+ │.*"), pods.out);
        Run status = Run.helyos(config, "status", "web", "-p", "shop");
        assertTrue(status.out.startsWith("Deployment shop/web: ready (2/2 ready, running)\n"), status.out);
        assertTrue(status.out.matches("(?s).*\nNode: {7}\\S+\n.*"), "the node that runs it: " + status.out);
        Run elsewhere = Run.helyos(config, "deploy", write("lost.yaml", "project: shop\ndeployment:\n  name: lost\n"
                + "image: helyos-test/busybox:1\nnode: nowhere\n").toString());
        assertEquals(1, elsewhere.exit, elsewhere.toString());
        assertTrue(elsewhere.err.startsWith("✗ node: no node named 'nowhere' has joined this store"), elsewhere.err);
        Run summary = Run.helyos(config, "status", "-p", "shop");
        assertTrue(summary.out.contains("Pods: 2, 2 running\n"), summary.out);

        assertEquals("✓ Scaled shop/web to 1 replica\n", Run.helyos(config, "scale", "web", "1", "-p", "shop").out);
        Run bad = Run.helyos(config, "scale", "web", "-1", "-p", "shop");
        assertEquals(1, bad.exit);
        Run tooMany = Run.helyos(config, "scale", "web", "101", "-p", "shop");
        assertTrue(tooMany.err.startsWith("✗ replicas must be between 0 and 100, got 101"), tooMany.err);
        assertEquals(0, Run.helyos(config, "stop", "web", "-p", "shop").exit);
        assertEquals(0, Run.helyos(config, "start", "web", "-p", "shop").exit);

        Run refuse = Run.helyos(config, "rm", "web", "-p", "shop");
        assertEquals(1, refuse.exit);
        assertTrue(refuse.err.startsWith("✗ Remove deployment shop/web and its "), refuse.err);
        assertTrue(refuse.err.contains("pass -y to confirm"), refuse.err);
        assertEquals("✓ Removed shop/web\n", Run.helyos(config, "rm", "web", "-y", "-p", "shop").out);
        assertEquals(1, Run.helyos(config, "status", "web", "-p", "shop").exit);
        assertEquals(0, Run.helyos(config, "project", "delete", "shop").exit);
    }

    @Test
    void statusWithoutAProjectShowsTheDaemonsComponents() throws Exception {
        Run status = Run.helyos(config, "status");
        assertEquals(0, status.exit, status.toString());
        assertTrue(status.out.matches("(?s)helyosd \\S+ · (ready|not ready)\n.*"), status.out);
        assertTrue(status.out.contains("\n  store         ready · mapdb\n"), status.out);
        assertTrue(status.out.matches("(?s).*\n  runtime       ready · docker\n.*"), status.out);
        assertTrue(status.out.matches("(?s).*\n  proxy         (ready|waiting: [^\n]*) · \\S+.*"), status.out);
        assertTrue(status.out.contains("\n  certificates  ready · "), status.out);
        assertTrue(status.out.contains("renewal sweep last "), status.out);
        assertTrue(status.out.contains("Deployments in default"), "the context's project follows: " + status.out);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Run.helyos(config, "--json", "status").out);
        List<?> components = (List<?>) ((Map<?, ?>) json.get("daemon")).get("components");
        assertEquals(List.of("store", "runtime", "proxy", "certificates"), components.stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertFalse(Run.helyos(config, "status", "-p", "default").out.contains("helyosd "), "-p shows only the project");
        Run js = Run.helyos(config, "script", "eval", "helyos.status().components.map(c => c.name).join()");
        assertEquals("store,runtime,proxy,certificates\n", js.out, js.toString());
    }

    @Test
    void statusShowsTheDaemonEvenWhenTheEngineIsMissing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (LiveDaemon offline = LiveDaemon.start(dir, Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock")), "--runtime", "docker")) {
            Path other = dir.resolve("config.toml");
            assertEquals(0, Run.helyos(other, "login", offline.url(), "--token", offline.token).exit);
            Run status = Run.helyos(other, "status");
            for (int i = 0; i < 50 && status.out.contains("not checked yet"); i++) {
                Thread.sleep(100); // the engine's first probe runs in the background
                status = Run.helyos(other, "status");
            }
            assertEquals(0, status.exit, status.toString());
            assertTrue(status.out.startsWith("helyosd "), status.out);
            assertTrue(status.out.contains(" · not ready\n"), status.out);
            assertTrue(status.out.contains("\n  runtime       waiting: no Docker engine answered at unix://"), status.out);
            assertTrue(status.err.contains("project default: no Docker engine answered"), status.err);
        }
    }

    @Test
    void aDeployOfANewProjectCreatesItAndSaysSo() throws Exception {
        Path spec = write("fresh.yaml", "project: fresh\ndeployment:\n  name: web\nimage: helyos-test/busybox:1\nports: [8080]\n");
        Run deploy = Run.helyos(config, "deploy", spec.toString(), "--timeout", "60");
        assertEquals(0, deploy.exit, deploy.toString());
        assertTrue(deploy.out.startsWith("✓ created project fresh\n"), deploy.out);
        assertTrue(deploy.out.matches("(?s).*✓ Deployed fresh/web: 1/1 replicas ready \\(\\d+\\.\\ds\\)\n"), deploy.out);
        Run again = Run.helyos(config, "--json", "deploy", spec.toString(), "--timeout", "0");
        assertEquals(false, ((Map<?, ?>) Json.parse(again.out)).get("project_created"), again.out);
        Run events = Run.helyos(config, "events", "--type", "deploy");
        assertTrue(events.out.matches("(?s).*\\d+  \\S+  deploy\\.started  web \\(fresh\\)  created\n.*"), events.out);
        assertTrue(events.out.matches("(?s).*\\d+  \\S+  deploy\\.done  web \\(fresh\\)  1/1 replicas ready\n.*"), events.out);
        Run js = Run.helyos(config, "script", "eval",
                "helyos.events.list({type: 'deploy'}).filter(e => e.project === 'fresh').map(e => e.action).join()");
        assertEquals("started,done\n", js.out, js.toString());
        Run badType = Run.helyos(config, "events", "--type", "dns");
        assertEquals(1, badType.exit);
        assertTrue(badType.err.startsWith("✗ --type must be one of cert, route, pod, deploy, proxy (got 'dns')"), badType.err);
        assertTrue(Run.helyos(config, "project", "list").out.contains("fresh"));
        assertEquals(0, Run.helyos(config, "project", "delete", "fresh", "--force", "--yes").exit);
    }

    @Test
    void logsAndAFailingDeployExplainsItself() throws Exception {
        Path app = write("talky.yaml", "project: default\ndeployment:\n  name: talky\nimage: helyos-test/app:1\nports: [8080]\n");
        assertEquals(0, Run.helyos(config, "deploy", app.toString()).exit);
        Run logs = Run.helyos(config, "logs", "talky", "--tail", "5");
        assertEquals(0, logs.exit, logs.toString());
        assertTrue(logs.out.contains("app starting API_KEY=\n"), logs.out);
        assertTrue(logs.err.contains("app-stderr\n"), "stderr lines go to stderr: " + logs);
        Run json = Run.helyos(config, "--json", "logs", "talky", "--tail", "1");
        Map<?, ?> line = (Map<?, ?>) Json.parse(json.out.lines().findFirst().orElseThrow());
        assertEquals("helyos-default-talky-0", line.get("pod"));
        assertEquals(0, Run.helyos(config, "rm", "talky", "-y").exit);

        Path crashing = write("crashy.yaml", "project: default\ndeployment:\n  name: crashy\nimage: helyos-test/app:1\n"
                + "env:\n  EXIT_AFTER: \"0\"\n  EXIT_CODE: \"3\"\n");
        Run failed = Run.helyos(config, "deploy", crashing.toString(), "--timeout", "4");
        assertEquals(1, failed.exit, failed.toString());
        assertTrue(failed.err.startsWith("✗ default/crashy not ready after 4s: 0/1 ready — helyos-default-crashy-0: "), failed.err);
        assertTrue(failed.err.contains("exited with code 3"), failed.err);
        assertTrue(failed.err.contains("hint: see helyos status crashy -p default and helyos logs crashy -p default"), failed.err);
        assertEquals(0, Run.helyos(config, "rm", "crashy", "-y").exit);
    }

    @Test
    void badInputIsAClearError() throws Exception {
        Run missing = Run.helyos(config, "deploy", home.resolve("nope.yaml").toString());
        assertEquals(1, missing.exit);
        assertTrue(missing.err.startsWith("✗ cannot read " + home.resolve("nope.yaml") + ": no such file\n"), missing.err);
        Path bad = write("bad.yaml", "project: default\ndeployment:\n  name: x\nimage: helyos-test/busybox:1\nreplicas: 0\n");
        Run invalid = Run.helyos(config, "deploy", bad.toString());
        assertEquals(1, invalid.exit);
        assertTrue(invalid.err.startsWith("✗ replicas must be at least 1"), invalid.err);
        Run badName = Run.helyos(config, "init", "Web", "--image", "x", "-o", home.resolve("w.yaml").toString());
        assertTrue(badName.err.startsWith("✗ deployment.name must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Web')"),
                badName.err);
        assertFalse(Files.exists(home.resolve("w.yaml")));
        Run fromStdin = Run.helyos(config, Map.of(), "project: default\ndeployment:\n  name: piped\nimage: helyos-test/busybox:1\n",
                "deploy", "-", "--timeout", "0");
        assertEquals("✓ Deployed default/piped (not waiting for it to be ready)\n", fromStdin.out, fromStdin.toString());
        assertEquals(0, Run.helyos(config, "rm", "piped", "-y").exit);
    }

    @Test
    void aDeployThatCannotGetReadySaysWhyAtOnceWhenItsProjectIsSuspended() throws Exception {
        assertEquals(0, Run.helyos(config, "project", "create", "paused").exit);
        assertEquals(0, Run.helyos(config, "project", "suspend", "paused").exit);
        Path spec = write("paused.yaml", "project: paused\ndeployment:\n  name: web\nimage: helyos-test/busybox:1\n");
        long start = System.nanoTime();
        Run deploy = Run.helyos(config, "deploy", spec.toString(), "--timeout", "60");
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "no waiting for the timeout: " + deploy);
        assertEquals(1, deploy.exit, deploy.toString());
        assertEquals("✗ paused/web is deployed but stopped: project paused is suspended\n"
                + "  hint: helyos start web -p paused starts it; a suspended project needs helyos project resume paused\n", deploy.err);
        assertEquals(0, Run.helyos(config, "project", "delete", "paused", "--force", "--yes").exit);
    }

    @Test
    void scriptsGetTheReasonWhenADeployIsNotReadyInTime() {
        Run run = Run.helyos(config, "script", "eval", """
                try {
                  helyos.deploy({project: 'default', deployment: {name: 'js-crashy'}, image: 'helyos-test/app:1',
                                 env: {EXIT_AFTER: '0', EXIT_CODE: '3'}}, {timeout: 4});
                  'ready?!'
                } catch (e) {
                  e.name + ': ' + e.message
                } finally {
                  helyos.deployments.remove('js-crashy');
                }""");
        assertEquals(0, run.exit, run.toString());
        assertTrue(run.out.startsWith("HelyosError: default/js-crashy not ready after 4s: 0/1 ready — helyos-default-js-crashy-0: "), run.out);
        assertTrue(run.out.contains("exited with code 3"), run.out);
    }

    @Test
    void scriptsDeployListAndReadLogs() {
        Run run = Run.helyos(config, "script", "eval", """
                const d = helyos.deploy({project: 'default', deployment: {name: 'js-app'}, image: 'helyos-test/app:1',
                                         replicas: 2, ports: [8080]}, {timeout: 60});
                const names = helyos.deployments.list().map(x => x.name).join();
                const pods = helyos.pods.list().filter(p => p.deployment_name === 'js-app').length;
                const logs = helyos.deployments.logs('js-app', {tail: 1}).map(l => l.pod).sort().join();
                helyos.deployments.scale('js-app', 1);
                const here = d.node === helyos.nodes.list()[0].name;
                helyos.deployments.remove('js-app');
                [d.status, d.ready_replicas, names, pods, logs, here].join(' ')""");
        assertEquals(0, run.exit, run.toString());
        assertEquals("ready 2 js-app 2 helyos-default-js-app-0,helyos-default-js-app-1 true\n", run.out);
        Run created = Run.helyos(config, "script", "eval", """
                const d = helyos.deploy({project: 'js-fresh', deployment: {name: 'web'}, image: 'helyos-test/busybox:1'}, {timeout: 0});
                const again = helyos.deploy({project: 'js-fresh', deployment: {name: 'web'}, image: 'helyos-test/busybox:1'}, {timeout: 0});
                helyos.deployments.remove('web', 'js-fresh');
                helyos.projects.delete('js-fresh');
                [d.name, d.project_created, again.project_created].join(' ')""");
        assertEquals("web true false\n", created.out, created.toString());
        Run bad = Run.helyos(config, "script", "eval", "helyos.deploy(42)");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.contains("helyos.deploy: argument 1 must be a spec"), bad.err);
        List<?> none = (List<?>) Json.parse(Run.helyos(config, "--json", "deployments").out);
        assertTrue(none.isEmpty(), none.toString());
    }
}
