import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { allDiagnosticCodes, diagnosticCodes } from '../../server/src/service';
import { frameworkSchema } from '../../server/src/service/format';
import type { JsonSchema } from '../../server/src/service/format';
import { codes, diagnose, sampleFramework } from './helpers';

const root = path.resolve(__dirname, '../../..');

/** Every key the schema defines, with the path that leads to it. */
function schemaKeys(schema: JsonSchema, at: string): { path: string; schema: JsonSchema }[] {
  const keys: { path: string; schema: JsonSchema }[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    keys.push({ path: `${at}.${name}`, schema: property });
    keys.push(...schemaKeys(property, `${at}.${name}`));
  }
  return keys;
}

describe('the format', () => {
  it('describes every key it knows', () => {
    const keys = [
      ...schemaKeys(frameworkSchema, 'framework'),
      ...Object.entries(frameworkSchema.$defs ?? {}).flatMap(([name, definition]) =>
        schemaKeys(definition, name),
      ),
    ];
    assert.ok(keys.length > 40);
    for (const key of keys) {
      assert.ok(key.schema.description, `${key.path} has no description`);
    }
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(frameworkSchema);

  it('accepts both INTERPOL examples under a standard JSON Schema validator', () => {
    for (const name of ['interpol-2014-2016', 'interpol-2017-2020']) {
      const text = fs.readFileSync(path.join(root, 'examples', `${name}.framework.yaml`), 'utf8');
      for (const document of parseAllDocuments(text)) {
        assert.ok(validate(document.toJS()), `${name}: ${ajv.errorsText(validate.errors)}`);
      }
    }
  });

  it('agrees with a standard JSON Schema validator on what is malformed', () => {
    const schemaCodes = new Set(['missing-key', 'unknown-key', 'invalid-value']);
    const cases: Record<string, string> = {
      valid: sampleFramework(),
      'missing title': sampleFramework().replace('    title: Goal two\n', ''),
      'missing framework': sampleFramework().replace('framework: a\n', ''),
      'unknown key': sampleFramework().replace('title: Goal two', 'title: Goal two\n    owner: me'),
      'bad id': sampleFramework().replace('id: "2.1"', 'id: "-2.1"'),
      'bad reference': sampleFramework().replace('supports: ["2"]', 'supports: ["a::2"]'),
      'list expected': sampleFramework().replace('supports: ["2"]', 'supports: "2"'),
      'mapping expected': sampleFramework().replace(
        'period: { start: 2020, end: 2023 }',
        'period: 2020',
      ),
      'year too small': sampleFramework().replace('start: 2020', 'start: 20'),
      'year not whole': sampleFramework().replace('start: 2020', 'start: 2020.5'),
      'text expected': sampleFramework().replace('title: Goal two', 'title: [Goal, two]'),
      'empty goals': sampleFramework().replace(/goals:[\s\S]*$/, 'goals: []\n'),
      'target as text': sampleFramework().replace('target: 90', 'target: ninety'),
      'period key unknown': sampleFramework().replace('end: 2023', 'end: 2023, middle: 2021'),
      'retired with a reason': sampleFramework().replace(
        'title: Goal two',
        'title: Goal two\n    retired: Merged into goal 1.',
      ),
      'retired as a list': sampleFramework().replace(
        'title: Goal two',
        'title: Goal two\n    retired: [Merged]',
      ),
      'retired entries': sampleFramework().replace(
        'goals:',
        'retired:\n  - { item: "z:1", reason: Done. }\ngoals:',
      ),
      'retired entry without a reason': sampleFramework().replace(
        'goals:',
        'retired:\n  - { item: "z:1" }\ngoals:',
      ),
      'retired entry with another key': sampleFramework().replace(
        'goals:',
        'retired:\n  - { item: "z:1", reason: Done., when: 2020 }\ngoals:',
      ),
    };
    for (const [name, text] of Object.entries(cases)) {
      const [document] = parseAllDocuments(text);
      const standardValid = validate(document.toJS());
      const ours = codes(diagnose(text)).filter((code) => schemaCodes.has(code));
      assert.equal(
        ours.length === 0,
        standardValid,
        `${name}: ours ${ours.join()}, ajv ${ajv.errorsText(validate.errors)}`,
      );
    }
  });

  it('documents every diagnostic code with its default severity', () => {
    const documentation = fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
    const sections = [...documentation.matchAll(/^## `?([a-z-]+)`?\s*$/gm)].map(
      (match) => match[1],
    );
    assert.deepEqual(sections, allDiagnosticCodes);
    for (const code of allDiagnosticCodes) {
      const section = documentation
        .split(/^## /m)
        .find((part) => part.replace(/`/g, '').startsWith(code));
      assert.ok(
        section?.includes(`Default severity: **${diagnosticCodes[code]}**`),
        `${code} severity`,
      );
    }
  });
});
