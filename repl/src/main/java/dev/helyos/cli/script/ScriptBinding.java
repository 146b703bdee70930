package dev.helyos.cli.script;

/**
 * What one capability adds to the script globals: functions with plain Java values in and out,
 * registered on a {@link ScriptApi}. It lives beside the capability's command (e.g.
 * {@code TokensBinding} beside {@code AuthCommand}) and is listed in {@link ScriptBindings}.
 */
public interface ScriptBinding {
    void bind(ScriptApi api);
}
