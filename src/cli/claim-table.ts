import type { ClaimView } from '../client/index.js';
import { age, dim, green, printTable, red, until } from './output.js';

function aliveText(alive: boolean | null): string {
  if (alive === null) return dim('-');
  return alive ? green('yes') : red('no');
}

/** The claims table that `pd ports` and `pd find` share. */
export function printClaims(claims: ClaimView[]): void {
  printTable(
    ['IDENTITY', 'PORT', 'PID', 'ALIVE', 'AGE', 'EXPIRES', 'OWNER'],
    claims.map((claim) => [
      claim.identity,
      String(claim.port),
      claim.pid === null ? '-' : String(claim.pid),
      aliveText(claim.alive),
      age(claim.createdAt),
      until(claim.expiresAt),
      claim.owner ?? '-',
    ]),
  );
}
