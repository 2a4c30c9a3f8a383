/**
 * How YAML 1.2's core schema reads a plain scalar, exactly as the `yaml` package
 * does with the parser's options (`schema: 'core'`, no custom tags): the same tests,
 * tried in the package's order, and the same conversions (`parseInt`, `parseFloat`),
 * so that `01`, `-0`, `0x1F` or `1e3` come out as the very same values.
 *
 * The fast scanner needs this because diagnostics depend on it: `id: 1.10` is a
 * number (numeric-id), `title: 2020` is not text, a year must be an integer.
 */

const nullTest = /^(?:~|[Nn]ull|NULL)?$/;
const boolTest = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const octTest = /^0o[0-7]+$/;
const intTest = /^[-+]?[0-9]+$/;
const hexTest = /^0x[0-9a-fA-F]+$/;
const nanTest = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const expTest = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatTest = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const TILDE = 0x7e;

/** The value a plain scalar with this (already folded) text resolves to. */
export function resolvePlainScalar(source: string): string | number | boolean | null {
  if (source.length === 0) return null;
  const first = source.charCodeAt(0);
  // Most plain scalars are words; only these first characters can start a null, a
  // boolean or a number, so every other text is a string without running a test.
  switch (first) {
    case TILDE:
      return source.length === 1 ? null : source;
    case 0x6e: // n
    case 0x4e: // N
      return source.length === 4 && nullTest.test(source) ? null : source;
    case 0x74: // t
    case 0x54: // T
    case 0x66: // f
    case 0x46: // F
      if ((source.length === 4 || source.length === 5) && boolTest.test(source)) {
        return first === 0x74 || first === 0x54;
      }
      return source;
    default:
      if ((first >= DIGIT_0 && first <= DIGIT_9) || first === PLUS || first === MINUS) {
        return resolveNumber(source);
      }
      if (first === DOT) return resolveNumber(source);
      return source;
  }
}

function resolveNumber(source: string): string | number {
  if (octTest.test(source)) return parseInt(source.substring(2), 8);
  if (intTest.test(source)) return parseInt(source, 10);
  if (hexTest.test(source)) return parseInt(source.substring(2), 16);
  if (nanTest.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source.charCodeAt(0) === MINUS ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (expTest.test(source)) return parseFloat(source);
  if (floatTest.test(source)) return parseFloat(source);
  return source;
}
