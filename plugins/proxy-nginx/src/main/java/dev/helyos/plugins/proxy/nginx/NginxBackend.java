package dev.helyos.plugins.proxy.nginx;

import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyException;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Routes as nginx files, one per domain. An apply writes only the files whose text changed and
 * removes those of gone routes, checks the result with {@code nginx -t}, and reloads. A route whose
 * file nginx rejects is put back as it was (or removed, when new) and reported, and the rest go
 * ahead; a reload that fails puts every file back.
 */
final class NginxBackend implements ProxyBackend {
    private static final Logger LOG = Logger.getLogger(NginxBackend.class.getName());
    /** How long an apply waits for the workers of the old configuration to stop taking requests. */
    private static final java.time.Duration RELOAD_WAIT = java.time.Duration.ofSeconds(5);
    private static final Pattern FILE_IN_MESSAGE = Pattern.compile("in (\\S+?):\\d+");

    private final NginxSettings settings;
    private final NginxCommands commands;
    private final ManagedNginx managed;
    /** What each of our files holds now, by domain: read from disk at the first apply. */
    private Map<String, String> current;

    NginxBackend(NginxSettings settings) {
        this.settings = settings;
        this.commands = new NginxCommands(settings);
        this.managed = settings.manage() ? new ManagedNginx(settings, commands) : null;
        try {
            Files.createDirectories(settings.configDir());
        } catch (IOException e) {
            throw new ProxyException("cannot create " + settings.configDir() + ": " + e.getMessage(), e);
        }
        if (managed != null) {
            managed.writeMainConfig();
        }
    }

    @Override
    public String describe() {
        return "nginx (" + settings.binary() + ")" + (settings.manage()
                ? ", managed by helyosd: main configuration " + settings.mainConf()
                : ", run by the operator: main configuration " + settings.mainConf() + " must include "
                        + settings.configDir().resolve("helyos-*.conf"));
    }

    @Override
    public synchronized ApplyResult apply(ProxySnapshot desired) {
        long start = System.nanoTime();
        if (current == null) {
            current = readExisting();
        }
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ProxyRoute route : desired.routes()) {
            String problem = RouteFile.problem(route, desired.challengeHost(), desired.challengePort());
            if (problem != null) {
                failed.put(route.domain(), problem);
                if (current.containsKey(route.domain())) {
                    wanted.put(route.domain(), current.get(route.domain())); // keeps what worked
                }
            } else {
                wanted.put(route.domain(), RouteFile.render(route, settings, desired.challengeHost(), desired.challengePort()));
            }
        }
        Map<String, String> changes = new HashMap<>(); // domain -> new text, null = remove
        wanted.forEach((domain, text) -> {
            if (!text.equals(current.get(domain))) {
                changes.put(domain, text);
            }
        });
        current.keySet().stream().filter(domain -> !wanted.containsKey(domain)).forEach(domain -> changes.put(domain, null));
        boolean needStart = managed != null && !managed.running();
        if (changes.isEmpty() && !needStart) {
            return new ApplyResult(failed, null);
        }
        Map<String, String> before = new HashMap<>();
        changes.keySet().forEach(domain -> before.put(domain, current.get(domain)));
        changes.forEach(this::writeOrRemove);
        long written = System.nanoTime();

        NginxCommands.Outcome test = commands.test();
        int tries = 0;
        while (!test.ok() && tries++ < changes.size() + 1) {
            String culprit = culprit(test.output(), changes.keySet());
            if (culprit == null) {
                break;
            }
            failed.put(culprit, test.output());
            writeOrRemove(culprit, before.get(culprit));
            changes.remove(culprit);
            test = commands.test();
        }
        if (!test.ok()) {
            isolateOneByOne(changes, before, failed);
            test = commands.test();
        }
        long tested = System.nanoTime();
        if (!test.ok()) {
            before.forEach(this::writeOrRemove);
            return new ApplyResult(failed, "nginx -t rejects the configuration even without helyosd's changes: " + test.output());
        }
        String reloadError = reloadOrStart();
        long reloaded = System.nanoTime();
        if (reloadError != null) {
            before.forEach(this::writeOrRemove);
            return new ApplyResult(failed, reloadError);
        }
        changes.forEach((domain, text) -> {
            if (text == null) {
                current.remove(domain);
            } else {
                current.put(domain, text);
            }
        });
        int changed = changes.size();
        LOG.info(() -> String.format("nginx: %d route file(s) changed of %d; write %d ms, nginx -t %d ms, reload %d ms",
                changed, wanted.size(), (written - start) / 1_000_000, (tested - written) / 1_000_000, (reloaded - tested) / 1_000_000));
        return new ApplyResult(failed, null);
    }

    /** The changed route a failed {@code nginx -t} names, or null when it names none of them. */
    private String culprit(String output, Set<String> changed) {
        Matcher m = FILE_IN_MESSAGE.matcher(output);
        while (m.find()) {
            Path file = Path.of(m.group(1));
            if (file.getParent() != null && file.getParent().equals(settings.configDir())) {
                String domain = RouteFile.domainOf(file.getFileName().toString());
                if (domain != null && changed.contains(domain)) {
                    return domain;
                }
            }
        }
        return null;
    }

    /**
     * nginx named no file (a limit of the whole configuration, say): every change is put back, then
     * each is tried alone and kept when nginx accepts it.
     */
    private void isolateOneByOne(Map<String, String> changes, Map<String, String> before, Map<String, String> failed) {
        before.forEach(this::writeOrRemove);
        for (String domain : List.copyOf(changes.keySet())) {
            writeOrRemove(domain, changes.get(domain));
            NginxCommands.Outcome alone = commands.test();
            if (!alone.ok()) {
                failed.put(domain, alone.output());
                writeOrRemove(domain, before.get(domain));
                changes.remove(domain);
            }
        }
    }

    private String reloadOrStart() {
        if (managed != null) {
            if (!managed.running()) {
                try {
                    managed.start();
                    return null;
                } catch (ProxyException e) {
                    return e.getMessage();
                }
            }
        }
        List<ProcessHandle> old = managed == null ? List.of() : managed.currentWorkers();
        NginxCommands.Outcome reload = commands.reload();
        if (!reload.ok()) {
            return "nginx -s reload failed: " + reload.output();
        }
        if (managed != null) {
            managed.awaitReplaced(old, RELOAD_WAIT);
            managed.noteWorkers();
        }
        return null;
    }

    private Map<String, String> readExisting() {
        Map<String, String> existing = new HashMap<>();
        try (Stream<Path> files = Files.list(settings.configDir())) {
            for (Path file : files.toList()) {
                String domain = RouteFile.domainOf(file.getFileName().toString());
                if (domain != null) {
                    existing.put(domain, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + settings.configDir(), e);
        }
        return existing;
    }

    /** Writes the route's file atomically, or removes it when {@code text} is null. */
    private void writeOrRemove(String domain, String text) {
        Path file = settings.configDir().resolve(RouteFile.fileName(domain));
        try {
            if (text == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path temp = settings.configDir().resolve(".tmp-" + RouteFile.fileName(domain));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (managed != null) {
            managed.close();
        }
    }
}
