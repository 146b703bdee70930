package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helyos script} without a daemon: values, globals, the sandbox, time limits and bad files. */
class ScriptSandboxTest {
    @TempDir
    Path dir;

    private Run helyos(String... args) {
        return Run.helyos(dir.resolve("config.toml"), Map.of("GREETING", "hello"), "", args);
    }

    @Test
    void evalPrintsTheValueAndConsoleOutput() {
        assertEquals("2\n", helyos("script", "eval", "1+1").out);
        assertEquals("", helyos("script", "eval", "let x = 1").out, "undefined prints nothing");
        Run objects = helyos("script", "eval", "console.log('n =', 3, {a: [1]}); console.warn('careful'); console.error('bad'); ({b: true})");
        assertEquals(0, objects.exit, objects.toString());
        assertEquals("n = 3 {\n  \"a\": [\n    1\n  ]\n}\n{\n  \"b\" : true\n}\n", objects.out);
        assertEquals("careful\nbad\n", objects.err);
    }

    @Test
    void argsAreStringsEvenWhenTheyLookLikeOptions() throws Exception {
        Path script = Files.writeString(dir.resolve("args.js"), "console.log(JSON.stringify(args))");
        Run run = helyos("script", "run", "--timeout", "30", script.toString(), "a", "--days", "7");
        assertEquals(0, run.exit, run.toString());
        assertEquals("[\"a\",\"--days\",\"7\"]\n", run.out);
        assertEquals("[]\n", helyos("script", "eval", "JSON.stringify(args)").out);
        assertEquals("x,-v\n", helyos("script", "eval", "args.join()", "x", "-v").out);
    }

    @Test
    void envIsAReadOnlyCopyOfTheEnvironment() {
        assertEquals("hello true\n", helyos("script", "eval", "env.GREETING + ' ' + Object.isFrozen(env)").out);
        Run write = helyos("script", "eval", "env.GREETING = 'bye'");
        assertEquals(1, write.exit);
        assertEquals("✗ eval:1: TypeError: env is read-only (cannot set a variable)\n", write.err,
                "a sloppy-mode write fails too, and the error does not print the environment");
        Run caught = helyos("script", "eval", "try { env.NEW = 1 } catch (e) {} [env.GREETING, env.NEW]");
        assertEquals("[ \"hello\", null ]\n", caught.out);
    }

    @Test
    void javaHostClassesAndPolyglotAreOutOfReach() {
        assertDenied("Java.type('java.lang.System')", "✗ eval:1: TypeError: Access to host class java.lang.System is not allowed or does not exist.\n");
        assertDenied("Java.type('java.lang.ProcessBuilder')", "✗ eval:1: TypeError: Access to host class java.lang.ProcessBuilder is not allowed or does not exist.\n");
        assertDenied("java.lang.System.exit(3)", "✗ eval:1: ReferenceError: java is not defined\n");
        assertDenied("Packages.java.lang.Runtime", "✗ eval:1: ReferenceError: Packages is not defined\n");
        assertDenied("Polyglot.import('x')", "✗ eval:1: ReferenceError: Polyglot is not defined\n");
        assertDenied("load('/etc/hostname')", "✗ eval:1: ReferenceError: load is not defined\n");
        assertEquals("undefined undefined undefined\n", helyos("script", "eval", "[typeof process, typeof require, typeof fetch].join(' ')").out);
    }

