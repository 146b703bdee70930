package dev.helyos.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the runtime is asked to create for a spec: env plus secrets, limits, volumes, name and network. */
class PodSpecMappingTest {

    @Test
    void aSpecBecomesThePodTheEngineCreates() {
        DeploymentSpec spec = DeploymentSpecParser.parse("""
                project: shop
                deployment:
                  name: api
                image: helyos-test/busybox:1
                ports: [8080, 9090]
                env:
                  MODE: prod
                secrets: [TOKEN]
                resources:
                  memory: 64m
                  cpu: 0.5
                volumes:
                  - name: data
                    mount: /data
                  - path: /srv/site
                    mount: /www
                    readonly: true
                """);
        PodSpec pod = DeploymentService.podSpec(spec, Map.of("TOKEN", "s3cret"), 2, Map.of("helyos.index", "2"));
        assertEquals("helyos-shop-api-2", pod.name());
        assertEquals("helyos-shop", pod.network());
        assertEquals(Map.of("MODE", "prod", "TOKEN", "s3cret"), pod.env());
        assertEquals(List.of(8080, 9090), pod.ports());
        assertEquals(64L << 20, pod.memoryBytes());
        assertEquals(0.5, pod.cpus());
        assertEquals(List.of(VolumeMount.volume("data", "/data", false), VolumeMount.bind(Path.of("/srv/site"), "/www", true)),
                pod.volumes());
        assertEquals(Map.of("helyos.index", "2"), pod.labels());
    }
}
