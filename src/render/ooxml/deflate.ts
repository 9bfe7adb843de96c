/**
 * Raw DEFLATE at level 6, byte for byte what fflate's `deflateSync(data,
 * { level: 6 })` gives (fflate 0.8; its algorithm, MIT licence, Copyright (c)
 * Arjun Barrett, ported here), with the working memory kept between calls.
 *
 * fflate allocates ~200 kB of typed arrays for every call (the hash chains,
 * the symbol buffer, an output buffer larger than the input). A package has
 * 20–40 parts to deflate, so that was megabytes of short-lived off-heap
 * memory per package, which V8 pays for in garbage collections. Here the
 * arrays are allocated once and reused; the result is copied out at its
 * exact length. The search and the block writer are fflate's, unchanged, so
 * the bytes are the same (a property test compares them with fflate's).
 */

// Extra bits of the length and distance codes.
const LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0]);
const DISTANCE_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0]);
/** The order code length code lengths are written in. */
const CODE_LENGTH_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** For each length (distance), `(offset in its code << 5) | code`. */
function reverseIndex(extra: Uint8Array, start: number): Int32Array {
  const base = new Uint16Array(31);
  for (let i = 0; i < 31; ++i) base[i] = start += 1 << extra[i - 1]!;
  const r = new Int32Array(base[30]!);
  for (let i = 1; i < 30; ++i) {
    for (let j = base[i]!; j < base[i + 1]!; ++j) r[j] = ((j - base[i]!) << 5) | i;
  }
  return r;
}
const REV_LENGTH = reverseIndex(LENGTH_EXTRA, 2);
REV_LENGTH[258] = 28;
const REV_DISTANCE = reverseIndex(DISTANCE_EXTRA, 0);

/** 15-bit reversal of every 16-bit value (as fflate keeps it). */
const REVERSED = new Uint16Array(32768);
for (let i = 0; i < 32768; ++i) {
  let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  REVERSED[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

/** Code counts and next codes by length (at most 15 bits), reused by `huffmanCodes`. */
const codeCounts = new Uint16Array(16);
const nextCodes = new Uint16Array(16);

/**
 * The (bit-reversed) Huffman codes for code lengths `cd`, at most `mb` bits,
 * written to the start of `into` (as long as `cd` at least), which is returned
 * cut to `cd`'s length.
 */
function huffmanCodes(cd: Uint8Array, mb: number, into: Uint16Array): Uint16Array {
  const s = cd.length;
  const l = codeCounts.fill(0, 0, mb);
  for (let i = 0; i < s; ++i) if (cd[i]) ++l[cd[i]! - 1]!;
  const le = nextCodes.fill(0, 0, mb);
  for (let i = 1; i < mb; ++i) le[i] = (le[i - 1]! + l[i - 1]!) << 1;
  const co = into.subarray(0, s).fill(0);
  for (let i = 0; i < s; ++i) {
    if (cd[i]) co[i] = REVERSED[le[cd[i]! - 1]!++]! >> (15 - cd[i]!);
  }
  return co;
}

// The fixed trees.
const FIXED_LENGTHS = new Uint8Array(288);
for (let i = 0; i < 144; ++i) FIXED_LENGTHS[i] = 8;
for (let i = 144; i < 256; ++i) FIXED_LENGTHS[i] = 9;
for (let i = 256; i < 280; ++i) FIXED_LENGTHS[i] = 7;
for (let i = 280; i < 288; ++i) FIXED_LENGTHS[i] = 8;
const FIXED_DISTANCES = new Uint8Array(32).fill(5);
const FIXED_LENGTH_CODES = huffmanCodes(FIXED_LENGTHS, 9, new Uint16Array(288));
const FIXED_DISTANCE_CODES = huffmanCodes(FIXED_DISTANCES, 5, new Uint16Array(32));

/** Writes the bits of `v` (at most 9 wide once shifted) at bit `p` of `d`, which is zero there. */
function wbits(d: Uint8Array, p: number, v: number): void {
  v <<= p & 7;
  const o = (p / 8) | 0;
  d[o]! |= v;
  d[o + 1]! |= v >> 8;
}

const EMPTY = new Uint8Array(0);

// The Huffman tree of `codeLengths`, in arrays: node `n` has frequency
// `nodeFreq[n]`, and is symbol `nodeSym[n]` or (-1) has children `nodeLeft[n]`
// and `nodeRight[n]`. At most 288 symbols, so 577 nodes with the sentinel.
const nodeFreq = new Float64Array(600);
const nodeSym = new Int32Array(600);
const nodeLeft = new Int32Array(600);
const nodeRight = new Int32Array(600);
/** fflate's working list of nodes (its `t`), by node number. */
const order = new Int32Array(600);
/** Sort keys: frequency, then symbol (what fflate's stable sort by frequency gives). */
const sortKeys = new Float64Array(300);

/** The depth of each leaf under node `n` into `l`; returns the deepest. */
function depths(n: number, l: Uint16Array, d: number): number {
  if (nodeSym[n] !== -1) return (l[nodeSym[n]!] = d);
  return Math.max(depths(nodeLeft[n]!, l, d + 1), depths(nodeRight[n]!, l, d + 1));
}

/**
 * Sorts the first `n` numbers of `a` ascending, in place: a quicksort with
 * insertion sort for short runs. The keys are distinct (each carries its
 * symbol), so any correct sort gives the same order; at most 288 keys, where
 * the typed array's own `sort` (a runtime call on a new view) took longer
 * than sorting them here.
 */
function sortAscending(a: Float64Array, n: number): void {
  let lo = 0;
  let hi = n - 1;
  // Ranges still to sort: the larger half waits here while the smaller is sorted, so at most log2(n) wait.
  const stack = rangeStack;
  let top = 0;
  for (;;) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; ++i) {
        const v = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > v) {
          a[j + 1] = a[j]!;
          --j;
        }
        a[j + 1] = v;
      }
      if (top === 0) return;
      hi = stack[--top]!;
      lo = stack[--top]!;
      continue;
    }
    // Median of three as the pivot.
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) ++i;
      while (a[j]! > pivot) --j;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    // Now lo..j and i..hi are left to sort.
    if (j - lo < hi - i) {
      stack[top++] = i;
      stack[top++] = hi;
      hi = j;
    } else {
      stack[top++] = lo;
      stack[top++] = j;
      lo = i;
    }
  }
}
const rangeStack = new Int32Array(64);

