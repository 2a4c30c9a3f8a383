/** The text `framework-check --help` prints: every option, the exit codes and examples. */
export const usage = `Usage: framework-check [paths or globs...] [options]

Checks strategic framework files (*.framework.yaml, *.framework.yml) with the same
checks as the Strategic Frameworks editor extension, and reports every problem.

Arguments:
  A file is checked whatever its name. A folder is searched recursively (skipping
  node_modules and .git) for files matching strategicFrameworks.files.include and not
  strategicFrameworks.files.exclude. Anything else is a glob, relative to the current
  folder (quote it so that the shell leaves it alone); the files it matches are checked
  unless strategicFrameworks.files.exclude leaves them out. Default: the current folder.

Options:
  -f, --format FORMAT     Output format: text (default), json or sarif (SARIF 2.1.0, for
                          code scanning).
  -o, --out FILE          Write the report to FILE instead of standard output.
      --report FORMAT     Instead of the list of problems, write a report of the
                          frameworks: html (one self-contained page with the strategy
                          map, which opens offline) or markdown. It holds each
                          framework's vision, mission, values, goals, objectives,
                          indicators and programmes, a traceability matrix, the lineage
                          between periods and the problems found. Not with --format;
                          the exit code is the same as without it.
  -c, --config FILE       Read settings from FILE (JSON with comments) instead of
                          .vscode/settings.json in the current folder. Only its
                          strategicFrameworks.* keys are used.
      --max-warnings N    Exit with code 1 when there are more than N warnings
                          (default: no limit). Use 0 to fail on any warning.
  -q, --quiet             Report errors only. Warnings still count for --max-warnings.
      --verbose           Also print progress messages on standard error.
  -h, --help              Print this help and exit.
  -v, --version           Print the version and exit.

Exit codes:
  0  No errors, and no more warnings than --max-warnings allows.
  1  At least one error, or more warnings than --max-warnings allows.
  2  The check could not run: a usage mistake, an unreadable file or settings file,
     or a path or glob that matches no framework file.

Examples:
  framework-check
  framework-check strategy/ --max-warnings 0
  framework-check "plans/**/*.yaml" --config ci/framework-settings.json
  framework-check --format sarif --out framework-check.sarif
  framework-check examples --report html --out strategy-report.html
`;
