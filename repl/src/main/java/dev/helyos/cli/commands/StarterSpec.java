package dev.helyos.cli.commands;

import java.util.List;

/**
 * The spec {@code helyos init} writes: the given fields, checked by the server's rules so the file
 * deploys as written, and commented examples of the others (README "Deployment spec").
 */
record StarterSpec(String project, String name, String image, int replicas, List<Integer> ports) {
    StarterSpec {
        SpecRules.dnsSafe("project", project);
        SpecRules.dnsSafe("deployment.name", name);
        SpecRules.image(image);
        SpecRules.replicas(replicas);
        ports = List.copyOf(SpecRules.ports(ports));
    }

    /** The YAML text; {@code file} is where it goes, named in the header's deploy command. */
    String yaml(String file) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# A Helyos deployment spec. Deploy it with: helyos deploy ").append(SpecRules.show(file)).append('\n');
        yaml.append("project: ").append(project).append('\n');
        yaml.append("deployment:\n  name: ").append(name).append('\n');
        yaml.append("image: \"").append(image).append("\"\n"); // the image shape has no quote or backslash
        yaml.append("replicas: ").append(replicas).append('\n');
        yaml.append(ports.isEmpty() ? "ports: []               # e.g. [8080]: published on 127.0.0.1 for the proxy\n"
                : "ports: " + ports + '\n');
        yaml.append("""
                # env:                   # plain environment variables
                #   LOG_LEVEL: info
                # secrets: [DB_PASSWORD] # set with: helyos secret set DB_PASSWORD -p PROJECT
                # healthcheck:           # a pod is ready when GET path answers 2xx/3xx
                #   path: /health
                #   interval: 10s
                #   timeout: 5s
                #   retries: 3
                # restart: always        # always | onfailure | never
                # resources:
                #   memory: 256m
                #   cpu: 0.5
                # volumes:
                #   - name: data
                #     mount: /data
                # network:               # a public domain (routed by the proxy)
                #   public: true
                #   domain: app.example.com
                #   https: true
                """);
        return yaml.toString();
    }
}
