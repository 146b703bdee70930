package dev.helyos.plugins.runtime.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.ContainerRuntimeException.Reason;
import java.io.IOException;
import java.util.function.Supplier;

/** Runs an engine call and turns docker-java's exceptions into {@link ContainerRuntimeException}s. */
final class DockerErrors {
    private final EngineAddress address;

    DockerErrors(EngineAddress address) {
        this.address = address;
    }

    /** {@code doing} completes "could not …" in messages: {@code "create pod 'web-0'"}. */
    <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(doing, e);
        }
    }

    void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }

    ContainerRuntimeException translate(String doing, Throwable e) {
        if (e instanceof NotFoundException) {
            return new ContainerRuntimeException(Reason.NOT_FOUND, "could not " + doing + ": " + engineMessage(e), e);
        }
        if (e instanceof ConflictException) {
            return new ContainerRuntimeException(Reason.CONFLICT, "could not " + doing + ": " + engineMessage(e), e);
        }
        if (e instanceof DockerException) {
            return new ContainerRuntimeException(Reason.FAILED, "could not " + doing + ": " + engineMessage(e), e);
        }
        // An engine that is down surfaces as a RuntimeException around an IOException, with no address in it.
        if (causedByIo(e)) {
            return new ContainerRuntimeException(Reason.ENGINE_UNAVAILABLE, address.unavailableMessage(), e);
        }
        return new ContainerRuntimeException(Reason.FAILED, "could not " + doing + " (engine " + address + "): " + e, e);
    }

    /** docker-java's messages are "Status 404: {"message":"No such image: x"}"; keep the engine's words. */
    static String engineMessage(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("{\"message\":\"");
        if (start >= 0) {
            int from = start + "{\"message\":\"".length();
            int end = message.lastIndexOf("\"}");
            return end > from ? message.substring(from, end).strip() : message.substring(from).strip();
        }
        return message.strip();
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
