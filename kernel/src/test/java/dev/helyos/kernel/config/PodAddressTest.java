package dev.helyos.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helyos.kernel.errors.StartupException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Where pods' ports are published: loopback for a node alone, the advertise address on a shared store. */
class PodAddressTest {
    private static String podAddress(String... args) {
        DaemonOptions options = new DaemonOptions();
        new CommandLine(options).parseArgs(args);
        return DaemonSettings.podAddress(options);
    }

    @Test
    void aNodeAloneKeepsItsPodsOnLoopbackWhateverItAdvertises() {
        assertEquals("127.0.0.1", podAddress());
        assertEquals("127.0.0.1", podAddress("--advertise-addr", "192.0.2.10"),
                "the embedded store has one node: its pods are reached by its own proxy only");
    }

    @Test
    void onASharedStorePodsArePublishedWhereTheOtherNodesReachThisOne() {
        assertEquals("127.0.0.1", podAddress("--store", "postgres"), "no advertise address: loopback");
        assertEquals("127.0.0.1", podAddress("--store", "postgres", "--advertise-addr", "localhost"), "a name is resolved to its IP");
        assertEquals("127.0.0.2", podAddress("--store", "postgres", "--advertise-addr", "127.0.0.2"));
        assertEquals("127.0.0.3", podAddress("--store", "postgres", "--advertise-addr", "127.0.0.2", "--pod-addr", "127.0.0.3"),
                "--pod-addr wins");
        assertEquals("127.0.0.5", podAddress("--pod-addr", "127.0.0.5"), "and is taken on the embedded store too");
    }

    @Test
    void anAddressPodsCannotBePublishedOnIsRefusedNamingTheFlag() {
        assertEquals("invalid --pod-addr '0.0.0.0': pods are published on one address of this machine, not on all of them",
                assertThrows(StartupException.class, () -> podAddress("--pod-addr", "0.0.0.0")).getMessage());
        assertEquals("invalid --pod-addr '192.0.2.1': 192.0.2.1 is not an address of this machine",
                assertThrows(StartupException.class, () -> podAddress("--pod-addr", "192.0.2.1")).getMessage());
        assertEquals("invalid --advertise-addr '192.0.2.1' (where pods are published on a shared store; set --pod-addr): "
                        + "192.0.2.1 is not an address of this machine",
                assertThrows(StartupException.class,
                        () -> podAddress("--store", "postgres", "--advertise-addr", "192.0.2.1")).getMessage());
        assertEquals("invalid --pod-addr 'no-such-host.invalid': the name does not resolve to an address",
                assertThrows(StartupException.class, () -> podAddress("--pod-addr", "no-such-host.invalid")).getMessage());
    }
}
