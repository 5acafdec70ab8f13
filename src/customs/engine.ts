// The rule logic of customs over a CounterStore (store.ts). This file decides
// which rules apply to a request and under which record ids they count; the
// store makes each step atomic.
//
// Record ids:
//   r:<rule>:<key>:<value>   one rule counting one key value; the rule name is
//                            URI-encoded so a `:` in it cannot collide, and an
//                            ip_email value is `<ip>|<email>`
//   ban:<kind>:<value>       an operator's ban of an email or an ip
//   ix:<kind>:<value>        the index of records keyed by that email or ip
//
// A rule that trips clears its count as it sets its block (as FxA's customs
// cleared its hits when it throttled), so when the block ends the key starts
// a fresh window instead of being blocked again by old hits.
//
// In `listBlocks`, a block keyed by ip_email is reported as kind `email` with
// the address as value and reason `<rule>@<ip>`, so the operator sees both
// halves and can lift it with `unblock email` (or `unblock ip`).

import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type {
  ActiveBlock,
  BlockTarget,
  Customs,
  CustomsKey,
  CustomsRequest,
  Rule,
  Verdict,
} from './customs.js';
import { LogThrottle } from './log-throttle.js';
import type { CounterStore, Hit, IndexSelection } from './store.js';

export interface EngineOptions {
  rules: Rule[];
  store: CounterStore;
  failOpen: boolean;
  clock: () => number;
  log: Logger;
  /** Counts each refusal by action and rule. */
  metrics?: Pick<Metrics, 'customsBlocked'>;
}

type KeyValues = Partial<Record<CustomsKey, string>> & { ip: string };

const ruleId = (rule: string, key: CustomsKey, value: string) =>
  `r:${encodeURIComponent(rule)}:${key}:${value}`;
const ruleIdPrefix = (rule: string, key: CustomsKey) => `r:${encodeURIComponent(rule)}:${key}:`;
const banId = (t: BlockTarget) => `ban:${t.kind}:${t.value}`;
const indexId = (t: BlockTarget) => `ix:${t.kind}:${t.value}`;

export class CustomsEngine implements Customs {
  private readonly rules: Rule[];
  private readonly store: CounterStore;
  private readonly failOpen: boolean;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly throttle: LogThrottle;
  private readonly metrics: Pick<Metrics, 'customsBlocked'> | undefined;

  constructor(opts: EngineOptions) {
    this.metrics = opts.metrics;
    this.rules = opts.rules;
    this.store = opts.store;
    this.failOpen = opts.failOpen;
    this.clock = opts.clock;
    this.log = opts.log;
    this.throttle = new LogThrottle(opts.log, opts.clock);
  }

  async check(req: CustomsRequest): Promise<Verdict> {
    const keys = keyValues(req);
    const bans = [banId({ kind: 'ip', value: keys.ip })];
    if (keys.email !== undefined) bans.push(banId({ kind: 'email', value: keys.email }));
    const hits = this.applicable(req, keys).map((rule) => hitFor(rule, keys));
    const now = this.now();
    let blocked;
    try {
      blocked = await this.store.hit(bans, hits, now);
    } catch (err) {
      if (!this.failOpen)
        throw new Error('customs: the counter store is unavailable', { cause: err });
      this.throttle.warn('check', { err }, 'customs: counter store unavailable, request allowed');
      return { block: false };
    }
    if (!blocked) return { block: false };
    const retryAfter = Math.max(1, Math.ceil((blocked.until - now) / 1000));
    const rule = this.rules.find((r) => r.name === blocked.rule);
    const unblockable = rule !== undefined && isOwnersLimit(rule);
    this.metrics?.customsBlocked(req.action, blocked.rule);
    return { block: true, retryAfter, rule: blocked.rule, unblockable };
  }

  async refund(req: CustomsRequest): Promise<void> {
    const keys = keyValues(req);
    const ids = this.applicable(req, keys).map((rule) => hitFor(rule, keys).id);
    if (ids.length === 0) return;
    try {
      await this.store.refund(ids);
    } catch (err) {
      this.throttle.warn('refund', { err }, 'customs: could not refund counters');
    }
  }

  async resetFailures(req: CustomsRequest): Promise<void> {
    const keys = keyValues(req);
    const ids = this.applicable(req, keys)
      .filter(isOwnersLimit)
      .map((rule) => hitFor(rule, keys).id);
    if (ids.length === 0) return;
    try {
      await this.store.clear(ids, []);
    } catch (err) {
      this.throttle.warn('reset', { err }, 'customs: could not clear counters after an unblock');
    }
  }

