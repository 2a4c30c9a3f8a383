/**
 * The runtime dependencies are bundled into the extension and the checker, so the
 * versions that ship are the ones in package-lock.json: package.json names each exact
 * version, the lock agrees, and every package they pull in is locked to a hash.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const readJson = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(root, name), 'utf8'));

interface Manifest {
  readonly dependencies: Record<string, string>;
}
interface LockEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly dev?: boolean;
  readonly dependencies?: Record<string, string>;
}
interface Lock {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

/** An exact version: no range, tag, URL or path. */
const exactVersion = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe('the runtime dependencies', () => {
  const manifest = readJson('package.json') as Manifest;
  const lock = readJson('package-lock.json') as Lock;

  it('are pinned to exact versions, the ones package-lock.json installs', () => {
    const dependencies = Object.entries(manifest.dependencies);
    assert.ok(dependencies.length > 0);
    assert.ok(lock.lockfileVersion >= 2, 'the lock lists packages by path');
    assert.deepEqual(
      lock.packages[''].dependencies,
      manifest.dependencies,
      "package-lock.json's root entry lists the same dependencies (run npm install to sync it)",
    );
    for (const [name, version] of dependencies) {
      assert.match(version, exactVersion, `${name}@${version} is not an exact version`);
      const locked = lock.packages[`node_modules/${name}`];
      assert.equal(locked?.version, version, `package-lock.json installs ${name}@${version}`);
      assert.notEqual(locked.dev, true, `${name} is locked as a runtime dependency`);
    }
  });

  it('pull in only packages locked to a content hash', () => {
    const runtime = Object.entries(lock.packages).filter(
      ([location, entry]) => location !== '' && entry.dev !== true,
    );
    // At least the direct ones; the rest are what they depend on.
    assert.ok(runtime.length >= Object.keys(manifest.dependencies).length);
    for (const [location, entry] of runtime) {
      assert.match(entry.integrity ?? '', /^sha512-/, `${location} is locked to a sha512 hash`);
      assert.match(entry.version ?? '', exactVersion, `${location} is locked to a version`);
    }
  });
});
