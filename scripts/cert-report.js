// Certificate report: route certificates that expire within DAYS days (default 30), those whose last
// renewal failed, and imported ones (helyosd cannot renew those: import a new one in time).
//
//   helyos script run scripts/cert-report.js [DAYS]
//
// Prints a report and exits 0 whatever it finds: it informs, it does not gate. A bad DAYS or an
// API error fails it (exit 1).

const days = args.length > 0 ? Number(args[0]) : 30;
if (!Number.isInteger(days) || days < 0) {
  throw new Error(`DAYS must be a whole number of days, got '${args[0]}'`);
}

const certs = helyos.certs.list();
const issued = certs.filter((c) => c.not_after !== null);
const expiring = issued.filter((c) => c.days_left <= days);
const failing = certs.filter((c) => c.last_error !== null);
const imported = issued.filter((c) => c.source === 'imported');

const width = Math.max(6, ...certs.map((c) => c.domain.length));
function line(c) {
  const validity = c.not_after === null ? 'no certificate yet' : `until ${c.not_after} (${c.days_left} days)`;
  const problem = c.last_error === null ? '' : `  last error: ${c.last_error}; next attempt ${c.next_attempt_at}`;
  return `  ${c.domain.padEnd(width)}  ${c.source.padEnd(8)}  ${validity}${problem}`;
}
function section(title, list) {
  console.log(`${title} (${list.length}):`);
  console.log(list.length === 0 ? '  none' : list.map(line).join('\n'));
}

console.log(`Certificate report (helyosd ${helyos.version().version}): ${certs.length} certificate(s)`);
section(`Expiring within ${days} day(s)`, expiring);
section('Failing to renew', failing);
section('Imported (renew them yourself)', imported);
