/**
 * The contracts Helyos plugins implement. A plugin is a PF4J plugin jar (descriptor in its
 * manifest: {@code Plugin-Id}, {@code Plugin-Class}, {@code Plugin-Version}) whose extensions
 * implement one of the extension points here; dropping the jar into helyosd's plugins directory
 * installs it. Compile against this module and {@code org.pf4j:pf4j} with {@code provided} scope.
 */
package dev.helyos.plugin.api;