    @Test
    void readingAFileNeedsAllowIo() throws Exception {
        Path file = Files.writeString(dir.resolve("hosts.txt"), "alpha\nbeta\n");
        Path script = Files.writeString(dir.resolve("read.js"), "\nconsole.log(io.readLines(" + jsString(file) + ").join('+'));\nio.readFile(" + jsString(file) + ")");
        Run denied = helyos("script", "run", script.toString());
        assertEquals(1, denied.exit);
        assertEquals("✗ " + script + ":2: HelyosError: reading files is not allowed: " + file + "\n  hint: run the script with --allow-io\n", denied.err);

        Run allowed = helyos("script", "run", "--allow-io", script.toString());
        assertEquals(0, allowed.exit, allowed.toString());
        assertEquals("alpha+beta\n", allowed.out);
        assertEquals("alpha\nbeta\n\n", helyos("script", "eval", "--allow-io", "io.readFile(" + jsString(file) + ")").out);
        Run missing = helyos("script", "eval", "--allow-io", "io.readFile('" + dir.resolve("nope") + "')");
        assertEquals("✗ eval:1: HelyosError: no such file: " + dir.resolve("nope") + "\n", missing.err);
    }

    @Test
    void aRunawayScriptIsStoppedAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        Run run = helyos("script", "eval", "--timeout", "1", "while (true) {}");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, run.exit);
        assertEquals("✗ script timed out after 1 s\n  hint: raise --timeout, or look for a loop that never ends\n", run.err);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);

        Path script = Files.writeString(dir.resolve("spin.js"), "let n = 0;\nfor (;;) { n++ }\n");
        assertEquals("✗ script timed out after 1 s\n  hint: raise --timeout, or look for a loop that never ends\n",
                helyos("script", "run", "--timeout", "1", script.toString()).err);
        Run quick = helyos("script", "eval", "--timeout", "5", "'done'");
        assertEquals(0, quick.exit, quick.toString());
        assertEquals("done\n", quick.out);
        assertTrue(helyos("script", "eval", "--timeout", "0", "1").err.startsWith("✗ --timeout must be a positive number of seconds, got 0"));
    }

    @Test
    void uncaughtErrorsNameTheFileAndLine() throws Exception {
        Path script = Files.writeString(dir.resolve("boom.js"), "const a = 1;\n\nfunction f() {\n  throw new Error('boom');\n}\nf();\n");
        Run run = helyos("script", "run", script.toString());
        assertEquals(1, run.exit);
        assertEquals("✗ " + script + ":4: Error: boom\n", run.err);
        Path syntax = Files.writeString(dir.resolve("syntax.js"), "// ok\nlet x = ;\n");
        assertEquals("✗ " + syntax + ":2: SyntaxError: Expected an operand but found ;\n", helyos("script", "run", syntax.toString()).err);
        assertEquals("✗ eval:1: ReferenceError: nothing is not defined\n", helyos("script", "eval", "nothing.here").err);
    }

    @Test
    void missingBinaryAndNonUtf8FilesAreRefusedClearly() throws Exception {
        Run missing = helyos("script", "run", dir.resolve("absent.js").toString());
        assertEquals(1, missing.exit);
        assertEquals("✗ no such file: " + dir.resolve("absent.js") + "\n", missing.err);

        Path binary = Files.write(dir.resolve("a.out"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2});
        assertEquals("✗ " + binary + " is a binary file (NUL byte at offset 4), not UTF-8 text\n", helyos("script", "run", binary.toString()).err);

        Path latin1 = Files.write(dir.resolve("latin1.js"), "console.log('café')".getBytes(StandardCharsets.ISO_8859_1));
        Run run = helyos("script", "run", latin1.toString());
        assertEquals(1, run.exit);
        assertEquals("✗ " + latin1 + " is not UTF-8 text (invalid byte at offset 16)\n  hint: save it as UTF-8\n", run.err);

        assertEquals("✗ " + dir + " is a directory, not a file\n", helyos("script", "run", dir.toString()).err);
        Path bom = Files.write(dir.resolve("bom.js"), "\uFEFFconsole.log('ok')".getBytes(StandardCharsets.UTF_8));
        assertEquals("ok\n", helyos("script", "run", bom.toString()).out);
    }

    private void assertDenied(String code, String error) {
        Run run = helyos("script", "eval", code);
        assertEquals(1, run.exit, run.toString());
        assertEquals(error, run.err);
    }

    private static String jsString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
