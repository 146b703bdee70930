// Token audit: API tokens that never expire, and tokens unused for DAYS days (default 30).
//
//   helyos script run scripts/token-audit.js [DAYS]
//
// Prints a report and exits 0 whatever it finds: it informs, it does not gate. A bad DAYS
// or an API error fails it (exit 1).

const days = args.length > 0 ? Number(args[0]) : 30;
if (!Number.isInteger(days) || days < 0) {
  throw new Error(`DAYS must be a whole number of days, got '${args[0]}'`);
}
const cutoff = Date.now() - days * 24 * 60 * 60 * 1000;

const tokens = helyos.tokens.list();
// A token never used counts as unused since it was created.
const lastSeen = (t) => Date.parse(t.last_used_at ?? t.created_at);
const noExpiry = tokens.filter((t) => t.expires_at === null);
const unused = tokens.filter((t) => lastSeen(t) <= cutoff);

const width = Math.max(4, ...tokens.map((t) => t.name.length));
function line(t) {
  const used = t.last_used_at === null ? 'never used' : `last used ${t.last_used_at}`;
  const expires = t.expires_at === null ? 'no expiry' : `expires ${t.expires_at}`;
  return `  ${t.name.padEnd(width)}  ${t.scope.padEnd(5)}  created ${t.created_at}  ${used}  ${expires}`;
}
function section(title, list) {
  console.log(`${title} (${list.length}):`);
  console.log(list.length === 0 ? '  none' : list.map(line).join('\n'));
}

console.log(`Token audit (helyosd ${helyos.version().version}): ${tokens.length} active token(s)`);
section('No expiry', noExpiry);
section(`Unused for ${days}+ day(s)`, unused);
