package dev.helyos.plugin.api;

import java.util.concurrent.CompletionStage;

/** A running {@link ContainerRuntime#followLogs follow} of a pod's output. */
public interface LogFollow extends AutoCloseable {

    /**
     * Completes when no more lines will come: normally when the pod's output ended or the follow was
     * closed, exceptionally when the engine failed.
     */
    CompletionStage<Void> ended();

    /** Stops delivering lines; idempotent. */
    @Override
    void close();
}
