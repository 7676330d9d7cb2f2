/**
 * Every element keeps its user-facing wording in one `*.strings.ts` object, and takes
 * a `strings` property with any subset of it, so an LA can change the wording
 * without forking: `grader.strings = { commentLabel: 'Notes for the caseworker' }`.
 */
export type StringsOf<T> = { [K in keyof T]: T[K] };

/** Defaults with the host's overrides on top; ignores overrides of unknown keys or the wrong type. */
export function mergeStrings<T extends object>(defaults: T, overrides: Partial<T> | undefined): T {
  if (!overrides) return defaults;
  const merged = { ...defaults };
  for (const key of Object.keys(overrides) as (keyof T)[]) {
    const value = overrides[key];
    if (key in defaults && typeof value === typeof defaults[key]) merged[key] = value as T[keyof T];
  }
  return merged;
}
