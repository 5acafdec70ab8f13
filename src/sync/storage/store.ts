// The SyncStore port: what the SyncStorage 1.5 routes (and the tokenserver,
// through deleteUser) need from a database, as records and intents. The SQL
// behind it lives in sql/; the contract suite in store.contract.ts holds
// every implementation to the same behaviour.
//
// Timestamps are integer milliseconds, multiples of 10 (sync.md §2.8). Every
// write takes one timestamp from the store's clock for all it changes,
// strictly greater than any earlier write of the same user, and returns it. Writes run in one
// transaction each and check their precondition inside it, against the
// value the write would replace, so a stale client can never overwrite.
//
// A BSO whose expiry has passed is gone for every read, count and delete.
// Reads take `now`, so that expiry follows the server's clock: the one the
// writes stamp with.

/** A BSO as stored and served (ttl and payload size are never echoed). */
export interface Bso {
  id: string;
  modified: number;
  payload: string;
  /** Absent when never set. */
  sortindex?: number;
}

/** A BSO as a client sent it: only `id` is required; what is absent stays as it was. */
export interface BsoInput {
  id: string;
  payload?: string;
  sortindex?: number;
  /** Seconds from the write's timestamp until the BSO expires. */
  ttl?: number;
}

/**
 * X-If-Modified-Since / X-If-Unmodified-Since, in ms. The store compares
 * them with the resource's timestamp inside the write's transaction.
 */
export interface Precondition {
  modifiedSince?: number;
  unmodifiedSince?: number;
}

/** Thrown when a precondition fails; nothing was written. */
export class PreconditionFailed extends Error {
  constructor(
    /** 304 for X-If-Modified-Since, 412 for X-If-Unmodified-Since. */
    readonly status: 304 | 412,
    /** The resource's timestamp, for X-Last-Modified. */
    readonly lastModified: number,
  ) {
    super(status === 304 ? 'not modified' : 'modified since');
    this.name = 'PreconditionFailed';
  }
}

/** Thrown by writes that would take a user past the quota; nothing was written. */
export class OverQuota extends Error {
  constructor() {
    super('over quota');
    this.name = 'OverQuota';
  }
}

/**
 * Thrown by every write of a uid that deleteUser retired: its account is
 * gone or its keys were replaced, though a token naming it may still be
 * valid. Nothing was written.
 */
export class RetiredUser extends Error {
  constructor() {
    super('retired Sync uid');
    this.name = 'RetiredUser';
  }
}

/** Thrown for a batch id that is unknown, expired, committed or someone else's. */
export class UnknownBatch extends Error {
  constructor() {
    super('unknown batch');
    this.name = 'UnknownBatch';
  }
}

export type Sort = 'newest' | 'oldest' | 'index';

export interface BsoQuery {
  ids?: readonly string[];
  /** Strictly greater than, in ms. */
  newer?: number;
  /** Strictly less than, in ms. */
  older?: number;
  sort: Sort;
  /** The most items to return; the store fetches one more to know whether to page. */
  limit: number;
  /** An offset handed out as `nextOffset` by an earlier page of the same query. */
  offset?: string;
  full: boolean;
}

export interface BsoPage {
  items: Bso[];
  /** Set when more items follow; opaque to clients (X-Weave-Next-Offset). */
  nextOffset?: string;
}

/** Options every write takes. */
export interface WriteOptions {
  precondition?: Precondition;
  /** When set, the user's total payload bytes after the write may not exceed it. */
  quotaBytes?: number;
}

export interface Usage {
  uid: number;
  collections: number;
  bsos: number;
  /** Sum of payload sizes, in bytes. */
  bytes: number;
}

export interface SyncStore {
  /** The storage timestamp and each collection's, for info/collections. */
  timestamps(uid: number): Promise<{ storage: number; collections: Map<string, number> }>;
  /** A collection's last write, or 0. */
  collectionModified(uid: number, collection: string): Promise<number>;
  /** Live BSOs per collection (collections without any are left out). */
  collectionCounts(uid: number, now: number): Promise<Map<string, number>>;
  /** Payload bytes of live BSOs per collection. */
  collectionUsage(uid: number, now: number): Promise<Map<string, number>>;

  getBso(uid: number, collection: string, id: string, now: number): Promise<Bso | undefined>;
  /** Throws RangeError for an offset this query did not hand out. */
  listBsos(uid: number, collection: string, query: BsoQuery, now: number): Promise<BsoPage>;

  /** PUT: the precondition is on the BSO's own timestamp (0 when absent). */
  putBso(uid: number, collection: string, bso: BsoInput, opts: WriteOptions): Promise<number>;
  /** A plain POST, or the items of `batch=true&commit=true`. */
  postBsos(uid: number, collection: string, bsos: BsoInput[], opts: WriteOptions): Promise<number>;
  /** Stages items in a new batch; nothing is visible until the commit. */
  createBatch(
    uid: number,
    collection: string,
    bsos: BsoInput[],
    opts: WriteOptions & { lifetimeMs: number },
  ): Promise<string>;
  appendBatch(
    uid: number,
    collection: string,
    batch: string,
    bsos: BsoInput[],
    opts: WriteOptions,
  ): Promise<void>;
  /** Applies the staged items and then `bsos`, all at one new timestamp, and drops the batch. */
  commitBatch(
    uid: number,
    collection: string,
    batch: string,
    bsos: BsoInput[],
    opts: WriteOptions,
  ): Promise<number>;

  /** Deletes a collection; returns the storage timestamp afterwards. */
  deleteCollection(uid: number, collection: string, opts: WriteOptions): Promise<number>;
  /** Deletes some BSOs; the collection survives with a new timestamp. */
  deleteBsos(uid: number, collection: string, ids: string[], opts: WriteOptions): Promise<number>;
  /** Deletes one BSO; undefined when it did not exist (or had expired). */
  deleteBso(
    uid: number,
    collection: string,
    id: string,
    opts: WriteOptions,
  ): Promise<number | undefined>;
  /** DELETE /storage: the precondition is on the storage timestamp. */
  deleteStorage(uid: number, opts: WriteOptions): Promise<void>;

  /**
   * Retires a Sync uid for good and removes everything kept for it: BSOs,
   * timestamps and batches. Once the retirement has committed every write
   * of the uid throws RetiredUser, also one that raced it; the data then
   * goes in short chunks, so a large user never holds the database for
   * long. The tokenserver calls it when an account is deleted or its keys
   * change; calling it again finishes an erase that was cut short.
   */
  deleteUser(uid: number): Promise<void>;
  /** Which of `uids` deleteUser has not retired. */
  notRetired(uids: readonly number[]): Promise<number[]>;
  /** Deletes expired BSOs and batches; returns how many rows went. */
  purgeExpired(now: number): Promise<number>;
  /** Sizes per user for the operator: one user, or every user with data. */
  usage(uid?: number): Promise<Usage[]>;
  /** For the heartbeat: fails when the Sync tables cannot be read. */
  ping(): Promise<void>;
}
