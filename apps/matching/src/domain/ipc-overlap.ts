import { ipcMainGroupOf, normaliseIpcCode } from '@lib/contracts';

/** How deep two IPC codes agree: the full symbol, the main group, the subclass, or the class. */
export type IpcLevel = 'subgroup' | 'group' | 'subclass' | 'class';

export interface IpcOverlap {
  level: IpcLevel;
  /** The shared part: `G01S 7/48`, `G01S 7`, `G01S` or `G01`. */
  shared: string;
  /** 0–1: how strongly the overlap says "same technology". */
  fit: number;
  /** The wanted code was a bare subclass and the offered code lies inside it: all that was asked for. */
  withinRequested: boolean;
}

const FIT: Record<IpcLevel, number> = { subgroup: 1, group: 0.85, subclass: 0.65, class: 0.3 };
const RANK: Record<IpcLevel, number> = { subgroup: 4, group: 3, subclass: 2, class: 1 };

/**
 * The overlap of one wanted code and one offered code, or null if they share less than a class
 * (a section alone, `G`, is too broad to mean anything). A wanted bare subclass (`G01S`) is fully
 * met by any code inside it.
 */
export function overlapOf(wanted: string, offered: string): IpcOverlap | null {
  const a = normaliseIpcCode(wanted);
  const b = normaliseIpcCode(offered);
  if (a === b) return { level: a.includes(' ') ? 'subgroup' : 'subclass', shared: a, fit: 1, withinRequested: !a.includes(' ') };
  const groupA = ipcMainGroupOf(a);
  const groupB = ipcMainGroupOf(b);
  if (groupA !== null && groupA === groupB) return { level: 'group', shared: groupA, fit: FIT.group, withinRequested: false };
  if (a.slice(0, 4) === b.slice(0, 4)) {
    const withinRequested = groupA === null;
    return { level: 'subclass', shared: a.slice(0, 4), fit: withinRequested ? 0.9 : FIT.subclass, withinRequested };
  }
  if (a.slice(0, 3) === b.slice(0, 3)) return { level: 'class', shared: a.slice(0, 3), fit: FIT.class, withinRequested: false };
  return null;
}

/** The best overlap between any wanted and any offered code (deepest first, then the higher fit), or null. */
export function bestIpcOverlap(wanted: readonly string[], offered: readonly string[]): IpcOverlap | null {
  let best: IpcOverlap | null = null;
  for (const w of wanted) {
    for (const o of offered) {
      const overlap = overlapOf(w, o);
      if (!overlap) continue;
      if (!best || overlap.fit > best.fit || (overlap.fit === best.fit && RANK[overlap.level] > RANK[best.level])) best = overlap;
    }
  }
  return best;
}

/** Subclasses of the codes (`G01S` for `G01S 7/48`), deduplicated: what candidate searches filter on. */
export function subclassesOf(codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => normaliseIpcCode(code).slice(0, 4)))];
}