/** Tree depths by symbol, reused by `treeLengths`. */
const depthsBySymbol = new Uint16Array(288);

/**
 * Code lengths (at most `mb` bits) for frequencies `d` (at most 288), and the
 * longest one: fflate's `hTree` (from UZIP.js), with the tree in typed arrays
 * instead of objects; the same lengths. The lengths are written to the start
 * of `into` and returned as a view of it, as long as fflate's array (up to
 * the last symbol used): a block builds three trees, and allocating their
 * small arrays (and the Huffman codes', the run-length codes') off the heap
 * for every part cost more than building them.
 */
function treeLengths(d: Uint16Array, mb: number, into: Uint8Array): { t: Uint8Array; l: number } {
  let s = 0;
  let maxSym = 0;
  for (let i = 0; i < d.length; ++i) {
    if (d[i]) {
      sortKeys[s++] = d[i]! * 1024 + i;
      maxSym = i;
    }
  }
  if (!s) return { t: EMPTY, l: 0 };
  if (s === 1) {
    const v = into.subarray(0, maxSym + 1).fill(0);
    v[maxSym] = 1;
    return { t: v, l: 1 };
  }
  sortAscending(sortKeys, s);
  const keys = sortKeys;
  // Leaves are nodes 0..s-1 in sorted order; the sentinel is node s; merged nodes follow.
  for (let k = 0; k < s; ++k) {
    const key = keys[k]!;
    const sym = key % 1024;
    nodeSym[k] = sym;
    nodeFreq[k] = (key - sym) / 1024;
    order[k] = k;
  }
  nodeSym[s] = -1;
  nodeFreq[s] = 25001;
  order[s] = s;
  let next = s + 1;
  const merge = (l: number, r: number): number => {
    nodeSym[next] = -1;
    nodeFreq[next] = nodeFreq[l]! + nodeFreq[r]!;
    nodeLeft[next] = l;
    nodeRight[next] = r;
    return next++;
  };
  let i0 = 0;
  let i1 = 1;
  let i2 = 2;
  order[0] = merge(order[0]!, order[1]!);
  while (i1 !== s - 1) {
    const l = order[nodeFreq[order[i0]!]! < nodeFreq[order[i2]!]! ? i0++ : i2++]!;
    const r = order[i0 !== i1 && nodeFreq[order[i0]!]! < nodeFreq[order[i2]!]! ? i0++ : i2++]!;
    order[i1++] = merge(l, r);
  }
  const tr = depthsBySymbol.subarray(0, maxSym + 1).fill(0);
  let mbt = depths(order[i1 - 1]!, tr, 0);
  if (mbt > mb) {
    // Symbols by length (longest first), then frequency, then symbol: fflate's stable sort of its symbol-ordered list.
    const t2: number[] = [];
    for (let i = 0; i <= maxSym; ++i) if (d[i]) t2.push(i);
    t2.sort((a, b) => tr[b]! - tr[a]! || d[a]! - d[b]! || a - b);
    let i = 0;
    let dt = 0;
    const lft = mbt - mb;
    const cst = 1 << lft;
    for (; i < s; ++i) {
      const sym = t2[i]!;
      if (tr[sym]! > mb) {
        dt += cst - (1 << (mbt - tr[sym]!));
        tr[sym] = mb;
      } else break;
    }
    dt >>= lft;
    while (dt > 0) {
      const sym = t2[i]!;
      if (tr[sym]! < mb) dt -= 1 << (mb - tr[sym]!++ - 1);
      else ++i;
    }
    for (; i >= 0 && dt; --i) {
      const sym = t2[i]!;
      if (tr[sym] === mb) {
        --tr[sym]!;
        ++dt;
      }
    }
    mbt = mb;
  }
  const t = into.subarray(0, maxSym + 1);
  t.set(tr);
  return { t, l: mbt };
}

