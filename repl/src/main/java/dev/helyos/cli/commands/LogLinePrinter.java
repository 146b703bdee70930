package dev.helyos.cli.commands;

import dev.helyos.cli.client.Json;
import dev.helyos.cli.output.Out;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints one line of a deployment's log stream ({@code {"pod","replica_index","stream","text"}} per
 * line): blank keep-alive lines skipped, the pod's name in front when several pods write, stderr
 * lines to stderr; with {@code --json}, each object as it came.
 */
final class LogLinePrinter implements Consumer<String> {
    private final Out out;
    private final boolean json;
    private final boolean prefix;

    LogLinePrinter(Out out, boolean json, boolean prefix) {
        this.out = out;
        this.json = json;
        this.prefix = prefix;
    }

    @Override
    public void accept(String line) {
        if (line.isBlank()) {
            return; // keep-alive
        }
        if (json) {
            out.println(line);
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> entry)) {
            out.println(line); // not the API's shape: shown as it is rather than lost
            return;
        }
        String text = (prefix ? entry.get("pod") + " | " : "") + (entry.get("text") == null ? "" : entry.get("text"));
        if ("stderr".equals(entry.get("stream"))) {
            out.stderr().println(text);
        } else {
            out.println(text);
        }
    }
}
