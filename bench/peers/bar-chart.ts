import { existsSync } from 'node:fs';

import { CHROMIUM, CHROMIUM_ARGS } from '../../common/headless-chromium';

export interface BarGroup {
  label: string;
  /** Value per series (e.g. requests/s per server), in series order. */
  values: Array<number | null>;
}

const COLORS = ['#1f6feb', '#8b949e', '#d29922', '#3fb950'];

/** A grouped bar chart as an SVG document. */
export function barChartSvg(
  title: string,
  unit: string,
  series: readonly string[],
  groups: readonly BarGroup[],
): string {
  const width = 960;
  const height = 420;
  const left = 70;
  const bottom = 90;
  const top = 50;
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const plotHeight = height - top - bottom;
  const groupWidth = (width - left - 20) / groups.length;
  const barWidth = (groupWidth - 30) / series.length;
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16">${title}</text>`,
    `<line x1="${left}" y1="${top + plotHeight}" x2="${width - 10}" y2="${top + plotHeight}" stroke="#333"/>`,
    `<text x="14" y="${top + plotHeight / 2}" transform="rotate(-90 14 ${top + plotHeight / 2})" text-anchor="middle">${unit}</text>`,
  ];
  groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + 15;
    group.values.forEach((value, s) => {
      if (value === null) return;
      const x = x0 + s * barWidth;
      parts.push(
        `<rect x="${x}" y="${y(value)}" width="${barWidth - 4}" height="${top + plotHeight - y(value)}" fill="${COLORS[s % COLORS.length]}"/>`,
      );
      parts.push(
        `<text x="${x + (barWidth - 4) / 2}" y="${y(value) - 4}" text-anchor="middle" font-size="10">${Math.round(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${x0 + (groupWidth - 30) / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${group.label}</text>`,
    );
  });
  series.forEach((name, s) => {
    const x = left + s * 170;
    parts.push(
      `<rect x="${x}" y="${height - 30}" width="12" height="12" fill="${COLORS[s % COLORS.length]}"/><text x="${x + 18}" y="${height - 20}">${name}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Renders an SVG to a PNG file with headless Chromium; false if Chromium is not installed. */
export async function svgToPng(svg: string, file: string): Promise<boolean> {
  if (!existsSync(CHROMIUM)) return false;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 420 } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 960, height: 420 } });
    return true;
  } finally {
    await browser.close();
  }
}
