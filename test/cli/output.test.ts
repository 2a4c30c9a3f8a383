import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { allDiagnosticCodes, diagnosticCodes } from '../../server/src/service';
import manifest from '../../package.json';
import {
  frameworkWithError,
  frameworkWithWarning,
  linesOf,
  makeTemporaryFolder,
  positionOf,
  removeTemporaryFolders,
  repositoryRoot,
  runCli,
  validFramework,
  writeFiles,
} from './helpers';
import type { JsonReport, SarifLog } from './helpers';

const sarifSchemaPath = path.join(
  repositoryRoot,
  'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);

/** A validator for the official SARIF 2.1.0 schema, with its URI and date formats checked. */
function sarifValidator() {
  // The schema's patterns are written for JavaScript's non-Unicode regular expressions.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const parses = (value: string, base?: string): boolean => {
    try {
      new URL(value, base);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('uri', (value: string) => parses(value));
  ajv.addFormat('uri-reference', (value: string) => parses(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(fs.readFileSync(sarifSchemaPath, 'utf8')) as object);
}

/** A folder with one clean file, one with a warning and one with an error. */
function mixedFolder(): string {
  const folder = makeTemporaryFolder();
  writeFiles(folder, {
    'clean.framework.yaml': validFramework('clean'),
    'warns.framework.yaml': frameworkWithWarning('warns'),
    'sub/fails.framework.yaml': frameworkWithError('fails'),
  });
  return folder;
}

const warningPosition = positionOf(frameworkWithWarning('warns'), '2.1"');
const errorPosition = positionOf(frameworkWithError('fails'), '7"]');

describe('framework-check output', () => {
  afterEach(removeTemporaryFolders);

  describe('text', () => {
    it('prints path:line:column: severity code: message per problem, files sorted, then a summary', async () => {
      const folder = mixedFolder();
      const run = await runCli([], folder);
      const json = JSON.parse((await runCli(['--format', 'json'], folder)).stdout) as JsonReport;
      const [warning] = json.files[2].diagnostics;
      const [error] = json.files[1].diagnostics;
      assert.equal(run.code, 1);
      assert.equal(run.stderr, '');
      assert.equal(
        run.stdout,
        [
          `sub/fails.framework.yaml:${errorPosition.line}:${errorPosition.column}: error unresolved-reference: ${error.message}`,
          `warns.framework.yaml:${warningPosition.line}:${warningPosition.column}: warning id-numbering: ${warning.message}`,
          'Checked 3 files, 3 frameworks, 6 items: 1 error, 1 warning.',
          '',
        ].join('\n'),
      );
      assert.match(error.message, /No item '7'/);
    });

    it('prints only the summary for clean files, in the plural forms', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
      assert.deepEqual(await runCli([], folder), {
        code: 0,
        stdout: 'Checked 1 file, 1 framework, 2 items: 0 errors, 0 warnings.\n',
        stderr: '',
      });
    });

    it('adds infos and hints to the summary only when there are some', async () => {
      for (const [setting, label, summary] of [
        ['information', 'info', '0 errors, 0 warnings, 1 info.'],
        ['hint', 'hint', '0 errors, 0 warnings, 1 hint.'],
      ]) {
        const folder = makeTemporaryFolder();
        writeFiles(folder, {
          'a.framework.yaml': frameworkWithWarning('a'),
          '.vscode/settings.json': JSON.stringify({
            'strategicFrameworks.diagnostics.severity': { 'id-numbering': setting },
          }),
        });
        const run = await runCli([], folder);
        assert.equal(run.code, 0);
        const lines = linesOf(run.stdout);
        assert.match(lines[0], new RegExp(`^a\\.framework\\.yaml:7:14: ${label} id-numbering: `));
        assert.equal(lines[1], `Checked 1 file, 1 framework, 2 items: ${summary}`);
      }
    });

    it('with --quiet, prints errors only but counts everything in the summary', async () => {
      const run = await runCli(['--quiet'], mixedFolder());
      assert.equal(run.code, 1);
      const lines = linesOf(run.stdout);
      assert.equal(lines.length, 2);
      assert.match(lines[0], /^sub\/fails\.framework\.yaml:\d+:\d+: error unresolved-reference: /);
      assert.equal(lines[1], 'Checked 3 files, 3 frameworks, 6 items: 1 error, 1 warning.');
    });

    it('counts columns in UTF-16 code units and ignores a byte order mark', async () => {
      const text = [
        'framework: wide',
        'title: Wide',
        'goals:',
        '  - id: "1"',
        '    title: Grow',
        'programmes:',
        '  - { title: "😀😀 ’", id: p, supports: ["7"] }',
        '',
      ].join('\r\n');
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'wide.framework.yaml': `\ufeff${text}` });
      const position = positionOf(text.replace(/\r\n/g, '\n'), '7"]');
      const run = await runCli(['--format', 'json'], folder);
      const [diagnostic] = (JSON.parse(run.stdout) as JsonReport).files[0].diagnostics;
      assert.deepEqual(
        [diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn],
        [position.line, position.column, position.line, position.column + 1],
      );
    });
  });

  describe('json', () => {
    it('prints the summary and every checked file with its diagnostics', async () => {
      const folder = mixedFolder();
      const run = await runCli(['--format', 'json'], folder);
      assert.equal(run.code, 1);
      assert.ok(run.stdout.startsWith('{\n  "version": 1,'), 'pretty-printed');
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.equal(report.version, 1);
      assert.deepEqual(report.summary, {
        files: 3,
        frameworks: 3,
        items: 6,
        errors: 1,
        warnings: 1,
        infos: 0,
        hints: 0,
      });
      assert.deepEqual(
        report.files.map((file) => [file.path, file.uri, file.diagnostics.length]),
        [
          [
            'clean.framework.yaml',
            pathToFileURL(path.join(folder, 'clean.framework.yaml')).href,
            0,
          ],
          [
            'sub/fails.framework.yaml',
            pathToFileURL(path.join(folder, 'sub/fails.framework.yaml')).href,
            1,
          ],
          [
            'warns.framework.yaml',
            pathToFileURL(path.join(folder, 'warns.framework.yaml')).href,
            1,
          ],
        ],
      );
      const [error] = report.files[1].diagnostics;
      assert.deepEqual(error, {
        severity: 'error',
        code: 'unresolved-reference',
        message: error.message,
        line: errorPosition.line,
        column: errorPosition.column,
        endLine: errorPosition.line,
        endColumn: errorPosition.column + 1,
        related: [],
        candidates: ['1'],
      });
      const [warning] = report.files[2].diagnostics;
      assert.deepEqual(Object.keys(warning).sort(), [
        'code',
        'column',
        'endColumn',
        'endLine',
        'line',
        'message',
        'related',
        'severity',
      ]);
      assert.deepEqual(warning.related, [
        {
          path: 'warns.framework.yaml',
          ...positionOf(frameworkWithWarning('warns'), '1"'),
          message: warning.related[0].message,
        },
      ]);
    });

    it('names related locations in other files by their paths', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'one.framework.yaml': validFramework('same'),
        'two/two.framework.yaml': validFramework('same'),
      });
      const run = await runCli(['--format', 'json'], folder);
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as JsonReport;
      const [duplicate] = report.files[0].diagnostics;
      assert.equal(duplicate.code, 'duplicate-framework');
      assert.deepEqual(
        duplicate.related.map((related) => [related.path, related.line, related.column]),
        [['two/two.framework.yaml', 1, 12]],
      );
    });

    it('with --quiet, lists errors only; the summary still counts warnings', async () => {
      const run = await runCli(['--format', 'json', '--quiet'], mixedFolder());
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(
        report.files.map((file) => file.diagnostics.map((diagnostic) => diagnostic.severity)),
        [[], ['error'], []],
      );
      assert.equal(report.summary.warnings, 1);
    });
  });

  describe('sarif', () => {
    it('is valid SARIF 2.1.0, with one rule per diagnostic code', async () => {
      const folder = mixedFolder();
      writeFiles(folder, { 'dup.framework.yaml': validFramework('clean') });
      const run = await runCli(['--format', 'sarif'], folder);
      assert.equal(run.code, 1);
      const log = JSON.parse(run.stdout) as SarifLog;
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const [sarifRun] = log.runs;
      const driver = sarifRun.tool.driver;
      assert.equal(driver.name, 'framework-check');
      assert.equal(driver.version, manifest.version);
      assert.equal(driver.semanticVersion, manifest.version);
      assert.match(driver.informationUri, /^https:\/\//);
      assert.deepEqual(
        driver.rules.map((rule) => rule.id),
        allDiagnosticCodes,
      );
      for (const rule of driver.rules) {
        const code = rule.id as keyof typeof diagnosticCodes;
        assert.equal(
          rule.helpUri,
          `${driver.informationUri}/blob/main/docs/diagnostics.md#${code}`,
        );
        assert.equal(
          rule.defaultConfiguration.level,
          { error: 'error', warning: 'warning', information: 'note', hint: 'note', off: 'none' }[
            diagnosticCodes[code]
          ],
        );
        // Rules a team turns on are off by default.
        assert.equal(
          rule.defaultConfiguration.enabled,
          diagnosticCodes[code] === 'off' ? false : undefined,
        );
        assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
        assert.ok(rule.shortDescription.text.length > 0);
      }
      assert.equal(
        driver.rules[allDiagnosticCodes.indexOf('unresolved-reference')].name,
        'UnresolvedReference',
      );
      assert.deepEqual(sarifRun.invocations[0].executionSuccessful, true);

      const rootUri = sarifRun.originalUriBaseIds['%SRCROOT%'].uri;
      assert.equal(rootUri, `${pathToFileURL(folder).href}/`);
      assert.deepEqual(
        sarifRun.artifacts.map((artifact) => artifact.location),
        ['clean', 'dup', 'sub/fails', 'warns'].map((name) => ({
          uri: `${name}.framework.yaml`,
          uriBaseId: '%SRCROOT%',
        })),
      );
    });

    it('reports each problem with its rule, level, message and exact region', async () => {
      const folder = mixedFolder();
      const run = await runCli(['--format', 'sarif'], folder);
      const [sarifRun] = (JSON.parse(run.stdout) as SarifLog).runs;
      const json = JSON.parse((await runCli(['--format', 'json'], folder)).stdout) as JsonReport;
      assert.deepEqual(
        sarifRun.results.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: result.ruleIndex,
          level: result.level,
          message: result.message.text,
          location: result.locations[0].physicalLocation,
        })),
        [
          {
            ruleId: 'unresolved-reference',
            ruleIndex: allDiagnosticCodes.indexOf('unresolved-reference'),
            level: 'error',
            message: json.files[1].diagnostics[0].message,
            location: {
              artifactLocation: {
                uri: 'sub/fails.framework.yaml',
                uriBaseId: '%SRCROOT%',
                index: 1,
              },
              region: {
                startLine: errorPosition.line,
                startColumn: errorPosition.column,
                endLine: errorPosition.line,
                endColumn: errorPosition.column + 1,
              },
            },
          },
          {
            ruleId: 'id-numbering',
            ruleIndex: allDiagnosticCodes.indexOf('id-numbering'),
            level: 'warning',
            message: json.files[2].diagnostics[0].message,
            location: {
              artifactLocation: { uri: 'warns.framework.yaml', uriBaseId: '%SRCROOT%', index: 2 },
              region: {
                startLine: warningPosition.line,
                startColumn: warningPosition.column,
                endLine: warningPosition.line,
                endColumn: warningPosition.column + 3,
              },
            },
          },
        ],
      );
      const related = sarifRun.results[1].relatedLocations ?? [];
      assert.deepEqual(
        related.map((location) => [location.id, location.physicalLocation.region.startLine]),
        [[0, positionOf(frameworkWithWarning('warns'), '1"').line]],
      );
      // Relative URIs resolve against %SRCROOT% to the files themselves.
      const resolved = new URL(
        sarifRun.results[0].locations[0].physicalLocation.artifactLocation.uri,
        sarifRun.originalUriBaseIds['%SRCROOT%'].uri,
      );
      assert.equal(fileURLToPath(resolved), path.join(folder, 'sub', 'fails.framework.yaml'));
    });

    it('maps infos and hints to notes, and --quiet leaves them out', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'a.framework.yaml': frameworkWithWarning('a'),
        '.vscode/settings.json':
          '{ "strategicFrameworks.diagnostics.severity": { "id-numbering": "hint" } }',
      });
      const log = JSON.parse((await runCli(['--format', 'sarif'], folder)).stdout) as SarifLog;
      assert.deepEqual(
        log.runs[0].results.map((result) => result.level),
        ['note'],
      );
      const quiet = JSON.parse(
        (await runCli(['--format', 'sarif', '-q'], folder)).stdout,
      ) as SarifLog;
      assert.deepEqual(quiet.runs[0].results, []);
    });

    it('escapes file names into URIs, and keeps absolute URIs for files outside the folder', async () => {
      const parent = makeTemporaryFolder();
      writeFiles(parent, {
        'work/plan #1 100%.framework.yaml': frameworkWithError('spaced'),
        'shared/s.framework.yaml': frameworkWithError('outside'),
      });
      const cwd = path.join(parent, 'work');
      const run = await runCli(['--format', 'sarif', '.', '../shared'], cwd);
      const log = JSON.parse(run.stdout) as SarifLog;
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const locations = log.runs[0].results.map(
        (result) => result.locations[0].physicalLocation.artifactLocation,
      );
      assert.deepEqual(locations, [
        { uri: pathToFileURL(path.join(parent, 'shared', 's.framework.yaml')).href, index: 0 },
        { uri: 'plan%20%231%20100%25.framework.yaml', uriBaseId: '%SRCROOT%', index: 1 },
      ]);
      const resolved = new URL(locations[1].uri, log.runs[0].originalUriBaseIds['%SRCROOT%'].uri);
      assert.equal(fileURLToPath(resolved), path.join(cwd, 'plan #1 100%.framework.yaml'));
    });

    it('records settings problems as tool configuration notifications', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'a.framework.yaml': validFramework('a'),
        '.vscode/settings.json':
          '{ "strategicFrameworks.diagnostics.severity": { "bogus": "off" } }',
      });
      const run = await runCli(['--format', 'sarif'], folder);
      const log = JSON.parse(run.stdout) as SarifLog;
      assert.ok(sarifValidator()(log));
      assert.deepEqual(
        log.runs[0].invocations[0].toolConfigurationNotifications.map((notification) => [
          notification.level,
          notification.message.text,
        ]),
        [['warning', "strategicFrameworks.diagnostics.severity: 'bogus' is not a diagnostic code"]],
      );
    });

    it('describes each rule as docs/diagnostics.md does', async () => {
      const table = fs.readFileSync(path.join(repositoryRoot, 'docs', 'diagnostics.md'), 'utf8');
      const documented = new Map<string, string>();
      for (const match of table.matchAll(/^\| \[`([a-z-]+)`\]\(#\1\) +\| \w+ +\| (.+?) +\|$/gm)) {
        documented.set(match[1], match[2]);
      }
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
      const log = JSON.parse((await runCli(['-f', 'sarif'], folder)).stdout) as SarifLog;
      for (const rule of log.runs[0].tool.driver.rules) {
        assert.equal(rule.shortDescription.text, documented.get(rule.id), rule.id);
      }
    });
  });

  describe('--out', () => {
    it('writes the report to the file, creating its folder, instead of stdout', async () => {
      const folder = mixedFolder();
      const run = await runCli(['--format', 'sarif', '--out', 'reports/ci/check.sarif'], folder);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      const written = fs.readFileSync(path.join(folder, 'reports/ci/check.sarif'), 'utf8');
      assert.ok(sarifValidator()(JSON.parse(written)));
      const text = await runCli(['-o', path.join(folder, 'check.txt')], folder);
      assert.equal(text.stdout, '');
      assert.equal(
        fs.readFileSync(path.join(folder, 'check.txt'), 'utf8'),
        (await runCli([], folder)).stdout,
      );
    });

    it('exits 2 when the file cannot be written', async () => {
      const folder = mixedFolder();
      const run = await runCli(['--out', 'clean.framework.yaml/report.txt'], folder);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /^framework-check: cannot write the report to clean\.framework\.yaml\/report\.txt: .+\. Choose another --out file\.\n$/,
      );
    });
  });

  describe('exit codes and --max-warnings', () => {
    it('exits 0 for warnings alone unless --max-warnings is exceeded', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'a.framework.yaml': frameworkWithWarning('a'),
        'b.framework.yaml': frameworkWithWarning('b'),
      });
      assert.equal((await runCli([], folder)).code, 0);
      assert.equal((await runCli(['--max-warnings', '2'], folder)).code, 0);
      const over = await runCli(['--max-warnings', '1'], folder);
      assert.equal(over.code, 1);
      assert.equal(
        over.stderr,
        'framework-check: 2 warnings found; --max-warnings 1 allows no more than 1.\n',
      );
      // --quiet hides warnings from the output, but they still count.
      assert.equal((await runCli(['--max-warnings=0', '--quiet'], folder)).code, 1);
    });

    it('exits 1 for any error, whatever --max-warnings says', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'a.framework.yaml': frameworkWithError('a') });
      assert.equal((await runCli(['--max-warnings', '100'], folder)).code, 1);
    });
  });

  it('reports the service notice of problems not shown, which has no code, in every format', async () => {
    const references = Array.from({ length: 1005 }, (_, index) => `"x${index}"`).join(', ');
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'many.framework.yaml': `${frameworkWithError('many').replace('["7"]', `[${references}]`)}`,
    });
    const text = await runCli([], folder);
    assert.equal(text.code, 1);
    const notice = linesOf(text.stdout).find((line) => line.includes('more problems'));
    assert.match(notice ?? '', /^many\.framework\.yaml:1:1: info: 5 more problems in this file/);

    const json = JSON.parse((await runCli(['--format', 'json'], folder)).stdout) as JsonReport;
    const last = json.files[0].diagnostics.at(-1);
    assert.equal(last?.code, null);
    assert.equal(json.summary.infos, 1);

    const log = JSON.parse((await runCli(['--format', 'sarif'], folder)).stdout) as SarifLog;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const sarifNotice = log.runs[0].results.at(-1);
    assert.equal(sarifNotice?.ruleId, undefined);
    assert.equal(sarifNotice?.level, 'note');
  });

  it('prints progress only with --verbose, on stderr', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    assert.equal((await runCli([], folder)).stderr, '');
    const verbose = await runCli(['--verbose'], folder);
    assert.equal(verbose.code, 0);
    assert.match(verbose.stderr, /framework-check: info: Indexed 1 framework files/);
  });
});