/** `treeLengths` into an array of its own (for its test). */
export function codeLengths(d: Uint16Array, mb: number): { t: Uint8Array; l: number } {
  const { t, l } = treeLengths(d, mb, new Uint8Array(d.length));
  return { t: t.slice(), l };
}

/**
 * Run-length codes of code lengths `c` (symbols 16–18 with their repeat
 * counts), written to `into` (as long as `c` at least) and returned as a view
 * of it, and how many lengths are written.
 */
function lengthCodes(c: Uint8Array, into: Uint16Array): { c: Uint16Array; n: number } {
  let s = c.length;
  while (s && !c[--s]);
  const cl = into.subarray(0, ++s).fill(0);
  let cli = 0;
  let cln = c[0]!;
  let cls = 1;
  const w = (v: number): void => {
    cl[cli++] = v;
  };
  for (let i = 1; i <= s; ++i) {
    if (c[i] === cln && i !== s) ++cls;
    else {
      if (!cln && cls > 2) {
        for (; cls > 138; cls -= 138) w(32754);
        if (cls > 2) {
          w(cls > 10 ? ((cls - 11) << 5) | 28690 : ((cls - 3) << 5) | 12305);
          cls = 0;
        }
      } else if (cls > 3) {
        w(cln);
        --cls;
        for (; cls > 6; cls -= 6) w(8304);
        if (cls > 2) {
          w(((cls - 3) << 5) | 8208);
          cls = 0;
        }
      }
      while (cls--) w(cln);
      cls = 1;
      cln = c[i]!;
    }
  }
  return { c: cl.subarray(0, cli), n: s };
}

/** Bits that frequencies `cf` take with code lengths `cl`. */
function codedLength(cf: Uint16Array, cl: Uint8Array): number {
  let l = 0;
  for (let i = 0; i < cl.length; ++i) l += cf[i]! * cl[i]!;
  return l;
}

/** The first byte at or after bit `p`. */
const byteAfter = (p: number): number => ((p + 7) / 8) | 0;

/** Writes a stored block of `dat` at bit `pos` (its type bits already zero); returns the new bit position. */
function storedBlock(out: Uint8Array, pos: number, dat: Uint8Array): number {
  const s = dat.length;
  const o = byteAfter(pos + 2);
  out[o] = s & 255;
  out[o + 1] = s >> 8;
  out[o + 2] = out[o]! ^ 255;
  out[o + 3] = out[o + 1]! ^ 255;
  for (let i = 0; i < s; ++i) out[o + i + 4] = dat[i]!;
  return (o + 4 + s) * 8;
}

/** The trees and codes of the block being written (only one at a time), kept between blocks. */
const block = {
  lengthLengths: new Uint8Array(288),
  distanceLengths: new Uint8Array(32),
  lengthRuns: new Uint16Array(288),
  distanceRuns: new Uint16Array(32),
  runFrequencies: new Uint16Array(19),
  runLengths: new Uint8Array(19),
  lengthCodes: new Uint16Array(288),
  distanceCodes: new Uint16Array(32),
  runCodes: new Uint16Array(19),
};

