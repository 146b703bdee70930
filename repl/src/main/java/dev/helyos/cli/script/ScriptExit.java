package dev.helyos.cli.script;

import dev.helyos.cli.CliException;

/** {@code helyos.exit(code)}: ends the script at once; {@code helyos script} exits with {@code code}. */
public final class ScriptExit extends CliException {
    private final int code;

    public ScriptExit(int code) {
        super("script exited with code " + code, null);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
