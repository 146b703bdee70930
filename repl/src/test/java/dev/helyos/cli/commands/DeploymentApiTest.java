package dev.helyos.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading deployments and pods for tables and the deploy wait, including what an older daemon leaves out. */
class DeploymentApiTest {
    @Test
    void readyOfWantedAndReadyShowADashForWhatIsMissing() {
        assertEquals("2/3", DeploymentApi.readyOfWanted(Map.of("ready_replicas", 2, "replicas", 3)));
        assertEquals("-/-", DeploymentApi.readyOfWanted(Map.of("project", "shop", "name", "web")));
        assertEquals("yes", DeploymentApi.ready(Map.of("ready", true)));
        assertEquals("no", DeploymentApi.ready(Map.of("ready", false)));
        assertEquals("-", DeploymentApi.ready(Map.of("status", "running")));
    }

    @Test
    void portsReadContainerToHost() {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("8080", 32768);
        ports.put("9090", 32769);
        assertEquals("8080→32768,9090→32769", DeploymentApi.ports(Map.of("ports", ports)));
        assertEquals("-", DeploymentApi.ports(Map.of("ports", Map.of())));
        assertEquals("-", DeploymentApi.ports(Map.of()));
    }

    @Test
    void readyIsTheStatusElseEveryPodRunningForADaemonWithoutStatus() {
        List<Map<String, String>> running = List.of(Map.of("status", "running"), Map.of("status", "running"));
        assertTrue(DeploymentApi.isReady(Map.of("status", "ready"), List.of()));
        assertFalse(DeploymentApi.isReady(Map.of("status", "progressing"), running));
        assertTrue(DeploymentApi.isReady(Map.of("name", "web"), running));
        assertFalse(DeploymentApi.isReady(Map.of("name", "web"), List.of(Map.of("status", "running"), Map.of("status", "creating"))));
        assertFalse(DeploymentApi.isReady(Map.of("name", "web"), List.of()));
    }
}
