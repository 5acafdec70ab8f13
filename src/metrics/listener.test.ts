// The metrics listener refuses to serve the counts to a network without a
// token, and knows which addresses are loopback ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../log.js';
import { isLoopback, startMetricsListener } from './listener.js';

const log = createLogger('silent');

describe('the metrics listener', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.ok(isLoopback(host));
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'metrics.example.com', '128.0.0.1']) {
      assert.equal(isLoopback(host), false, host);
    }
  });

  it('will not listen beyond loopback without a token', async () => {
    const opts = { port: 0, token: '', exposition: () => Promise.resolve(''), log };
    await assert.rejects(startMetricsListener({ ...opts, host: '0.0.0.0', contentType: 'x' }), {
      message: /set METRICS_TOKEN/,
    });
  });

  it('will not take a token short enough to guess', async () => {
    const opts = { port: 0, token: 'hunter2', exposition: () => Promise.resolve(''), log };
    await assert.rejects(startMetricsListener({ ...opts, host: '127.0.0.1', contentType: 'x' }), {
      message: /METRICS_TOKEN is 7 characters; use at least 16/,
    });
  });
});
