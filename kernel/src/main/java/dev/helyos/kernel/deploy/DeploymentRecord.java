package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/** A stored deployment: its spec in canonical JSON form and when it was created and last changed. */
public record DeploymentRecord(String project, String name, JsonNode spec, String createdAt, String updatedAt) {
}
