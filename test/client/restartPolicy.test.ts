import * as assert from 'node:assert/strict';
import { CrashRestartPolicy } from '../../client/src/restartPolicy';

const minute = 60_000;

describe('the restart policy for a language server that dies', () => {
  it('restarts it up to the bound within the window, then gives up saying why and what to do', () => {
    const policy = new CrashRestartPolicy(4, 3 * minute);
    for (let crash = 1; crash <= 4; crash++) {
      const decision = policy.crashed(crash * 1000);
      assert.equal(decision.giveUp, false, `crash ${crash}`);
      assert.match(decision.message, new RegExp(`restart ${crash} of at most 4 within 3 minutes`));
    }
    const fifth = policy.crashed(5000);
    assert.equal(fifth.giveUp, true);
    assert.match(fifth.message, /stopped unexpectedly 5 times within 3 minutes/);
    assert.match(fifth.message, /Output panel \(Strategic Frameworks\)/);
    assert.match(fifth.message, /'Strategic Frameworks: Restart Language Server'/);
  });

  it('forgets crashes older than the window, and all of them when the user restarts it', () => {
    const policy = new CrashRestartPolicy(2, 3 * minute);
    policy.crashed(0);
    policy.crashed(1000);
    // The first two crashes are more than three minutes old by now.
    assert.equal(policy.crashed(3 * minute + 1000).giveUp, false);
    assert.equal(policy.crashed(3 * minute + 2000).giveUp, false);
    assert.equal(policy.crashed(3 * minute + 3000).giveUp, true);
    policy.reset();
    assert.equal(policy.crashed(3 * minute + 4000).giveUp, false);
  });

  it('survives a few connection errors in a row, and stops the server after more', () => {
    const policy = new CrashRestartPolicy();
    for (const count of [1, 2, 3]) assert.equal(policy.connectionFailed(count).giveUp, false);
    const broken = policy.connectionFailed(4);
    assert.equal(broken.giveUp, true);
    assert.match(broken.message, /Restart Language Server/);
    assert.equal(policy.connectionFailed(undefined).giveUp, true);
  });
});
