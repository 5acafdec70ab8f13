// A Driver that reports every operation the database could not answer (the
// StoreUnavailableError that becomes 503 errno 201) to the metrics, whether
// it came from a request, the token pruner or the Sync purge. A statement's
// own faults (a duplicate key from a sign-up race) are the store's business
// and are not counted. Statements inside a transaction are not counted one
// by one: the transaction fails as a whole and counts once.
import type { DatabaseErrorReason } from '../../metrics/metrics.js';
import { StoreUnavailableError } from '../store.js';
import { DeadlineError } from './deadline.js';
import type { Driver } from './driver.js';

export interface DriverObserver {
  databaseError(reason: DatabaseErrorReason): void;
}

export function observedDriver(driver: Driver, observer: DriverObserver): Driver {
  const counted = <T>(operation: Promise<T>): Promise<T> =>
    operation.catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) observer.databaseError(reasonOf(err));
      throw err;
    });
  return {
    dialect: driver.dialect,
    all: (sql, params) => counted(driver.all(sql, params)),
    get: (sql, params) => counted(driver.get(sql, params)),
    run: (sql, params) => counted(driver.run(sql, params)),
    transaction: (body) => counted(driver.transaction(body)),
    migration: (body) => driver.migration(body),
    isDuplicate: (err) => driver.isDuplicate(err),
    ping: () => counted(driver.ping()),
    close: () => driver.close(),
    poolStats: () => driver.poolStats?.(),
    readStamp: () => driver.readStamp?.(),
  };
}

function reasonOf(err: StoreUnavailableError): DatabaseErrorReason {
  return err.cause instanceof DeadlineError ? 'timeout' : 'unavailable';
}
