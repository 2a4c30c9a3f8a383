import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** The names of a zip file's entries, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const names: string[] = [];
  const signature = 0x02014b50;
  for (let offset = 0; offset + 46 <= zip.length; offset++) {
    if (zip.readUInt32LE(offset) !== signature) continue;
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 45 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('the packaged extension', function () {
  this.timeout(120_000);

  it('holds only the bundles, schema, grammar, icons, map viewer and documents: no source maps, .env or tests', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-vsix-'));
    const vsix = path.join(folder, 'strategic-frameworks.vsix');
    try {
      // `vsce package` runs the production build (vscode:prepublish) first.
      execFileSync(
        process.execPath,
        [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix],
        { cwd: root, stdio: 'pipe' },
      );
      const entries = zipEntries(fs.readFileSync(vsix)).sort();
      assert.deepEqual(entries, [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        'extension/changelog.md',
        'extension/dist/extension.js',
        'extension/dist/server.js',
        'extension/language-configuration.json',
        'extension/media/activity-bar.svg',
        'extension/media/icon.png',
        'extension/media/strategyMap.css',
        'extension/media/strategyMap.js',
        'extension/package.json',
        'extension/readme.md',
        'extension/schemas/framework.schema.json',
        'extension/syntaxes/framework-yaml.tmLanguage.json',
      ]);
      // Stated on their own too, so that a change to the list above cannot let them in:
      // no source maps (they would carry the sources and the machine's paths), no
      // environment files (where secrets live), no tests, no TypeScript sources.
      for (const entry of entries) {
        assert.doesNotMatch(entry, /\.map$/, `${entry} is a source map`);
        assert.doesNotMatch(entry, /(^|\/)\.env(\.|$)/, `${entry} is an environment file`);
        assert.doesNotMatch(
          entry,
          /(^|\/)(test|tests|out)\//,
          `${entry} is a test or a build output`,
        );
        assert.doesNotMatch(entry, /\.test\.|\.ts$/, `${entry} is a test or a source`);
      }
      // The production bundles point at no source map, and name no folder of the
      // machine that built them.
      for (const bundle of ['extension.js', 'server.js']) {
        const text = fs.readFileSync(path.join(root, 'dist', bundle), 'utf8');
        assert.doesNotMatch(text, /sourceMappingURL/);
        assert.ok(!text.includes(root), `dist/${bundle} names the folder it was built in`);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      // Put the development bundles (with source maps) back for the tests that follow.
      execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root });
    }
  });
});