/** Writes one block (stored, fixed or dynamic, whichever is shortest); returns the new bit position. */
function writeBlock(
  dat: Uint8Array, out: Uint8Array, final: number, syms: Int32Array, lf: Uint16Array, df: Uint16Array,
  eb: number, li: number, bs: number, bl: number, p: number,
): number {
  wbits(out, p++, final);
  ++lf[256]!;
  const { t: dlt, l: mlb } = treeLengths(lf, 15, block.lengthLengths);
  const { t: ddt, l: mdb } = treeLengths(df, 15, block.distanceLengths);
  const { c: lclt, n: nlc } = lengthCodes(dlt, block.lengthRuns);
  const { c: lcdt, n: ndc } = lengthCodes(ddt, block.distanceRuns);
  const lcfreq = block.runFrequencies.fill(0);
  for (let i = 0; i < lclt.length; ++i) ++lcfreq[lclt[i]! & 31]!;
  for (let i = 0; i < lcdt.length; ++i) ++lcfreq[lcdt[i]! & 31]!;
  const { t: lct, l: mlcb } = treeLengths(lcfreq, 7, block.runLengths);
  let nlcc = 19;
  for (; nlcc > 4 && !lct[CODE_LENGTH_ORDER[nlcc - 1]!]; --nlcc);
  const flen = (bl + 5) << 3;
  const ftlen = codedLength(lf, FIXED_LENGTHS) + codedLength(df, FIXED_DISTANCES) + eb;
  const dtlen = codedLength(lf, dlt) + codedLength(df, ddt) + eb + 14 + 3 * nlcc + codedLength(lcfreq, lct) + 2 * lcfreq[16]! + 3 * lcfreq[17]! + 7 * lcfreq[18]!;
  if (bs >= 0 && flen <= ftlen && flen <= dtlen) return storedBlock(out, p, dat.subarray(bs, bs + bl));
  let lm: Uint16Array;
  let ll: Uint8Array;
  let dm: Uint16Array;
  let dl: Uint8Array;
  wbits(out, p, 1 + (dtlen < ftlen ? 1 : 0));
  p += 2;
  if (dtlen < ftlen) {
    lm = huffmanCodes(dlt, mlb, block.lengthCodes);
    ll = dlt;
    dm = huffmanCodes(ddt, mdb, block.distanceCodes);
    dl = ddt;
    const llm = huffmanCodes(lct, mlcb, block.runCodes);
    wbits(out, p, nlc - 257);
    wbits(out, p + 5, ndc - 1);
    wbits(out, p + 10, nlcc - 4);
    p += 14;
    for (let i = 0; i < nlcc; ++i) wbits(out, p + 3 * i, lct[CODE_LENGTH_ORDER[i]!]!);
    p += 3 * nlcc;
    for (const clct of [lclt, lcdt]) {
      for (let i = 0; i < clct.length; ++i) {
        const len = clct[i]! & 31;
        wbits(out, p, llm[len]!);
        p += lct[len]!;
        if (len > 15) {
          wbits(out, p, (clct[i]! >> 5) & 127);
          p += clct[i]! >> 12;
        }
      }
    }
  } else {
    lm = FIXED_LENGTH_CODES;
    ll = FIXED_LENGTHS;
    dm = FIXED_DISTANCE_CODES;
    dl = FIXED_DISTANCES;
  }
  // The symbols go through a bit accumulator, a byte written as soon as it is
  // full: the same bits as writing each code at its bit position (every value
  // fits in its length, and the bytes after `p` are still zero), with one
  // store a byte instead of three read-modify-writes a code.
  let o = p >> 3;
  let nb = p & 7;
  let acc = out[o]!;
  for (let i = 0; i < li; ++i) {
    const sym = syms[i]!;
    if (sym > 255) {
      const len = (sym >> 18) & 31;
      acc |= lm[len + 257]! << nb;
      nb += ll[len + 257]!;
      for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
      if (len > 7) {
        acc |= ((sym >> 23) & 31) << nb;
        nb += LENGTH_EXTRA[len]!;
        for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
      }
      const dst = sym & 31;
      acc |= dm[dst]! << nb;
      nb += dl[dst]!;
      for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
      if (dst > 3) {
        acc |= ((sym >> 5) & 8191) << nb;
        nb += DISTANCE_EXTRA[dst]!;
        for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
      }
    } else {
      acc |= lm[sym]! << nb;
      nb += ll[sym]!;
      for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
    }
  }
  acc |= lm[256]! << nb;
  nb += ll[256]!;
  for (; nb >= 8; nb -= 8, acc >>>= 8) out[o++] = acc & 255;
  out[o] = acc;
  return o * 8 + nb;
}

