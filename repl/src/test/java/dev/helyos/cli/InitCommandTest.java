package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.deploy.DeploymentSpec;
import dev.helyos.kernel.deploy.DeploymentSpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helyos init}: no daemon needed; the file it writes and the errors it refuses with are
 * checked against the daemon's own spec parser. (Deploying a written file: DeployCommandsTest.)
 */
class InitCommandTest {
    @TempDir
    Path home;

    private Run init(String... args) {
        return Run.helyos(home.resolve("config.toml"), Map.of(), "", args);
    }

    @Test
    void theWrittenSpecIsWhatTheServerReadsAndEveryCommentedExampleIsValidToo() throws Exception {
        Path file = home.resolve("specs/web.yaml");
        Files.createDirectories(file.getParent());
        Run run = init("init", "web", "--image", "ghcr.io/acme/web:1.2", "--port", "8080", "--port", "9090", "--replicas", "3",
                "-p", "shop", "-o", file.toString());
        assertEquals(0, run.exit, run.toString());
        assertEquals("✓ Wrote " + file + " — deploy it with: helyos deploy " + file + "\n", run.out);
        String yaml = Files.readString(file);
        assertTrue(yaml.startsWith("# A Helyos deployment spec. Deploy it with: helyos deploy " + file + "\n"), yaml);
        DeploymentSpec spec = DeploymentSpecParser.parse(yaml, "application/yaml");
        assertEquals("shop", spec.project());
        assertEquals("web", spec.deployment());
        assertEquals("ghcr.io/acme/web:1.2", spec.image());
        assertEquals(3, spec.replicas());
        assertEquals(List.of(8080, 9090), spec.ports());

        for (String field : List.of("env:", "secrets:", "healthcheck:", "restart:", "resources:", "volumes:", "network:")) {
            assertTrue(yaml.contains("\n# " + field), field + " has a commented example:\n" + yaml);
        }
        String uncommented = yaml.lines().skip(1).map(l -> l.startsWith("# ") ? l.substring(2) : l).collect(Collectors.joining("\n"));
        DeploymentSpec full = DeploymentSpecParser.parse(uncommented, "application/yaml");
        assertEquals("/health", full.healthcheck().path());
        assertEquals("app.example.com", full.network().domain());
        assertEquals(List.of("DB_PASSWORD"), full.secrets());
    }

    @Test
    void theProjectComesFromTheFlagElseTheContextElseDefault() throws Exception {
        Path a = home.resolve("a.yaml");
        assertEquals(0, init("init", "a", "--image", "nginx:1.27", "-o", a.toString()).exit);
        assertEquals("default", DeploymentSpecParser.parse(Files.readString(a), "application/yaml").project());
        Files.writeString(home.resolve("config.toml"), """
                current-context = "dev"

                [context.dev]
                server = "http://127.0.0.1:1"
                project = "shop"
                """);
        Path b = home.resolve("b.yaml");
        assertEquals(0, init("init", "b", "--image", "nginx:1.27", "-o", b.toString()).exit);
        assertEquals("shop", DeploymentSpecParser.parse(Files.readString(b), "application/yaml").project());
        Path c = home.resolve("c.yaml");
        assertEquals(0, init("init", "c", "--image", "nginx:1.27", "-p", "other", "-o", c.toString()).exit);
        assertEquals("other", DeploymentSpecParser.parse(Files.readString(c), "application/yaml").project());
    }

    @Test
    void badValuesAreRefusedInTheServersWordsAndNothingIsWritten() {
        String name63 = "a".repeat(63);
        List<List<String>> cases = List.of(
                List.of("Web", "default", "nginx:1.27", "1"),
                List.of("we_b", "default", "nginx:1.27", "1"),
                List.of("a".repeat(64), "default", "nginx:1.27", "1"),
                List.of("web", "Shop", "nginx:1.27", "1"),
                List.of("web", "default", "Nginx Latest", "1"),
                List.of("web", "default", "nginx:\"1\"", "1"),
                List.of("web", "default", "nginx:1.27", "0"),
                List.of("web", "default", "nginx:1.27", "101"),
                List.of(name63, "default", "nginx:1.27", "1", "0"),
                List.of(name63, "default", "nginx:1.27", "1", "8080", "8080"));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of("init", c.get(0), "--image", c.get(2), "-p", c.get(1), "--replicas", c.get(3),
                    "-o", home.resolve("out.yaml").toString()));
            List<String> ports = c.subList(4, c.size());
            ports.forEach(p -> args.addAll(List.of("--port", p)));
            String server = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(Json.write(Map.of(
                    "project", c.get(1), "deployment", Map.of("name", c.get(0)), "image", c.get(2),
                    "replicas", Integer.parseInt(c.get(3)), "ports", ports.stream().map(Integer::parseInt).toList()), false),
                    "application/json"), c.toString()).getMessage();
            Run run = init(args.toArray(String[]::new));
            assertEquals(1, run.exit, run.toString());
            assertEquals("✗ " + server + "\n", run.err, c.toString());
            assertFalse(Files.exists(home.resolve("out.yaml")), c.toString());
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForcedAndJsonIsOnlyJson() throws Exception {
        Path file = Files.writeString(home.resolve("web.yaml"), "mine\n");
        Run refused = init("init", "web", "--image", "nginx:1.27", "-o", file.toString());
        assertEquals(1, refused.exit);
        assertEquals("✗ " + file + " exists already\n  hint: pass --force to overwrite it, or -o FILE to write elsewhere\n", refused.err);
        assertEquals("mine\n", Files.readString(file));
        Run forced = init("--json", "init", "web", "--image", "nginx:1.27", "-o", file.toString(), "--force");
        assertEquals(0, forced.exit, forced.toString());
        assertEquals(Map.of("file", file.toString(), "project", "default", "name", "web"), Json.parse(forced.out));
        assertTrue(Files.readString(file).contains("\nimage: \"nginx:1.27\"\n"));
    }
}
