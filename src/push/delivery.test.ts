import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryQueue, type Job } from './delivery.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job that runs until released or aborted, and reports which. */
function heldJob() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { started: false, outcome: 'pending' as 'pending' | 'done' | 'aborted' };
  const job: Job = async (signal) => {
    state.started = true;
    const abort = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    await Promise.race([released, abort]);
    state.outcome = signal.aborted ? 'aborted' : 'done';
  };
  return { job, release, state };
}

describe('the push delivery queue', () => {
  const errors: unknown[] = [];
  const queue = (opts: Partial<ConstructorParameters<typeof DeliveryQueue>[0]> = {}) =>
    new DeliveryQueue({
      concurrency: 2,
      maxQueued: 10,
      timeoutMs: 5_000,
      onError: (err) => errors.push(err),
      ...opts,
    });

  it('runs at most `concurrency` jobs at once and starts the next as one ends', async () => {
    const q = queue();
    const jobs = [heldJob(), heldJob(), heldJob()];
    for (const j of jobs) assert.equal(q.offer(j.job), true);
    await sleep(5);
    assert.deepEqual(
      jobs.map((j) => j.state.started),
      [true, true, false],
    );
    jobs[0]!.release();
    await sleep(5);
    assert.equal(jobs[2]!.state.started, true);
    jobs[1]!.release();
    jobs[2]!.release();
    await q.drain();
    assert.deepEqual(
      jobs.map((j) => j.state.outcome),
      ['done', 'done', 'done'],
    );
  });

  it('aborts a job at its timeout and frees its slot, even if the job ignores the signal', async () => {
    const q = queue({ concurrency: 1, timeoutMs: 30 });
    const obedient = heldJob();
    let deafStarted = 0;
    const deaf: Job = () => {
      deafStarted = Date.now();
      return new Promise(() => {}); // never settles
    };
    const after = heldJob();
    q.offer(obedient.job);
    q.offer(deaf);
    q.offer(after.job);
    await sleep(20);
    assert.equal(obedient.state.outcome, 'pending');
    await sleep(30);
    assert.equal(obedient.state.outcome, 'aborted');
    assert.ok(deafStarted > 0, 'the next job got the slot');
    await sleep(50);
    assert.equal(after.state.started, true, 'the deaf job lost its slot at its timeout');
    after.release();
    await q.drain();
  });

  it('refuses jobs beyond maxQueued instead of growing without bound', async () => {
    const q = queue({ concurrency: 1, maxQueued: 2 });
    const running = heldJob();
    assert.equal(q.offer(running.job), true);
    await sleep(1);
    const waiting = [heldJob(), heldJob()];
    for (const j of waiting) assert.equal(q.offer(j.job), true);
    assert.equal(q.offer(heldJob().job), false);
    assert.equal(q.pending, 3);
    running.release();
    for (const j of waiting) j.release();
    await q.drain();
    assert.equal(q.pending, 0);
  });

  it('reports a job that throws, and carries on', async () => {
    errors.length = 0;
    const q = queue({ concurrency: 1 });
    const boom = new Error('bug');
    const next = heldJob();
    q.offer(() => Promise.reject(boom));
    q.offer(() => {
      throw boom;
    });
    q.offer(next.job);
    next.release();
    await q.drain();
    assert.deepEqual(errors, [boom, boom]);
    assert.equal(next.state.outcome, 'done');
  });

  it('at close waits for queued jobs within the grace period, then abandons the rest', async () => {
    const q = queue({ concurrency: 1 });
    const quick = heldJob();
    const stuck = heldJob();
    const never = heldJob();
    q.offer(quick.job);
    q.offer(stuck.job);
    q.offer(never.job);
    setTimeout(() => quick.release(), 10);
    const abandoned = await q.close(60);
    assert.equal(abandoned, 2, 'the stuck job and the one behind it');
    assert.equal(quick.state.outcome, 'done');
    assert.equal(stuck.state.outcome, 'aborted');
    assert.equal(never.state.started, false);
    assert.equal(q.offer(heldJob().job), false, 'closed');
    assert.equal(q.pending, 0);
  });
});
