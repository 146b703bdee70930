package dev.helyos.kernel.secrets;

/** Sealed data could not be opened: tampered, truncated, or sealed under another key. */
public class SealedDataException extends RuntimeException {
    public SealedDataException(String message) {
        super(message);
    }
}
