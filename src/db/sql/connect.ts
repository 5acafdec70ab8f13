// Database URLs, and opening the driver a URL names. The accepted forms:
//
//   sqlite:/absolute/path.sqlite
//   sqlite:relative/path.sqlite     (resolved against the working directory)
//   sqlite::memory:
//   mysql://user:password@host:port/database

import { resolve } from 'node:path';
import type { DatabaseTimeouts } from './deadline.js';
import type { Driver } from './driver.js';
import { openMysql, type MysqlTarget } from './mysql.js';
import { openSqlite } from './sqlite.js';

export type DatabaseTarget =
  { dialect: 'sqlite'; path: string } | { dialect: 'mysql'; mysql: MysqlTarget };

const ACCEPTED =
  'sqlite:/absolute/path.sqlite, sqlite:relative/path.sqlite, sqlite::memory: ' +
  'or mysql://user:password@host:port/database';

// Letters, digits, _ $ and -: names that need no quoting beyond backticks
// and cannot smuggle anything into CREATE DATABASE.
const MYSQL_DATABASE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

/** The URL with any password masked, fit for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function invalid(url: string, why: string): Error {
  return new Error(`invalid database URL ${redactDatabaseUrl(url)}: ${why}; use ${ACCEPTED}`);
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === ':memory:') return { dialect: 'sqlite', path };
    // sqlite://x could mean host x or path /x; neither reading is safe to guess.
    if (path === '' || path.startsWith('//')) throw invalid(url, 'no file path after sqlite:');
    return { dialect: 'sqlite', path: resolve(path) };
  }
  if (url.startsWith('mysql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(url, 'not a URL');
    }
    const database = decodeURIComponent(parsed.pathname.slice(1));
    if (!MYSQL_DATABASE_NAME.test(database)) {
      throw invalid(url, 'the database name must be 1-64 letters, digits, _, $ or -');
    }
    if (parsed.username === '') throw invalid(url, 'no user name');
    if (parsed.search !== '' || parsed.hash !== '') throw invalid(url, 'options are not supported');
    return {
      dialect: 'mysql',
      mysql: {
        host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), // IPv6 literals come bracketed
        port: parsed.port === '' ? 3306 : Number(parsed.port),
        user: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database,
      },
    };
  }
  throw invalid(url, 'unknown scheme');
}

export async function openDriver(url: string, timeouts?: DatabaseTimeouts): Promise<Driver> {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'sqlite'
    ? openSqlite(target.path, timeouts)
    : await openMysql(target.mysql, timeouts);
}
