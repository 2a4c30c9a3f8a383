/**
 * Orders strings by UTF-16 code unit, the same way on every machine whatever its
 * locale (unlike `localeCompare`), so that lists ordered by URI, ID or path never
 * depend on where the service or the checker runs.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
