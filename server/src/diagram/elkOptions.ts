/**
 * The spacings the diagram is laid out with, and the ELK options that carry
 * a container's padding and minimum size, written and read back in one place:
 * ELK reads them, and so do the placements done without ELK (packing of
 * regions and AZs, tree-shaped components), which must agree with it.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';

export const SPACING = {
  /** Between two nodes of one layer (stacked replicas). */
  nodeNode: 24,
  /** Between layers: room for an edge label ("restore", "read-only") on the segment between them. */
  betweenLayers: 84,
  /** Between an edge and a node it passes. */
  edgeNode: 14,
} as const;

export interface Padding { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number }

export function paddingOption(top: number, side: number): string {
  return `[top=${top},left=${side},bottom=${side},right=${side}]`;
}

export function minimumSizeOption(width: number, height: number): string {
  return `(${width}, ${height})`;
}

/** The padding ELK would use: the `elk.padding` option, else ELK's default of 12. */
export function paddingOf(n: ElkNode): Padding {
  const m = /top=([\d.]+),left=([\d.]+),bottom=([\d.]+),right=([\d.]+)/.exec(n.layoutOptions?.['elk.padding'] ?? '');
  if (!m) return { top: 12, left: 12, bottom: 12, right: 12 };
  return { top: Number(m[1]), left: Number(m[2]), bottom: Number(m[3]), right: Number(m[4]) };
}

export function minimumSizeOf(n: ElkNode): { width: number; height: number } {
  const m = /\(([\d.]+), ([\d.]+)\)/.exec(n.layoutOptions?.['elk.nodeSize.minimum'] ?? '');
  return { width: Number(m?.[1] ?? 0), height: Number(m?.[2] ?? 0) };
}
