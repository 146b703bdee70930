package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helyos project …} and {@code helyos secret …} against a live daemon. */
class ProjectCommandsTest extends LoggedInTest {

    @Test
    void projectsLifecycleWithTablesAndJson() {
        Run create = Run.helyos(config, "project", "create", "shop");
        assertEquals("✓ Created project 'shop'\n", create.out, create.toString());
        Run list = Run.helyos(config, "project", "list");
        assertTrue(list.out.startsWith("Projects 2 total\n┌"), list.out);
        assertTrue(list.out.matches("(?s).*│ shop +│ active +│.*"), list.out);
        assertEquals("suspended", ((Map<?, ?>) Json.parse(Run.helyos(config, "--json", "project", "suspend", "shop").out)).get("state"));
        assertEquals("✓ Resumed project 'shop'\n", Run.helyos(config, "project", "resume", "shop").out);
        Run bad = Run.helyos(config, "project", "create", "Shop");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.startsWith("✗ project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Shop')\n  hint: "), bad.err);
        Run force = Run.helyos(config, "project", "delete", "shop", "--force");
        assertEquals(1, force.exit);
        assertTrue(force.err.startsWith("✗ --force deletes everything in project 'shop'; confirm with --yes"), force.err);
        assertEquals(0, Run.helyos(config, "project", "delete", "shop", "--force", "--yes").exit);
        Run gone = Run.helyos(config, "project", "delete", "shop");
        assertEquals("✗ project 'shop' not found\n  hint: check the name (list what exists first)\n", gone.err);
    }

    @Test
    void secretsFromFlagStdinAndTheContextsProject() {
        assertEquals(0, Run.helyos(config, "project", "create", "shop").exit);
        assertEquals(0, Run.helyos(config, "context", "set", "local", "--project", "shop").exit);
        Run byFlag = Run.helyos(config, "secret", "set", "API_KEY", "--value", "k1");
        assertEquals("✓ Set secret 'API_KEY' in project 'shop'\n", byFlag.out, "-p falls back to the context's project");
        Run byStdin = Run.helyos(config, Map.of(), "from-stdin\n", "secret", "set", "DB_PASSWORD");
        assertEquals(0, byStdin.exit, byStdin.toString());
        Run list = Run.helyos(config, "--json", "secret", "list");
        assertEquals(List.of(Map.of("name", "API_KEY"), Map.of("name", "DB_PASSWORD")), Json.parse(list.out));
        assertFalse(list.out.contains("k1") || list.out.contains("from-stdin"));
        Run table = Run.helyos(config, "secret", "list", "-p", "shop");
        assertTrue(table.out.startsWith("Secrets in shop 2 total\n"), table.out);
        Run other = Run.helyos(config, "secret", "list", "-p", "default");
        assertTrue(other.out.startsWith("Secrets in default 0 total\n"), other.out);
        assertEquals(0, Run.helyos(config, "secret", "rm", "API_KEY").exit);
        Run missing = Run.helyos(config, "secret", "rm", "API_KEY");
        assertEquals("✗ secret 'API_KEY' not found in project 'shop'\n  hint: check the name (list what exists first)\n", missing.err);
        Run badName = Run.helyos(config, "secret", "set", "1X", "--value", "v");
        assertTrue(badName.err.startsWith("✗ secret name must be an environment variable name"), badName.err);
        assertEquals(0, Run.helyos(config, "project", "delete", "shop", "--force", "--yes").exit);
    }

    @Test
    void scriptsReachProjectsAndSecrets() {
        Run run = Run.helyos(config, "script", "eval", """
                helyos.projects.create('js-made');
                helyos.secrets.set('js-made', 'TOKEN', 'v');
                const names = helyos.secrets.list('js-made').map(s => s.name).join();
                helyos.secrets.remove('js-made', 'TOKEN');
                helyos.projects.delete('js-made');
                names + ' ' + helyos.projects.list().map(p => p.name).join()""");
        assertEquals(0, run.exit, run.toString());
        assertEquals("TOKEN default\n", run.out);
    }
}
