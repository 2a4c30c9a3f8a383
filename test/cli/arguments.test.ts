import assert from 'node:assert/strict';
import { parseArguments } from '../../server/src/cli/arguments';
import { CliError } from '../../server/src/cli/errors';
import manifest from '../../package.json';
import {
  linesOf,
  makeTemporaryFolder,
  removeTemporaryFolders,
  runCli,
  validFramework,
  writeFiles,
} from './helpers';

describe('framework-check arguments', () => {
  afterEach(removeTemporaryFolders);

  it('defaults to checking the current folder as text, with no warning limit', () => {
    assert.deepEqual(parseArguments([]), {
      command: 'check',
      options: {
        patterns: ['.'],
        format: 'text',
        report: undefined,
        configFile: undefined,
        maxWarnings: undefined,
        outFile: undefined,
        quiet: false,
        verbose: false,
      },
    });
  });

  it('reads every option, in long, short and --name=value forms', () => {
    const long = parseArguments([
      'a',
      '--format',
      'json',
      '--config',
      'ci.json',
      '--max-warnings',
      '3',
      '--out',
      'report.json',
      '--quiet',
      '--verbose',
      'b/**/*.yaml',
    ]);
    assert.deepEqual(long, {
      command: 'check',
      options: {
        patterns: ['a', 'b/**/*.yaml'],
        format: 'json',
        report: undefined,
        configFile: 'ci.json',
        maxWarnings: 3,
        outFile: 'report.json',
        quiet: true,
        verbose: true,
      },
    });
    const short = parseArguments(['-f', 'sarif', '-c', 'ci.json', '-o', 'out.sarif', '-q']);
    assert.equal(short.command, 'check');
    if (short.command === 'check') {
      assert.equal(short.options.format, 'sarif');
      assert.equal(short.options.configFile, 'ci.json');
      assert.equal(short.options.outFile, 'out.sarif');
      assert.equal(short.options.quiet, true);
    }
    const inline = parseArguments(['--format=sarif', '--max-warnings=0', '--out=x.sarif']);
    assert.equal(inline.command, 'check');
    if (inline.command === 'check') {
      assert.equal(inline.options.format, 'sarif');
      assert.equal(inline.options.maxWarnings, 0);
      assert.equal(inline.options.outFile, 'x.sarif');
    }
  });

  it('takes everything after -- as paths, even when it looks like an option', () => {
    const parsed = parseArguments(['--quiet', '--', '--odd-name.framework.yaml', '-q']);
    assert.equal(parsed.command, 'check');
    if (parsed.command === 'check') {
      assert.deepEqual(parsed.options.patterns, ['--odd-name.framework.yaml', '-q']);
      assert.equal(parsed.options.quiet, true);
    }
  });

  it('recognises --help and --version wherever they are', () => {
    assert.deepEqual(parseArguments(['x', '--help']), { command: 'help' });
    assert.deepEqual(parseArguments(['-h']), { command: 'help' });
    assert.deepEqual(parseArguments(['--version']), { command: 'version' });
    assert.deepEqual(parseArguments(['-v']), { command: 'version' });
  });

  const usageErrors: readonly (readonly [argv: string[], message: RegExp])[] = [
    [
      ['--fromat', 'json'],
      /^unknown option --fromat\. Did you mean --format\? Run framework-check --help/,
    ],
    [['-x'], /^unknown option -x\. Run framework-check --help/],
    [['--format', 'xml'], /^--format must be one of text, json, sarif, not 'xml'\./],
    [['--format'], /^--format needs a format: text, json, sarif/],
    [['--out', '--quiet'], /^--out needs a file name/],
    [['--config', '-q'], /^--config needs a settings file/],
    [['--format='], /^--format needs a format/],
    [['--max-warnings'], /^--max-warnings needs a number/],
    [['--max-warnings', 'many'], /^--max-warnings must be a whole number of 0 or more, not 'many'/],
    [['--max-warnings', '-1'], /^--max-warnings must be a whole number of 0 or more, not '-1'/],
    [['--max-warnings', '1.5'], /^--max-warnings must be a whole number of 0 or more, not '1.5'/],
    [['--quiet=yes'], /^--quiet takes no value/],
  ];

  for (const [argv, message] of usageErrors) {
    it(`rejects ${argv.join(' ')} with a message saying what to fix`, () => {
      assert.throws(
        () => parseArguments(argv),
        (error: unknown) => error instanceof CliError && message.test(error.message),
      );
    });
  }

  it('exits with 2 on a usage error, printing one line on stderr and nothing on stdout', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    for (const [argv, message] of usageErrors) {
      const run = await runCli(argv, folder);
      assert.equal(run.code, 2, argv.join(' '));
      assert.equal(run.stdout, '');
      const lines = linesOf(run.stderr);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0].replace(/^framework-check: /, ''), message);
      assert.ok(lines[0].startsWith('framework-check: '));
    }
  });

  it('prints usage with every option, the exit codes and examples for --help, and exits 0', async () => {
    const run = await runCli(['--help'], makeTemporaryFolder());
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    for (const option of [
      '--format',
      '--out',
      '--config',
      '--max-warnings',
      '--quiet',
      '--verbose',
      '--help',
      '--version',
    ]) {
      assert.ok(run.stdout.includes(option), `--help does not mention ${option}`);
    }
    assert.match(run.stdout, /^Usage: framework-check/);
    assert.match(run.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n(.*\n)* {2}2 /);
    assert.match(run.stdout, /Examples:\n {2}framework-check/);
  });

  it('prints the version from package.json for --version, and exits 0', async () => {
    const run = await runCli(['--version'], makeTemporaryFolder());
    assert.deepEqual(run, { code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});
