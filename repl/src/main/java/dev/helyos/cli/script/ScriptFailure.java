package dev.helyos.cli.script;

import dev.helyos.cli.CliException;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/** An error a script raised and did not catch: {@code file:line: message}, with the API's hint when it has one. */
public final class ScriptFailure extends CliException {
    private final boolean cancelled;

    private ScriptFailure(String message, String hint, boolean cancelled) {
        super(message, hint);
        this.cancelled = cancelled;
    }

    /** True when the script was stopped from outside ({@link JsSession#cancel()}) rather than failing. */
    public boolean cancelled() {
        return cancelled;
    }

    static ScriptFailure of(PolyglotException e) {
        if (e.isCancelled()) {
            return new ScriptFailure("script cancelled", null, true);
        }
        String message = e.isHostException() ? "internal error: " + e.asHostException() : e.getMessage();
        if (e.isSyntaxError()) {
            // GraalJS puts "file:line:col " in front of a syntax error and the source excerpt after it.
            message = message.lines().findFirst().orElse(message).replaceFirst("^(SyntaxError: )\\S+:\\d+:\\d+ ", "$1");
        }
        SourceSection where = location(e);
        String prefix = where == null ? "" : where.getSource().getName() + ":" + where.getStartLine() + ": ";
        return new ScriptFailure(prefix + message, hint(e), false);
    }

    /** Where the script failed: the error's own place, else the innermost script frame (an Error records none). */
    private static SourceSection location(PolyglotException e) {
        SourceSection own = e.getSourceLocation();
        if (own != null && !own.getSource().isInternal()) {
            return own;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection section = frame.isGuestFrame() ? frame.getSourceLocation() : null;
            if (section != null && !section.getSource().isInternal()) {
                return section;
            }
        }
        return null;
    }

    private static String hint(PolyglotException e) {
        Value error = e.isGuestException() ? e.getGuestObject() : null;
        if (error != null && error.hasMembers()) {
            Value hint = error.getMember("hint");
            if (hint != null && hint.isString()) {
                return hint.asString();
            }
        }
        return null;
    }
}
