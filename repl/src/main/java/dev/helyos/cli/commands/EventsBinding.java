package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;

/** Scripts' {@code helyos.events.list({since, type})}: the kept events, oldest first, as {@code helyos events}. */
public final class EventsBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.events.list", args -> {
            var options = args.optionalObject(0, "an object like {since: 0, type: 'cert'}");
            Object since = options.getOrDefault("since", 0);
            Object type = options.get("type");
            if (!(since instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())
                    || type != null && !(type instanceof String)) {
                throw new CliException("helyos.events.list: argument 1 must be an object like {since: 12, type: 'cert'}", null);
            }
            return api.client().get(EventsCommand.path(n.longValue(), (String) type));
        });
    }
}