  async passwordOk(req: CustomsRequest): Promise<void> {
    const keys = keyValues(req);
    const ids = this.applicable(req, keys)
      .filter((rule) => rule.counts === 'failures')
      .map((rule) => hitFor(rule, keys).id);
    if (ids.length === 0) return;
    try {
      await this.store.refund(ids);
    } catch (err) {
      this.throttle.warn('refund', { err }, 'customs: could not refund failure counters');
    }
  }

  async passwordReset(email: string): Promise<void> {
    const address = email.toLowerCase();
    const failures = this.rules.filter((rule) => rule.counts === 'failures');
    const ids = failures
      .filter((rule) => rule.key === 'email')
      .map((rule) => ruleId(rule.name, 'email', address));
    // ip_email records are found through the address's index, limited to
    // the failures rules so mail limits survive the reset.
    const prefixes = failures
      .filter((rule) => rule.key === 'ip_email')
      .map((rule) => ruleIdPrefix(rule.name, 'ip_email'));
    const indexes: IndexSelection[] =
      prefixes.length > 0 ? [{ index: indexId({ kind: 'email', value: address }), prefixes }] : [];
    try {
      await this.store.clear(ids, indexes);
    } catch (err) {
      this.throttle.warn('reset', { err }, 'customs: could not clear counters after a reset');
    }
  }

  async ban(target: BlockTarget, durationSec: number): Promise<void> {
    if (!(durationSec > 0)) throw new Error('customs: a ban lasts a positive number of seconds');
    const t = normalTarget(target);
    const now = this.now();
    await this.store.ban(banId(t), { ...t, reason: 'ban' }, now + durationSec * 1000, now);
    this.log.info({ kind: t.kind, durationSec }, 'customs: ban set');
  }

  /** Lifts the ban and every rule's record keyed by the address, whatever the rules are. */
  async unblock(target: BlockTarget): Promise<void> {
    const t = normalTarget(target);
    await this.store.clear([banId(t)], [{ index: indexId(t) }]);
    this.log.info({ kind: t.kind }, 'customs: unblocked');
  }

  async listBlocks(): Promise<ActiveBlock[]> {
    const blocks = await this.store.list(this.now());
    return blocks.sort((a, b) => a.until - b.until || a.value.localeCompare(b.value));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private now(): number {
    return Math.floor(this.clock());
  }

  private applicable(req: CustomsRequest, keys: KeyValues): Rule[] {
    return this.rules.filter(
      (rule) => rule.actions.includes(req.action) && keys[rule.key] !== undefined,
    );
  }
}

/**
 * A limit on an address, which others can run up and its owner may clear:
 * failures and plain attempts alike, since anyone can spend an address's
 * login attempts with wrong passwords from many IPs.
 */
function isOwnersLimit(rule: Rule): boolean {
  return rule.key === 'email' || rule.key === 'ip_email';
}

function keyValues(req: CustomsRequest): KeyValues {
  const keys: KeyValues = { ip: req.ip };
  if (req.email) {
    keys.email = req.email.toLowerCase();
    keys.ip_email = `${req.ip}|${keys.email}`;
  }
  if (req.uid) keys.uid = req.uid;
  return keys;
}

function normalTarget(t: BlockTarget): BlockTarget {
  const value = t.value.trim();
  if (value === '') throw new Error(`customs: an empty ${t.kind}`);
  return { kind: t.kind, value: t.kind === 'email' ? value.toLowerCase() : value };
}

/** The hit of a rule that applies, so `keys[rule.key]` is present. */
function hitFor(rule: Rule, keys: KeyValues): Hit {
  const value = keys[rule.key] ?? '';
  const hit: Hit = {
    id: ruleId(rule.name, rule.key, value),
    rule: rule.name,
    // FxA blocks once failures *exceed* max: the attempt after max failures
    // still runs, so failures rules allow one more slot than attempts rules.
    max: rule.counts === 'failures' ? rule.max + 1 : rule.max,
    windowMs: rule.windowSec * 1000,
    blockMs: rule.blockSec * 1000,
    indexes: [],
  };
  const ip = { kind: 'ip', value: keys.ip } as const;
  const email = { kind: 'email', value: keys.email ?? '' } as const;
  if (rule.key === 'ip') {
    hit.listing = { ...ip, reason: rule.name };
    hit.indexes = [indexId(ip)];
  } else if (rule.key === 'email') {
    hit.listing = { ...email, reason: rule.name };
    hit.indexes = [indexId(email)];
  } else if (rule.key === 'ip_email') {
    hit.listing = { ...email, reason: `${rule.name}@${keys.ip}` };
    hit.indexes = [indexId(email), indexId(ip)];
  }
  return hit;
}
