package dev.helyos.cli.script;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A sandboxed JavaScript context with the script globals ({@code helyos}, {@code io},
 * {@code console}, {@code args}, {@code env}). Variables live across {@link #eval} and
 * {@link #load} calls, so the interactive shell can keep one session open. Not thread-safe,
 * except {@link #cancel()}.
 */
public final class JsSession implements AutoCloseable {
    private final Context context;
    private final Value toJson;
    private final Map<String, ScriptFunction> functions;
    /** Set by helyos.exit: the code the script ends with. */
    private Integer exitCode;

    /**
     * @param allowIo whether {@code io.readFile}/{@code io.readLines} may read files; nothing else
     *                reaches the file system, processes, threads, native code or the network either way
     */
    public JsSession(Cli cli, List<String> args, boolean allowIo) {
        ScriptApi api = new ScriptApi(cli);
        for (ScriptBinding binding : ScriptBindings.all(allowIo)) {
            binding.bind(api);
        }
        functions = api.functions();
        context = Context.newBuilder("js")
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(className -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .option("js.load", "false")
                // Temurin has no optimizing Truffle runtime; the interpreter is fast enough for automation.
                .option("engine.WarnInterpreterOnly", "false")
                .out(cli.out().stdout())
                .err(cli.out().stderr())
                .build();
        try {
            Value setup = context.eval(Source.newBuilder("js", prelude(), "helyos-prelude.js").internal(true).build());
            toJson = setup.execute((ProxyExecutable) a -> dispatch(a[0].asString(), a[1].asString()),
                    Json.write(List.copyOf(functions.keySet()), false),
                    Json.write(args, false),
                    Json.write(cli.env(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code code} and returns its value as plain Java (Map, List, String, Long, Double, Boolean, null). */
    public Object eval(String code) {
        return eval("eval", code);
    }

    /** Like {@link #eval(String)}, with {@code name} in place of the file name in errors. */
    public Object eval(String name, String code) {
        exitCode = null; // each evaluation is a script of its own (the shell's :js lines share a session)
        try {
            Object value = toJava(context.eval(Source.newBuilder("js", code, name).buildLiteral()));
            if (exitCode != null) {
                throw new ScriptExit(exitCode);
            }
            return value;
        } catch (PolyglotException e) {
            throw failure(e);
        }
    }

    /** Runs a UTF-8 script file; errors name it as given. */
    public void load(Path file) {
        String code = TextFile.read(file);
        exitCode = null;
        try {
            context.eval(Source.newBuilder("js", code, file.toString()).buildLiteral());
        } catch (PolyglotException e) {
            throw failure(e);
        }
        if (exitCode != null) {
            throw new ScriptExit(exitCode);
        }
    }

    private CliException failure(PolyglotException e) {
        return exitCode != null ? new ScriptExit(exitCode) : ScriptFailure.of(e);
    }

    /** Stops running code from another thread; the session is closed afterwards. */
    public void cancel() {
        context.close(true);
    }

    @Override
    public void close() {
        context.close();
    }

    /** How a value from {@link #eval} is printed: strings as they are, the rest as JSON; null prints nothing. */
    public static String show(Object value) {
        return value == null ? null : value instanceof String s ? s : Json.write(value, true);
    }

    private Object toJava(Value value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.fitsInLong() ? (Object) value.asLong() : (Object) value.asDouble();
        }
        Value json = toJson.execute(value);
        return json.isString() ? Json.parse(json.asString()) : value.toString();
    }

    private String dispatch(String path, String argsJson) {
        if (exitCode != null) {
            throw new ScriptExit(exitCode); // after helyos.exit nothing more reaches the daemon
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Object value = functions.get(path).call(new ScriptArgs(path, (List<?>) Json.parse(argsJson)));
            if (value != null) {
                answer.put("value", value);
            }
        } catch (ScriptExit e) {
            exitCode = e.code(); // not a JS error: it ends the script, even if a catch swallows it
            throw e;
        } catch (ApiClient.ApiException e) {
            answer.put("error", e.getMessage());
            if (e.status() != 0) {
                answer.put("status", e.status());
            }
            answer.put("hint", e.hint());
        } catch (CliException e) {
            answer.put("error", e.getMessage());
            if (e.hint() != null) {
                answer.put("hint", e.hint());
            }
        }
        return Json.write(answer, false);
    }

    private static String prelude() throws IOException {
        try (InputStream in = JsSession.class.getResourceAsStream("prelude.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
