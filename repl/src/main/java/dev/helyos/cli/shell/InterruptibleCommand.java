package dev.helyos.cli.shell;

import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;

/**
 * Runs a shell line's helyos command on a thread of its own and lets Ctrl-C (SIGINT on the shell's
 * terminal) interrupt it, so a followed log or a deploy's wait stops and the shell goes on. A
 * virtual thread, because an interrupted virtual thread's blocking socket read ends at once (the
 * socket is closed), where a platform thread would wait for the next byte. Between commands the
 * terminal's own handler is back: the line reader turns Ctrl-C into clearing the line.
 */
final class InterruptibleCommand {
    private final Terminal terminal;

    InterruptibleCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    void run(Runnable command) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().name("helyos-command").unstarted(() -> {
            try {
                command.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
        try {
            worker.start();
            awaitEnd(worker);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        switch (failure.get()) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }

    /** Waits for the command even if this thread is interrupted, passing the interrupt on to it. */
    private static void awaitEnd(Thread worker) {
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                worker.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
