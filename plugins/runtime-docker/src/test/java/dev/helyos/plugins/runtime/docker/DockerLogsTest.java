package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.LogFollow;
import dev.helyos.plugin.api.LogLine;
import dev.helyos.plugin.api.LogLine.Stream;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs of a pod that talks: an image built here on top of the test image (FROM a local image, so
 * nothing is pulled) whose command writes to stdout and stderr, then a numbered tick every 50 ms.
 */
class DockerLogsTest {
    private static final String TALKER = "helyos-test/talker:1";
    private static final String SCRIPT = "echo first; echo second >&2; echo third; i=0; "
            + "while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.05; done";

    private static TestEngine engine;
    private static ContainerRuntime runtime;

    @BeforeAll
    static void start(@TempDir Path context) throws Exception {
        engine = TestEngine.start();
        runtime = engine.runtime;
        Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEngine.IMAGE + "\n"
                + "CMD [\"/bin/sh\", \"-c\", \"" + SCRIPT.replace("\"", "\\\"") + "\"]\n");
        engine.docker.buildImageCmd(context.toFile()).withTags(Set.of(TALKER)).start().awaitImageId(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void cleanUp() {
        if (engine != null) {
            engine.close();
        }
    }

    private PodState talker(String suffix) {
        return runtime.create(new PodSpec("helyos-" + engine.run + "-" + suffix, TALKER, Map.of(), List.of(),
                engine.labels(), null, 0, 0, List.of()));
    }

    @Test
    void logsHaveBothStreamsAsWholeLinesAndTailCounts() throws Exception {
        PodState pod = talker("logs-0");
        List<LogLine> all = awaitLines(pod.name(), 10);
        List<LogLine> head = all.subList(0, 4);
        assertTrue(head.contains(new LogLine(Stream.STDERR, "second")), head.toString());
        assertEquals(List.of("first", "third", "tick 1"), head.stream()
                .filter(l -> l.stream() == Stream.STDOUT).map(LogLine::text).toList().subList(0, 3));

        List<LogLine> tail = runtime.logs(pod.name(), 3);
        assertEquals(3, tail.size(), tail.toString());
        int last = tick(tail.get(0));
        assertEquals(List.of("tick " + last, "tick " + (last + 1), "tick " + (last + 2)), tail.stream().map(LogLine::text).toList());
    }

    @Test
    void followDeliversNewLinesInOrderUntilClosed() throws Exception {
        PodState pod = talker("follow-0");
        BlockingQueue<LogLine> lines = new LinkedBlockingQueue<>();
        LogFollow follow = runtime.followLogs(pod.name(), 1, lines::add);
        int previous = -1;
        for (int i = 0; i < 10; i++) {
            LogLine line = lines.poll(5, TimeUnit.SECONDS);
            assertTrue(line != null, "no log line within 5 s");
            if (previous < 0 && !line.text().startsWith("tick ")) {
                continue; // the pod had not reached its ticks when the follow began
            }
            int tick = tick(line);
            if (previous >= 0) {
                assertEquals(previous + 1, tick, "lines arrive whole and in order");
            }
            previous = tick;
        }
        follow.close();
        follow.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        lines.clear();
        Thread.sleep(300);
        assertNull(lines.poll(), "no lines after close");
    }

    @Test
    void followEndsWhenThePodStops() throws Exception {
        PodState pod = talker("follow-1");
        BlockingQueue<LogLine> lines = new LinkedBlockingQueue<>();
        LogFollow follow = runtime.followLogs(pod.name(), 0, lines::add);
        assertTrue(lines.poll(5, TimeUnit.SECONDS) != null, "no log line within 5 s");
        runtime.stop(pod.name(), Duration.ofSeconds(5));
        follow.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        follow.close();
    }

    @Test
    void followingAPodThatDoesNotExistFailsAtOnce() {
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.followLogs("helyos-" + engine.run + "-nobody", 0, line -> { }));
        assertEquals(ContainerRuntimeException.Reason.NOT_FOUND, e.reason());
    }

    private static List<LogLine> awaitLines(String pod, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<LogLine> lines = runtime.logs(pod, 1000);
            if (lines.size() >= atLeast) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pod " + pod + " wrote only " + lines + " within 5 s");
            }
            Thread.sleep(50);
        }
    }

    private static int tick(LogLine line) {
        assertEquals(Stream.STDOUT, line.stream(), line.toString());
        assertTrue(line.text().matches("tick [0-9]+"), "not a whole tick line: '" + line.text() + "'");
        return Integer.parseInt(line.text().substring(5));
    }
}
