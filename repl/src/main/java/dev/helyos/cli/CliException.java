package dev.helyos.cli;

/** A user-facing failure: printed as {@code ✗ message} and {@code hint: …}, exit code 1. */
public class CliException extends RuntimeException {
    private final String hint;

    public CliException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
