import { datasetRegions } from '../../subgraphs/seed/generate/bodies';
import { SCALES } from '../../subgraphs/seed/scales';

/** The 31 provincial-level divisions of GB/T 2260 (their two-digit codes). */
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65,
];

/** Nodes of the national network: the province scale of the public-affairs network (2,850 nodes). */
export const NATIONAL_NODES = 2850;

/**
 * The national network's region codes, one node each: Jiangsu's own 109 (the province, 13 cities, 95
 * counties) first, then the other 30 provinces sharing the rest, each its province node, then city after
 * city, each city's node followed by up to seven of its counties (codes shaped as GB/T 2260 ones, not
 * the real list).
 */
export function nationalRegions(count = NATIONAL_NODES): string[] {
  const codes = datasetRegions({ scale: SCALES.province }).map((r) => r.code);
  const others = PROVINCES.filter((p) => p !== 32);
  const rest = count - codes.length;
  others.forEach((p, i) => {
    const quota = Math.floor(rest / others.length) + (i < rest % others.length ? 1 : 0);
    const own: string[] = [`${p}0000`];
    for (let c = 1; own.length < quota; c++)
      for (let d = 0; d <= 7 && own.length < quota; d++)
        own.push(`${p}${String(c).padStart(2, '0')}${String(d).padStart(2, '0')}`);
    codes.push(...own);
  });
  return codes.slice(0, count);
}

/** The province codes (PP0000) the regions lie in. */
export const provincesOf = (regions: readonly string[]) =>
  [...new Set(regions.map((r) => `${r.slice(0, 2)}0000`))].sort();
