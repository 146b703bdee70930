package dev.helyos.cli.output;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where commands write: results to stdout, {@code ✓}/{@code ✗}/{@code ⚠} lines (colour only on a
 * terminal and without {@code NO_COLOR}) to stdout and stderr, and with {@code --json} nothing but
 * JSON on stdout.
 */
public final class Out {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;

    public Out(PrintStream out, PrintStream err, boolean color) {
        this.out = out;
        this.err = err;
        this.color = color;
    }

    public static Out system(Map<String, String> env) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new Out(System.out, System.err, colour(env, terminal));
    }

    /** Colour only on a terminal, and never when {@code NO_COLOR} is set (to anything, https://no-color.org). */
    public static boolean colour(Map<String, String> env, boolean terminal) {
        return terminal && env.get("NO_COLOR") == null;
    }

    public PrintStream stdout() {
        return out;
    }

    public PrintStream stderr() {
        return err;
    }

    public void println(String text) {
        out.println(text);
    }

    public void print(String text) {
        out.print(text);
        out.flush();
    }

    public void success(String message) {
        out.println(paint("32", "✓") + " " + message);
    }

    public void warn(String message) {
        err.println(paint("33", "⚠") + " " + message);
    }

    public void error(String message, String hint) {
        err.println(paint("31", "✗") + " " + message);
        if (hint != null) {
            err.println("  hint: " + hint);
        }
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