// Level 6 in fflate's table of (nice length << 13) | chain length: 128 and 128.
const LEVEL_6 = 1048704;
const NICE = LEVEL_6 >> 13;
const CHAIN = LEVEL_6 & 8191;

/** Working memory, kept between calls (grown when an input needs more). */
const prev = new Uint16Array(32768);
let head = new Uint16Array(1 << 13);
const syms = new Int32Array(25000);
const lf = new Uint16Array(288);
const df = new Uint16Array(32);
let scratch = new Uint8Array(1 << 16);

/** `dat` deflated (raw DEFLATE, no header) exactly as fflate's `deflateSync(dat, { level: 6 })` does it. */
export function deflateLevel6(dat: Uint8Array): Uint8Array {
  const s = dat.length;
  const size = s + 5 * (1 + Math.ceil(s / 7000));
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  const w = scratch.subarray(0, size);
  w.fill(0);
  // fflate's hash size for a one-shot call: ceil(max(8, min(13, ln n)) × 1.5) bits.
  const plvl = Math.ceil(Math.max(8, Math.min(13, Math.log(s))) * 1.5);
  const msk = (1 << plvl) - 1;
  const bs1 = Math.ceil(plvl / 3);
  const bs2 = 2 * bs1;
  // Every position inserted writes its `prev` entry before it can be read, so only `head` starts empty.
  if (head.length < msk + 1) head = new Uint16Array(msk + 1);
  else head.fill(0, 0, msk + 1);
  lf.fill(0);
  df.fill(0);
  const hsh = (i: number): number => (dat[i]! ^ (dat[i + 1]! << bs1) ^ (dat[i + 2]! << bs2)) & msk;
  let pos = 0;
  let lc = 0;
  let eb = 0;
  let i = 0;
  let li = 0;
  let wi = 0;
  let bs = 0;
  for (; i + 2 < s; ++i) {
    const hv = hsh(i);
    let imod = i & 32767;
    let pimod = head[hv]!;
    prev[imod] = pimod;
    head[hv] = imod;
    if (wi <= i) {
      const rem = s - i;
      if ((lc > 7000 || li > 24576) && rem > 423) {
        pos = writeBlock(dat, w, 0, syms, lf, df, eb, li, bs, i - bs, pos);
        li = lc = eb = 0;
        bs = i;
        for (let j = 0; j < 286; ++j) lf[j] = 0;
        for (let j = 0; j < 30; ++j) df[j] = 0;
      }
      let l = 2;
      let d = 0;
      let ch = CHAIN;
      let dif = (imod - pimod) & 32767;
      if (rem > 2 && hv === hsh(i - dif)) {
        const maxn = Math.min(NICE, rem) - 1;
        const maxd = Math.min(32767, i);
        const ml = Math.min(258, rem);
        while (dif <= maxd && --ch && imod !== pimod) {
          if (dat[i + l] === dat[i + l - dif]) {
            let nl = 0;
            for (; nl < ml && dat[i + nl] === dat[i + nl - dif]; ++nl);
            if (nl > l) {
              l = nl;
              d = dif;
              if (nl > maxn) break;
              const mmd = Math.min(dif, nl - 2);
              let md = 0;
              for (let j = 0; j < mmd; ++j) {
                const ti = (i - dif + j) & 32767;
                const pti = prev[ti]!;
                const cd = (ti - pti) & 32767;
                if (cd > md) {
                  md = cd;
                  pimod = ti;
                }
              }
            }
          }
          imod = pimod;
          pimod = prev[imod]!;
          dif += (imod - pimod) & 32767;
        }
      }
      if (d) {
        syms[li++] = 268435456 | (REV_LENGTH[l]! << 18) | REV_DISTANCE[d]!;
        const lin = REV_LENGTH[l]! & 31;
        const din = REV_DISTANCE[d]! & 31;
        eb += LENGTH_EXTRA[lin]! + DISTANCE_EXTRA[din]!;
        ++lf[257 + lin]!;
        ++df[din]!;
        wi = i + l;
        ++lc;
      } else {
        syms[li++] = dat[i]!;
        ++lf[dat[i]!]!;
      }
    }
  }
  for (i = Math.max(i, wi); i < s; ++i) {
    syms[li++] = dat[i]!;
    ++lf[dat[i]!]!;
  }
  pos = writeBlock(dat, w, 1, syms, lf, df, eb, li, bs, i - bs, pos);
  return scratch.slice(0, byteAfter(pos));
}
