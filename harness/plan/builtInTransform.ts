/**
 * The payload transforms callsoak carries itself (`--transform spec|documented`, the Playwright
 * API's `transform`); any other value is the path of a team's module.
 */

/** the transform names that are not module paths */
export const BUILT_IN_TRANSFORMS = ['spec', 'documented'] as const;

export type BuiltInTransform = (typeof BUILT_IN_TRANSFORMS)[number];

export function isBuiltInTransform(transform: string): transform is BuiltInTransform {
  return (BUILT_IN_TRANSFORMS as readonly string[]).includes(transform);
}
