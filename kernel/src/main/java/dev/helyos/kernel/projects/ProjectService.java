package dev.helyos.kernel.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import dev.helyos.plugin.api.WriteBatch;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.Optional;

/**
 * Projects (README "API" and "Deployment spec"). The {@code default} project always exists, so a fresh install has a
 * place to deploy to. A project with deployments is only deleted with {@code force}, which removes
 * everything stored under it (deployments, routes, secrets) in one batch.
 */
public final class ProjectService {
    public static final String DEFAULT = "default";
    /** Key prefixes of what belongs to a project: {@code <prefix><project>/...}. */
    public static final List<String> OWNED_PREFIXES = List.of("deployments/", "secrets/", "pods/", "pod-reports/");

    private final StateStore store;
    private final Records<Project> projects;
    private final Clock clock;

    private final List<Consumer<String>> afterDelete = new CopyOnWriteArrayList<>();

    public ProjectService(StateStore store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.projects = new Records<>(store, json, Project.class, "projects/");
        this.clock = clock;
        projects.create(DEFAULT, newProject(DEFAULT));
    }

    public Project create(String name) {
        Names.dnsSafe("project", name);
        if (!projects.create(name, newProject(name))) {
            throw Refused.conflict("project '" + name + "' already exists");
        }
        return get(name);
    }

    /**
     * Adds the creation of project {@code name} to {@code batch}, so that it is stored together with
     * what needs it (a deploy naming a new project); false, adding nothing, when it exists already.
     */
    public boolean addCreation(WriteBatch batch, String name) {
        Names.dnsSafe("project", name);
        if (find(name).isPresent()) {
            return false;
        }
        batch.put(projects.key(name), projects.encode(newProject(name)));
        return true;
    }

    public List<Project> list() {
        return projects.list("");
    }

    public Project get(String name) {
        return projects.get(name).orElseThrow(() -> Refused.notFound("project '" + Refused.shorten(name)
                + "' not found"));
    }

    public Optional<Project> find(String name) {
        return projects.get(name);
    }

    /** Whether the project exists and is not suspended: its pods should run. */
    public boolean isActive(String name) {
        return find(name).map(p -> Project.ACTIVE.equals(p.state())).orElse(false);
    }

    public Project suspend(String name) {
        return setState(name, Project.SUSPENDED);
    }

    public Project resume(String name) {
        return setState(name, Project.ACTIVE);
    }

    public void delete(String name, boolean force) {
        get(name);
        if (name.equals(DEFAULT)) {
            throw Refused.conflict("the default project cannot be deleted");
        }
        int deployments = store.list("deployments/" + name + "/").size();
        if (deployments > 0 && !force) {
            throw Refused.conflict("project '" + name + "' has " + deployments + " deployment"
                    + (deployments == 1 ? "" : "s") + "; remove them first, or delete with force");
        }
        WriteBatch batch = new WriteBatch().delete(projects.key(name));
        for (String prefix : OWNED_PREFIXES) {
            store.list(prefix + name + "/").keySet().forEach(batch::delete);
        }
        store.commit(batch);
        afterDelete.forEach(listener -> listener.accept(name));
    }

    /** Runs {@code listener} with the project's name after a project is deleted, before the answer. */
    public void afterDelete(Consumer<String> listener) {
        afterDelete.add(listener);
    }

    private Project setState(String name, String state) {
        Project updated = get(name).withState(state);
        projects.put(name, updated);
        return updated;
    }

    private Project newProject(String name) {
        return new Project(name, Project.ACTIVE, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
