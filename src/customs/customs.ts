// Customs: abuse protection for every route that checks a credential or
// sends mail (api-v1.md §6, built in-process instead of as a service).
//
// A rule limits one or more actions per key (ip, email, ip_email or uid).
// `check` counts the attempt *before* the expensive or dangerous work runs,
// with an atomic increment, so concurrent requests cannot slip past a limit.
//
// - `attempts` rules allow `max` attempts per `windowSec`; the next one
//   blocks the key for `blockSec`.
// - `failures` rules count as FxA's customs does: once more than `max`
//   failures are on record, the next attempt is blocked. So with max 2 the
//   third try is still checked, and only a fourth after three failures is
//   refused. Each attempt takes a slot up front (at most max + 1 can be in
//   flight at once) and gives it back when the password turns out right.
//
// A login blocked by a rule keyed by email or ip_email, a limit someone
// else can run up for an address (with wrong passwords, from many IPs), is
// `unblockable`: the owner of the mailbox can clear it with a mailed unblock
// code (resetFailures).
//
// Counters live in memory for a single process, or in Redis so several
// processes share one set of limits.

export const CUSTOMS_ACTIONS = [
  'accountCreate',
  'accountLogin',
  'accountStatusCheck',
  'accountDestroy',
  'recoveryEmailResendCode',
  'recoveryEmailVerifyCode',
  'passwordForgotSendCode',
  'passwordForgotResendCode',
  'passwordForgotVerifyCode',
  'sessionVerifyCode',
  'sessionResendCode',
  'passwordChange',
  'certificateSign',
  'oauthToken',
  'sendUnblockCode',
  'verifyUnblockCode',
  'rejectUnblockCode',
] as const;

export type CustomsAction = (typeof CUSTOMS_ACTIONS)[number];

export type CustomsKey = 'ip' | 'email' | 'ip_email' | 'uid';

export interface Rule {
  /** Names the rule in logs and in the operator's block list. */
  name: string;
  actions: CustomsAction[];
  key: CustomsKey;
  max: number;
  windowSec: number;
  blockSec: number;
  /** `attempts`: every check counts. `failures`: refunded on a right password. */
  counts: 'attempts' | 'failures';
}

export interface CustomsRequest {
  action: CustomsAction;
  ip: string;
  /** Lower-cased by customs before use. */
  email?: string;
  uid?: string;
}

export type Verdict =
  { block: false } | { block: true; retryAfter: number; rule: string; unblockable: boolean };

export type BlockTarget = { kind: 'email' | 'ip'; value: string };

export interface ActiveBlock extends BlockTarget {
  /** The rule that tripped, or `ban` for an operator's ban. */
  reason: string;
  /** Epoch ms. */
  until: number;
}

export interface Customs {
  /** Counts the attempt and says whether it may proceed. */
  check(req: CustomsRequest): Promise<Verdict>;
  /** The password was right: refund what `failures` rules counted for this request. */
  passwordOk(req: CustomsRequest): Promise<void>;
  /** The attempt never ran (load was shed): refund what every rule counted for it. */
  refund(req: CustomsRequest): Promise<void>;
  /**
   * A valid unblock code came with the request: clear the limits that
   * count against its address, from everywhere and from this request's ip.
   */
  resetFailures(req: CustomsRequest): Promise<void>;
  /** A completed password reset clears the address's failed-login counters and blocks. */
  passwordReset(email: string): Promise<void>;

  /** Operator controls. */
  ban(target: BlockTarget, durationSec: number): Promise<void>;
  unblock(target: BlockTarget): Promise<void>;
  listBlocks(): Promise<ActiveBlock[]>;

  close(): Promise<void>;
}
