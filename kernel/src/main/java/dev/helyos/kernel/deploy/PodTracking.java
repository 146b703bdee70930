package dev.helyos.kernel.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the supervisor knows about one pod beyond what the engine says: restarts and back-off,
 * readiness and health, and why it last failed. Shared by the deployment's worker and the pod's
 * probe, hence synchronized.
 */
final class PodTracking {
    private final String containerId;
    private int restartCount;
    private int failuresInARow;
    private Instant runningSince;
    private Instant restartAt;
    private boolean stoppedOnPurpose;
    private boolean stoppedUnhealthy;
    private PodHealth health;
    private boolean ready;
    private boolean everReady;
    private int probeFailures;
    private String message;
    private Map<Integer, Integer> ports = Map.of();
    /** Counts runs: a probe checks one run of the pod and ends when it is over. */
    private long run;
    private long probedRun = -1;
    /** Exited and left down by the restart policy. */
    private boolean settled;

    PodTracking(String containerId, int restartCount, boolean hasHealthcheck) {
        this.containerId = containerId;
        this.restartCount = restartCount;
        this.health = hasHealthcheck ? PodHealth.STARTING : PodHealth.NONE;
    }

    String containerId() {
        return containerId;
    }

    synchronized int restartCount() {
        return restartCount;
    }

    synchronized int failuresInARow() {
        return failuresInARow;
    }

    synchronized boolean ready() {
        return ready;
    }

    synchronized PodHealth health() {
        return health;
    }

    synchronized String message() {
        return message;
    }

    synchronized boolean waitingToRestart() {
        return restartAt != null;
    }

    synchronized Instant restartAt() {
        return restartAt;
    }

    synchronized boolean settled() {
        return settled;
    }

    synchronized boolean stoppedOnPurpose() {
        return stoppedOnPurpose;
    }

    synchronized boolean stoppedUnhealthy() {
        return stoppedUnhealthy;
    }

    synchronized Map<Integer, Integer> ports() {
        return ports;
    }

    synchronized Instant runningSince() {
        return runningSince;
    }

    /** Seen running with these host ports; the first sighting starts the clock of this run. */
    synchronized void seenRunning(Map<Integer, Integer> hostPorts, Instant now) {
        ports = hostPorts;
        if (runningSince == null) {
            runningSince = now;
        }
    }

    /** Claims the probe of the current run: its number, or -1 when a probe already checks this run. */
    synchronized long startProbing() {
        if (probedRun == run) {
            return -1;
        }
        probedRun = run;
        return run;
    }

    /** Whether {@code probeRun} is still the current run, and running. */
    synchronized boolean runs(long probeRun) {
        return probeRun == run && runningSince != null;
    }

    /** The supervisor stopped it (deployment stopped, project suspended): no restart, no failure. */
    synchronized void stoppingOnPurpose() {
        stoppedOnPurpose = true;
        notRunning();
    }

    synchronized void stoppingUnhealthy() {
        stoppedUnhealthy = true;
    }

    /**
     * An exit seen for the first time: counts a failure and schedules the restart.
     *
     * @param ran how long the run lasted, or null when not known
     * @return the wait before the restart
     */
    synchronized Duration failed(String why, Duration ran, Instant now) {
        boolean fast = ran == null || ran.compareTo(RestartBackoff.FAST_RUN) < 0;
        failuresInARow = fast ? failuresInARow + 1 : 1;
        Duration delay = RestartBackoff.delay(failuresInARow);
        restartAt = now.plus(delay);
        message = why;
        notRunning();
        return delay;
    }

    /** An exit that is not restarted (policy), or a pod that should stay down. */
    synchronized void exitedForGood(String why) {
        message = why;
        restartAt = null;
        settled = true;
        notRunning();
    }

    synchronized void started(int restartsNow, Instant now) {
        notRunning();
        restartCount = restartsNow;
        restartAt = null;
        settled = false;
        stoppedOnPurpose = false;
        stoppedUnhealthy = false;
        runningSince = now;
    }

    private void notRunning() {
        run++;
        ready = false;
        everReady = false;
        probeFailures = 0;
        runningSince = null;
        if (health != PodHealth.NONE) {
            health = PodHealth.STARTING;
        }
    }

    /**
     * A probe's answer. Returns whether readiness or health changed.
     *
     * @param answered whether the pod answered at all (an HTTP status), as opposed to not listening
     * @param startAllowance how long a starting pod may go without answering (null: forever)
     */
    synchronized boolean probed(boolean ok, boolean answered, String problem, int retries, Duration startAllowance,
                                Instant now) {
        boolean wasReady = ready;
        PodHealth wasHealth = health;
        if (ok) {
            probeFailures = 0;
            ready = true;
            everReady = true;
            if (health != PodHealth.NONE) {
                health = PodHealth.HEALTHY;
            }
            if (message != null && restartAt == null) {
                message = null;
            }
        } else {
            probeFailures++;
            // A pod that answers "unhealthy" fails at once; one that does not answer yet may be starting.
            boolean gaveUp = everReady || answered
                    ? probeFailures >= retries
                    : startAllowance != null && runningSince != null && now.isAfter(runningSince.plus(startAllowance));
            if (gaveUp) {
                ready = false;
                if (health != PodHealth.NONE) {
                    health = PodHealth.UNHEALTHY;
                    message = problem;
                }
            }
        }
        return wasReady != ready || wasHealth != health;
    }

    synchronized boolean everReady() {
        return everReady;
    }
}
