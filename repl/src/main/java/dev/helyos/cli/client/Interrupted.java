package dev.helyos.cli.client;

/**
 * A command the user stopped with Ctrl-C while it waited: the shell interrupts the thread running
 * it (a followed log, a deploy's wait), and the request or the wait ends with this. Not a failure:
 * nothing is printed, and the shell goes on.
 */
public final class Interrupted extends RuntimeException {
    public Interrupted() {
        super("interrupted", null, false, false);
    }
}
