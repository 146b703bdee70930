// Certificate watch, for cron: route certificates that expire within DAYS days (default 14), those
// whose last renewal failed, and the last certificate failures the daemon recorded (its events).
//
//   helyos script run scripts/cert-watch.js [DAYS]
//
// Exit code 0: nothing needs a human. 2: something does (it is listed). 1: a bad DAYS or an API error.
// In cron, mail only on 2:  helyos script run cert-watch.js 14 > /tmp/cert-watch.txt || [ $? -ne 2 ] || mail ...

const days = args.length > 0 ? Number(args[0]) : 14;
if (!Number.isInteger(days) || days < 0) {
  throw new Error(`DAYS must be a whole number of days, got '${args[0]}'`);
}

const certs = helyos.certs.list();
const expiring = certs.filter((c) => c.not_after !== null && c.days_left <= days);
const failing = certs.filter((c) => c.last_error !== null);
const failures = helyos.events.list({ type: 'cert' }).filter((e) => e.action === 'failed' || e.action === 'expiring').slice(-10);

for (const c of expiring) {
  const who = c.source === 'imported' ? 'import a new one (helyos cert import)' : `helyosd renews it (next ${c.next_renewal})`;
  console.log(`EXPIRING  ${c.domain}  ${c.source}  until ${c.not_after} (${c.days_left} days): ${who}`);
}
for (const c of failing) {
  console.log(`FAILING   ${c.domain}  ${c.source}  last error: ${c.last_error}; next attempt ${c.next_attempt_at}`);
}
for (const e of failures) {
  console.log(`EVENT     ${e.at}  ${e.subject}  ${e.action}: ${e.message}`);
}
const needsAHuman = expiring.filter((c) => c.source === 'imported').length + failing.length;
if (needsAHuman > 0) {
  console.log(`${needsAHuman} certificate(s) need a human (of ${certs.length})`);
  helyos.exit(2);
}
console.log(`ok: ${certs.length} certificate(s), none needs a human within ${days} day(s)`);
