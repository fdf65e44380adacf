// Helpers shared by the rules that look at one container at a time.
import { getPair, keySpan } from './nodes';
import type { ContainerRef } from './workloads';
import type { Span } from './types';

/** How a message names a container: its name, or its position when it has none yet. */
export function containerLabel(container: ContainerRef): string {
  if (container.name) return container.name;
  return `${container.list === 'initContainers' ? 'init container' : 'container'} #${container.index + 1}`;
}

/** Where a finding about a container's resources points: its `resources` key, else its name. */
export function resourcesSpan(container: ContainerRef): Span | undefined {
  const pair = getPair(container.node, 'resources');
  return (pair && keySpan(pair)) ?? container.nameSpan;
}
