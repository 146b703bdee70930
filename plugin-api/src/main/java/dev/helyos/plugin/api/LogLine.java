package dev.helyos.plugin.api;

/**
 * One line a pod wrote, without its line terminator.
 *
 * @param stream where it was written
 * @param text the line
 */
public record LogLine(Stream stream, String text) {

    public enum Stream { STDOUT, STDERR }
}
