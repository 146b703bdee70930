package dev.helyos.cli.script;

/**
 * One function a script can call. Arguments and the answer are plain Java values (Map, List,
 * String, Long, Double, Boolean, null), which reach the script as real JS objects and arrays.
 * Throw {@link dev.helyos.cli.CliException} or {@link dev.helyos.cli.client.ApiClient.ApiException}
 * to fail: the script sees a catchable {@code Error} with that message.
 */
@FunctionalInterface
public interface ScriptFunction {
    Object call(ScriptArgs args);
}
