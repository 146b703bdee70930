package dev.helyos.plugins.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.helyos.plugin.api.LogFollow;
import dev.helyos.plugin.api.LogLine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Receives a log stream's frames, hands whole lines on, and is the {@link LogFollow} handle of a
 * follow. {@code translate} turns an engine failure into the exception {@link #ended()} fails with.
 */
final class LogFrames extends ResultCallback.Adapter<Frame> implements LogFollow {
    private final LineAssembler lines;
    private final Function<Throwable, RuntimeException> translate;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closed;

    LogFrames(Consumer<LogLine> onLine, Function<Throwable, RuntimeException> translate) {
        this.lines = new LineAssembler(line -> {
            if (!closed) {
                onLine.accept(line);
            }
        });
        this.translate = translate;
    }

    @Override
    public void onNext(Frame frame) {
        LogLine.Stream stream = frame.getStreamType() == StreamType.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
        lines.feed(stream, frame.getPayload());
    }

    @Override
    public void onComplete() {
        lines.flush();
        super.onComplete();
        ended.complete(null);
    }

    @Override
    public void onError(Throwable error) {
        if (closed) {
            // Closing the follow cuts the connection; the resulting read error is the expected end.
            ended.complete(null);
        } else {
            ended.completeExceptionally(translate.apply(error));
        }
        super.onError(error);
    }

    @Override
    public CompletionStage<Void> ended() {
        return ended;
    }

    CompletableFuture<Void> endedFuture() {
        return ended;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
        } catch (java.io.IOException ignored) {
            // the stream is being abandoned; nothing to report
        }
        ended.complete(null);
    }
}
