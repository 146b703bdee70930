package dev.helyos.plugin.api;

/**
 * A write under a lease was refused: a newer lease of the same name exists, so another holder has
 * taken the work over. Nothing of the batch was written; the work should stop.
 */
public class LeaseLostException extends StoreException {
    public LeaseLostException(String message) {
        super(message);
    }
}
