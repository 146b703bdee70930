package dev.helyos.plugin.api;

/**
 * The engine a runtime talks to.
 *
 * @param address where it answered ({@code unix:///var/run/docker.sock})
 * @param version the engine's version
 * @param apiVersion the API version it speaks
 */
public record EngineInfo(String address, String version, String apiVersion) {
}
