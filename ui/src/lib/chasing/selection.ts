/**
 * Which cadence the Chasing page selects after a load or a change. Plain logic: it reads the list
 * and touches no state.
 */
import type { CadenceView } from '$lib/api';

/**
 * The id of the cadence named `name` (any case, outer spaces ignored), else the default, else the
 * first; null for an empty list.
 */
export function pickCadence(list: readonly CadenceView[], name: string | null): number | null {
  const wanted = name?.trim().toLowerCase();
  const match = wanted ? list.find((c) => c.name.toLowerCase() === wanted) : undefined;
  return (match ?? list.find((c) => c.isDefault) ?? list[0])?.id ?? null;
}
