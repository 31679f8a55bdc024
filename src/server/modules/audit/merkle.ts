/**
 * Checkpoint arithmetic shared by the writer (checkpoint.ts) and the verifier (verify.ts): leaf and
 * root formulas, HMAC, and a Merkle root computed from a stream so a checkpoint over a million
 * heads needs O(log n) memory.
 */
import { createHash, createHmac } from 'node:crypto';
import { GENESIS, sm3Hex } from './audit-chain.ts';

export interface AuditKey {
  /** First 8 hex of SM3(secret): names the key in checkpoint rows without revealing it. */
  id: string;
  secret: Buffer;
}

export function headLeaf(caseId: number, seq: number, hash: string): Buffer {
  return createHash('sm3').update(`${caseId}|${seq}|${hash}`).digest();
}

// Inner nodes hash two raw 32-byte digests (64 bytes); a leaf's input is ASCII "id|seq|64 hex" (≥ 68
// bytes), so a node can never be passed off as a leaf or vice versa.
function node(left: Buffer, right: Buffer): Buffer {
  return createHash('sm3').update(left).update(right).digest();
}

/**
 * Pairwise tree, odd node promoted unchanged to the next level. Fed left to right, it keeps one
 * pending subtree per height; that yields the same root as building level by level (see tests).
 */
export function merkleBuilder(): { add(leaf: Buffer): void; root(): string; count(): number } {
  const stack: Array<{ h: number; d: Buffer }> = [];
  let n = 0;
  return {
    add(leaf) {
      n++;
      let cur = { h: 0, d: leaf };
      for (let top = stack.at(-1); top && top.h === cur.h; top = stack.at(-1)) {
        stack.pop();
        cur = { h: cur.h + 1, d: node(top.d, cur.d) };
      }
      stack.push(cur);
    },
    root() {
      if (!stack.length) return GENESIS;
      // Fold right to left: a smaller right subtree is exactly what "odd node promoted" leaves behind.
      let acc = stack[stack.length - 1]!.d;
      for (let i = stack.length - 2; i >= 0; i--) acc = node(stack[i]!.d, acc);
      return acc.toString('hex');
    },
    count: () => n,
  };
}

/** The textbook level-by-level construction; the reference the streaming builder is tested against. */
export function merkleRootOfLeaves(leaves: Buffer[]): string {
  if (!leaves.length) return GENESIS;
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? node(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!.toString('hex');
}

export function checkpointRoot(prevRoot: string, upto: number, deltaRoot: string, headCount: number): string {
  return sm3Hex(`${prevRoot}|${upto}|${deltaRoot}|${headCount}`);
}

export function checkpointHmac(key: AuditKey, root: string): string {
  return createHmac('sm3', key.secret).update(root).digest('hex');
}
