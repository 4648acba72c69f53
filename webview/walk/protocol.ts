/**
 * Messages between the model walk's host (src/extension/modelWalk.ts) and its webview. Both sides
 * validate what they receive with these parsers; anything else is dropped.
 */
import type { WalkNode } from './compute';

export interface WalkLabels {
  reroll: string;
  showAll: string;
  showFewer: string;
  shapeOnly: string;
  computing: string;
  done: string;
  openHint: string;
}

export interface StartWalk {
  type: 'walk';
  model: string;
  nodes: WalkNode[];
  seed: number;
  /** The sample image (a webview URI under media/), resized to the model's input. */
  sample: string;
  /** Maps drawn per layer before "show all". */
  channelCap: number;
  labels: WalkLabels;
}

export type HostMessage = StartWalk;

export interface StepReport {
  id: number;
  op: string;
  shape: WalkNode['shape'];
  status: 'computed' | 'shape-only' | 'error';
  reason?: string;
  /** Maps drawn now (at most the cap until "show all"). */
  drawn: number;
  min?: number;
  max?: number;
}

export type WalkMessage =
  | { type: 'ready' }
  | { type: 'progress'; done: number; total: number; backend: string }
  | { type: 'rendered'; model: string; seed: number; backend: string; steps: StepReport[] }
  | { type: 'reroll' }
  | { type: 'openLayer'; id: number; channel: number };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isShape(v: unknown): v is WalkNode['shape'] {
  return v === null || (Array.isArray(v) && v.length <= 8 && v.every((d) => d === null || typeof d === 'number' || typeof d === 'string'));
}

function isNode(v: unknown, index: number): v is WalkNode {
  if (!isRecord(v) || v.id !== index || typeof v.op !== 'string' || typeof v.kind !== 'string' || !isShape(v.shape)) return false;
  if (!Array.isArray(v.inputs) || !v.inputs.every((i) => isInt(i) && i < index)) return false;
  return v.config === undefined || isRecord(v.config);
}

export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRecord(raw) || raw.type !== 'walk') return undefined;
  const { model, nodes, seed, sample, channelCap, labels } = raw;
  if (typeof model !== 'string' || !isInt(seed) || typeof sample !== 'string' || !isInt(channelCap) || !isRecord(labels)) return undefined;
  if (!Array.isArray(nodes) || nodes.length > 5000 || !nodes.every(isNode)) return undefined;
  if (!Object.values(labels).every((l) => typeof l === 'string')) return undefined;
  return raw as unknown as StartWalk;
}

function isStep(v: unknown): v is StepReport {
  return isRecord(v) && isInt(v.id) && typeof v.op === 'string' && isShape(v.shape) && ['computed', 'shape-only', 'error'].includes(v.status as string) && isInt(v.drawn);
}

export function parseWalkMessage(raw: unknown): WalkMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'reroll':
      return { type: raw.type };
    case 'progress':
      return isInt(raw.done) && isInt(raw.total) && typeof raw.backend === 'string' ? { type: 'progress', done: raw.done, total: raw.total, backend: raw.backend } : undefined;
    case 'rendered':
      return typeof raw.model === 'string' && isInt(raw.seed) && typeof raw.backend === 'string' && Array.isArray(raw.steps) && raw.steps.length <= 5000 && raw.steps.every(isStep)
        ? (raw as unknown as WalkMessage)
        : undefined;
    case 'openLayer':
      return isInt(raw.id) && isInt(raw.channel) ? { type: 'openLayer', id: raw.id, channel: raw.channel } : undefined;
    default:
      return undefined;
  }
}
