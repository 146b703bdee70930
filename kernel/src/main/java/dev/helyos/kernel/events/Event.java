package dev.helyos.kernel.events;

/**
 * One thing the daemon did, as {@code helyos events} shows it: {@code type} is {@code cert},
 * {@code route}, {@code pod}, {@code deploy} or {@code proxy}; {@code action} what happened
 * ({@code issued}, {@code failed}, {@code ready}, …); {@code subject} what it happened to (a domain,
 * a pod, a deployment, a backend); {@code project} when it has one.
 */
public record Event(long id, String at, String type, String action, String subject, String project, String message) {
}
