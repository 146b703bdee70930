package dev.helyos.cli.script;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.client.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Runs one {@code helyos script run|eval} in a fresh {@link JsSession}, with an optional time limit. */
public final class ScriptRunner {
    private final Cli cli;
    private final List<String> args;
    private final boolean allowIo;
    private final Long timeoutSecs;

    public ScriptRunner(Cli cli, List<String> args, boolean allowIo, Long timeoutSecs) {
        if (timeoutSecs != null && timeoutSecs <= 0) {
            throw new CliException("--timeout must be a positive number of seconds, got " + timeoutSecs, null);
        }
        this.cli = cli;
        this.args = args;
        this.allowIo = allowIo;
        this.timeoutSecs = timeoutSecs;
    }

    public void runFile(Path file) {
        run(session -> {
            session.load(file);
            return null;
        });
    }

    /** Runs {@code code} and prints its value (nothing for undefined or null; JSON with {@code --json}). */
    public void eval(String code) {
        Object value = run(session -> session.eval(code));
        String text = cli.json() ? Json.write(value, true) : JsSession.show(value);
        if (text != null) {
            cli.out().println(text);
        }
    }

    private Object run(Function<JsSession, Object> work) {
        try (JsSession session = new JsSession(cli, args, allowIo)) {
            if (timeoutSecs == null) {
                return work.apply(session);
            }
            AtomicBoolean timedOut = new AtomicBoolean();
            Timer watchdog = new Timer("script-timeout", true);
            watchdog.schedule(new TimerTask() {
                @Override
                public void run() {
                    timedOut.set(true);
                    session.cancel();
                }
            }, timeoutSecs * 1000);
            try {
                return work.apply(session);
            } catch (RuntimeException e) {
                // Once cancelled, whatever the script was doing fails; the time limit is the reason.
                if (timedOut.get()) {
                    throw new CliException("script timed out after " + timeoutSecs + " s", "raise --timeout, or look for a loop that never ends");
                }
                throw e;
            } finally {
                watchdog.cancel();
            }
        }
    }
}
