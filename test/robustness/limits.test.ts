/**
 * docs/limits.md against server/src/service/limits.ts and against what the service
 * does at each limit: every limit is stated with its value, and the messages the page
 * quotes are the service's. (The completion limit's behaviour is tested with
 * completion, in test/service/completion.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFrameworkFileText } from '../../server/src/node/files';
import { limits } from '../../server/src/service/limits';
import { parseFrameworkFile } from '../../server/src/service/parsing/parseFile';
import { createTestWorkspace, diagnose, messageOf, uriOf } from '../service/helpers';
import { repositoryRoot } from './inputs';

const page = fs.readFileSync(path.join(repositoryRoot, 'docs', 'limits.md'), 'utf8');
/** The page as one line of text, so that a quoted message may wrap. */
const flatPage = page.replace(/\n> /g, ' ').replace(/\s+/g, ' ');

const header = 'framework: limits\ntitle: Limits\ngoals:\n  - id: "1"\n    title: One\n';

/** A goal with `count` keys the format does not have: one unknown-key problem each. */
function unknownKeys(count: number): string {
  return header + Array.from({ length: count }, (_, n) => `    unknown${n}: x\n`).join('');
}

describe('limits (docs/limits.md)', () => {
  it('states every limit of limits.ts with its value, and no other', () => {
    const rows = page.split('\n').filter((line) => line.startsWith('| `max'));
    assert.deepEqual(
      rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1]).sort(),
      Object.keys(limits).sort(),
    );
    for (const [name, value] of Object.entries(limits)) {
      const row = rows.find((line) => line.startsWith(`| \`${name}\``)) ?? '';
      assert.ok(row.includes(value.toLocaleString('en-US')), `${name} = ${value} in: ${row}`);
      assert.match(page, new RegExp(`^## .*\`${name}\`$`, 'm'), `${name} has a section`);
    }
  });

  it('refuses a file one character over the size limit, with the message it quotes', () => {
    const text = header + '#'.repeat(limits.maxFileBytes + 1 - header.length);
    const started = performance.now();
    const diagnostics = diagnose(text);
    assert.ok(performance.now() - started < 2_000, 'refused without being read');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    });
    const message = messageOf(diagnostics[0]);
    assert.match(message, /^This file holds more than 16\.0 MB of text; /);
    assert.ok(flatPage.includes(message), message);
    // Nor do the editing features read it: on a key at the top, hover and completion
    // would otherwise scan the whole file around the cursor.
    const { service } = createTestWorkspace({ main: text });
    const onTitle = { line: 1, character: 2 };
    assert.equal(service.getHover(uriOf('main'), onTitle), undefined);
    assert.deepEqual(service.getCompletions(uriOf('main'), onTitle).items, []);
    assert.deepEqual(service.getDocumentSymbols(uriOf('main')), []);
  });

  it('reads only the start of a file on disk too large to check, however large', async () => {
    // A sparse file of 3 GB: more than a Node buffer or string can hold, so reading it
    // whole fails; the host reads the first 48 MiB, which is enough to refuse it.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-huge-'));
    try {
      const huge = path.join(folder, 'huge.framework.yaml');
      fs.writeFileSync(huge, header);
      fs.truncateSync(huge, 3 * 1024 ** 3);
      const text = await readFrameworkFileText(huge);
      assert.ok(text.length > limits.maxFileBytes, `${text.length} characters`);
      assert.ok(text.length <= 3 * limits.maxFileBytes + 4);
      assert.ok(text.startsWith(header));
      const diagnostics = diagnose(text);
      assert.equal(diagnostics.length, 1);
      assert.match(messageOf(diagnostics[0]), /^This file holds more than 16\.0 MB of text; /);
      // A file under the limit is read whole, as before.
      fs.writeFileSync(huge, header);
      assert.equal(await readFrameworkFileText(huge), header);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('checks nesting up to the limit and refuses one level more, with the message it quotes', () => {
    // The root mapping is one level; each bracket is one more.
    const nested = (levels: number): string =>
      `${header}description: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;
    const within = diagnose(nested(limits.maxNestingDepth));
    assert.ok(!within.some((d) => messageOf(d).includes('levels deep')), JSON.stringify(within));
    const text = nested(limits.maxNestingDepth + 1);
    const [refusal, ...others] = diagnose(text);
    assert.deepEqual(others, [], 'nothing else is checked');
    assert.equal(refusal.code, 'yaml-syntax');
    const line = text.split('\n')[refusal.range.start.line];
    assert.equal(line.slice(refusal.range.start.character, refusal.range.end.character), '[');
    assert.equal(
      refusal.range.start.character,
      'description: '.length + limits.maxNestingDepth - 1,
    );
    assert.ok(flatPage.includes(messageOf(refusal)), messageOf(refusal));
  });

  it('shows the first problems up to the cap and one notice for the rest, as it says', () => {
    const cap = limits.maxDiagnosticsPerFile;
    const atCap = diagnose(unknownKeys(cap));
    assert.equal(atCap.length, cap);
    assert.ok(
      atCap.every((d) => d.code === 'unknown-key'),
      'no notice at the cap',
    );

    const over = diagnose(unknownKeys(cap + 2));
    assert.equal(over.length, cap + 1);
    const notice = over[cap];
    assert.equal(notice.code, undefined);
    assert.equal(notice.severity, 3, 'information');
    assert.deepEqual(notice.range.start, { line: 0, character: 0 });
    assert.equal(
      messageOf(notice),
      '2 more problems in this file are not shown; fix the ones above first.',
    );
    assert.ok(flatPage.includes(messageOf(notice).replace(/^2 /, '')), 'the page quotes it');
    // Shown in the order of the file: the last two keys are the ones left out.
    assert.ok(messageOf(over[cap - 1]).includes(`unknown${cap - 1}'`));
    assert.equal(
      messageOf(diagnose(unknownKeys(cap + 1))[cap]),
      '1 more problem in this file is not shown; fix the ones above first.',
    );
  });

  it('does not count problems whose code is turned off', () => {
    const { service } = createTestWorkspace(
      { main: unknownKeys(limits.maxDiagnosticsPerFile + 5) },
      { diagnostics: { severity: { 'unknown-key': 'off' } } },
    );
    assert.deepEqual(service.getDiagnostics(uriOf('main')), []);
  });

  it('keeps at most the cap of each code from the parse, counting the rest, so that turning one code off shows the others', () => {
    const cap = limits.maxDiagnosticsPerFile;
    // Unknown keys past the cap, then a wrong value and a control character after them.
    const text = `${unknownKeys(cap * 3)}    supports: 7\n    description: a\x07b\n`;
    const parsed = parseFrameworkFile(uriOf('main'), 1, text);
    const unknown = parsed.diagnostics.filter((d) => d.code === 'unknown-key');
    assert.equal(unknown.length, cap, 'no more kept than can be shown');
    assert.equal(parsed.hiddenDiagnostics?.['unknown-key'], cap * 2);
    assert.ok(
      unknown.every((d, n) => n === 0 || unknown[n - 1].range.start < d.range.start),
      'the first in the file',
    );

    const all = diagnose(text);
    assert.equal(
      messageOf(all[cap]),
      `${cap * 2 + 2} more problems in this file are not shown; fix the ones above first.`,
    );
    const { service } = createTestWorkspace(
      { main: text },
      { diagnostics: { severity: { 'unknown-key': 'off' } } },
    );
    const others = service.getDiagnostics(uriOf('main'));
    assert.deepEqual(
      others.map((d) => d.code),
      ['invalid-value', 'yaml-syntax'],
    );
  });

  it(`offers at most ${limits.maxCandidates} did-you-mean suggestions`, () => {
    // Nine frameworks one edit away from the name that is not defined.
    const others = Object.fromEntries(
      Array.from({ length: 9 }, (_, n) => [`f${n}`, header.replace('limits', `acme-${n + 1}`)]),
    );
    const text = header.replace('title: Limits', 'title: Limits\nsupersedes: acme-0');
    const unknown = diagnose(text, others).find((d) => d.code === 'unknown-framework');
    assert.ok(unknown, 'the unknown framework is reported');
    const candidates = (unknown.data as { candidates?: string[] }).candidates ?? [];
    const closest = Array.from({ length: limits.maxCandidates }, (_, n) => `acme-${n + 1}`);
    assert.deepEqual(candidates, closest);
    assert.match(messageOf(unknown), /Did you mean/);
  });
});
