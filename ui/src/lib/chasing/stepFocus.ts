/**
 * Moving and removing steps in a step list (the cadence editor's and the customer-level
 * schedule's) with the focus put back where a keyboard user expects it. Each row carries
 * `data-step-key`; the lists themselves stay in the components.
 */
import { tick } from 'svelte';
import { moveStep } from './steps';

const TRIGGER = '[data-testid="step-trigger"]';

/**
 * Once the list has re-rendered, focuses `selector` in the row of step `key` when it is enabled,
 * else that row's trigger.
 */
export async function focusStep(
  list: HTMLElement | undefined,
  key: number,
  selector = TRIGGER,
): Promise<void> {
  await tick();
  const row = list?.querySelector<HTMLElement>(`[data-step-key="${key}"]`);
  const target =
    row?.querySelector<HTMLElement>(`${selector}:not([disabled])`) ??
    row?.querySelector<HTMLElement>(TRIGGER);
  target?.focus();
}

/** Moves step `index` by `delta`; the focus stays on the moved step's button. */
export function moveAndFocus<T extends { key: number }>(
  list: HTMLElement | undefined,
  steps: readonly T[],
  index: number,
  delta: number,
): T[] {
  const key = steps[index]?.key;
  const next = moveStep(steps, index, delta);
  if (key !== undefined) void focusStep(list, key, `[data-move="${delta < 0 ? 'up' : 'down'}"]`);
  return next;
}

/** Removes step `index`; the focus goes to the step that takes its place (or the new last). */
export function removeAndFocus<T extends { key: number }>(
  list: HTMLElement | undefined,
  steps: readonly T[],
  index: number,
): T[] {
  const next = steps.filter((_, i) => i !== index);
  const neighbour = next[Math.min(index, next.length - 1)];
  if (neighbour) void focusStep(list, neighbour.key);
  return next;
}
