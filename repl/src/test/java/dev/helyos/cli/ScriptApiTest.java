package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helyos script} calling a live daemon through the {@code helyos} global. */
class ScriptApiTest extends LoggedInTest {
    @Test
    void whoamiAndVersionAnswerAsJsObjects() {
        Run run = Run.helyos(config, "script", "eval", "const me = helyos.whoami(); `${me.name}/${me.scope}/${typeof me}/${helyos.version().api}`");
        assertEquals(0, run.exit, run.toString());
        assertEquals("admin/admin/object/v1\n", run.out);
    }

    @Test
    void tokensCanBeCreatedFilteredAsAnArrayAndRevoked() {
        String code = """
                const made = helyos.tokens.create({name: 'js-bot', ttl_secs: 3600, scope: 'read'});
                helyos.tokens.create({name: 'js-forever'});
                console.log(made.token.startsWith('nxa-api_'), made.scope);
                const forever = helyos.tokens.list().filter(t => t.expires_at === null).map(t => t.name);
                helyos.tokens.revoke('js-forever');
                const left = helyos.tokens.list().map(t => t.name);
                helyos.tokens.revoke('js-bot');
                ({forever, isArray: Array.isArray(helyos.tokens.list()), left})
                """;
        Run run = Run.helyos(config, "script", "eval", code);
        assertEquals(0, run.exit, run.toString());
        String[] printed = run.out.split("\n", 2);
        assertEquals("true read", printed[0]);
        Map<?, ?> value = (Map<?, ?>) Json.parse(printed[1]);
        assertEquals(List.of("admin", "js-forever"), value.get("forever"));
        assertEquals(true, value.get("isArray"));
        assertEquals(List.of("admin", "js-bot"), value.get("left"));
    }

    @Test
    void apiErrorsAreCatchableErrorsWithTheServersTextStatusAndHint() {
        String code = """
                try {
                  helyos.tokens.revoke('nobody');
                  'not thrown';
                } catch (e) {
                  [e instanceof Error, e.name, e.message, e.status, e.hint].join(' | ')
                }
                """;
        Run run = Run.helyos(config, "script", "eval", code);
        assertEquals(0, run.exit, run.toString());
        assertEquals("true | HelyosError | no active token named 'nobody' | 404 | check the name (list what exists first)\n", run.out);
    }

    @Test
    void anUncaughtApiErrorNamesTheFileAndLineAndExitsOne() throws Exception {
        Path script = Files.writeString(home.resolve("revoke.js"), "// revoke a token\n\nhelyos.tokens.revoke('nobody');\nconsole.log('not reached');\n");
        Run run = Run.helyos(config, "script", "run", script.toString());
        assertEquals(1, run.exit, run.toString());
        assertEquals("", run.out);
        assertEquals("✗ " + script + ":3: HelyosError: no active token named 'nobody'\n  hint: check the name (list what exists first)\n", run.err);
    }

    @Test
    void aBadArgumentIsAnErrorThatNamesTheFunction() {
        Run run = Run.helyos(config, "script", "eval", "helyos.tokens.create('named-by-string')");
        assertEquals(1, run.exit);
        assertEquals("✗ eval:1: HelyosError: helyos.tokens.create: argument 1 must be an object like {name, ttl_secs, scope}\n", run.err);
        String tokens = Run.helyos(config, "--json", "auth", "token", "ls").out;
        assertTrue(tokens.contains("\"admin\"") && !tokens.contains("named-by-string"), tokens);
    }

    @Test
    void aScriptWithoutADaemonSaysWhereItLooked() {
        Run run = Run.helyos(config, Map.of("HELYOS_SERVER", "http://127.0.0.1:1"), "", "script", "eval", "helyos.whoami()");
        assertEquals(1, run.exit);
        assertTrue(run.err.startsWith("✗ eval:1: HelyosError: cannot reach helyosd at http://127.0.0.1:1"), run.err);
        assertTrue(run.err.contains("  hint: start the daemon with scripts/helyosd"), run.err);
    }

    @Test
    void withJsonTheValueIsPrintedAsJson() {
        Run run = Run.helyos(config, "--json", "script", "eval", "helyos.whoami().name");
        assertEquals(0, run.exit, run.toString());
        assertEquals("\"admin\"\n", run.out);
    }
}
