// Helpers of the customs contract suite: fresh identities, rule shorthand
// and the verdicts the tests expect.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Customs, CustomsAction, CustomsRequest, Rule } from './customs.js';
import { DEFAULT_RULES } from './rules.js';

export type MakeCustoms = (rules: Rule[], clock: () => number) => Customs;

export const START = Date.UTC(2030, 0, 1);

export interface Who {
  ip: string;
  email: string;
  uid: string;
}

/** A fresh ip, address and uid, so no two tests share a key. */
export function who(): Who {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return {
    ip: `10.${a}.${b}.${c}`,
    email: `${randomBytes(6).toString('hex')}@Example.COM`,
    uid: randomBytes(16).toString('hex'),
  };
}

export function rule(overrides: Partial<Rule> & Pick<Rule, 'name'>): Rule {
  return {
    actions: ['accountLogin'],
    key: 'ip',
    max: 2,
    windowSec: 60,
    blockSec: 60,
    counts: 'attempts',
    ...overrides,
  };
}

export function defaultRule(name: string): Rule {
  const found = DEFAULT_RULES.find((r) => r.name === name);
  assert.ok(found, `no default rule ${name}`);
  return found;
}

/** A customs on a clock the test moves with `advance(seconds)`. */
export type Setup = (rules: Rule[]) => { customs: Customs; advance: (sec: number) => void };

export const req = (action: CustomsAction, w: Partial<Who> & { ip: string }): CustomsRequest => ({
  action,
  ...w,
});

export const allowed = { block: false } as const;

/** How many attempts in a window a rule lets through: failures rules one more than max (FxA). */
export const allowedAttempts = (r: Rule) => (r.counts === 'failures' ? r.max + 1 : r.max);

const isOwnersLimit = (r: Rule) => r.key === 'email' || r.key === 'ip_email';

/** The rules the suites name whose blocks an unblock code may clear. */
const OWNERS_LIMITS = new Set([
  ...DEFAULT_RULES.filter(isOwnersLimit).map((r) => r.name),
  'failures-per-email',
  'failed-logins',
  'address-logins',
  'per-email',
]);

export const blockedBy = (rule: string, retryAfter: number) => ({
  block: true,
  retryAfter,
  rule,
  unblockable: OWNERS_LIMITS.has(rule),
});
