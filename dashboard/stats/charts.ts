import { html } from 'hono/html';
import type { Html } from '../html/layout.js';

/**
 * Charts as inline SVG built here: no chart library, nothing fetched, prints as vectors. Colours are
 * presentation attributes (the CSP forbids inline styles); labels are escaped like all page text.
 */
export interface Bar {
  label: string;
  value: number;
  colour?: string;
}

const RED = '#b71c1c';
const GREY = '#90a4ae';

export function horizontalBars(title: string, bars: Bar[], opts: { unit?: string; labelWidth?: number } = {}): Html {
  const labelWidth = opts.labelWidth ?? 110;
  const width = 640;
  const row = 24;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const scale = (width - labelWidth - 60) / max;
  return html`<figure class="chart"><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">
      <title>${title}</title>
      ${bars.map((b, i) => {
        const y = i * row + 4;
        const w = Math.max(b.value > 0 ? 2 : 0, b.value * scale);
        return html`<g>
          <text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="13" fill="#333">${b.label}</text>
          <rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 8}" rx="2" fill="${b.colour ?? RED}"></rect>
          <text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}" font-size="12" fill="#333">${b.value}${opts.unit ?? ''}</text>
        </g>`;
      })}
    </svg></figure>`;
}

/** Cases reported and closed per month, side by side. */
export function monthColumns(title: string, months: { month: string; reported: number; closed: number }[]): Html {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 28;
  const plot = height - bottom - 16;
  const max = Math.max(1, ...months.flatMap((m) => [m.reported, m.closed]));
  const slot = (width - left - 8) / Math.max(1, months.length);
  const bar = Math.min(18, slot / 2.5);
  const y = (v: number) => 16 + plot - (v / max) * plot;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  return html`<figure class="chart"><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">
      <title>${title}</title>
      ${ticks.map((v) => html`<line x1="${left}" x2="${width - 8}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"></line>
        <text x="${left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#666">${v}</text>`)}
      ${months.map((m, i) => {
        const x = left + i * slot + slot / 2;
        return html`<g>
          <rect x="${(x - bar - 1).toFixed(1)}" y="${y(m.reported).toFixed(1)}" width="${bar.toFixed(1)}" height="${(16 + plot - y(m.reported)).toFixed(1)}" fill="${RED}"><title>${m.month} 上报 ${m.reported}</title></rect>
          <rect x="${(x + 1).toFixed(1)}" y="${y(m.closed).toFixed(1)}" width="${bar.toFixed(1)}" height="${(16 + plot - y(m.closed)).toFixed(1)}" fill="${GREY}"><title>${m.month} 销号 ${m.closed}</title></rect>
          <text x="${x.toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#333">${m.month.slice(2)}</text>
        </g>`;
      })}
      <rect x="${width - 150}" y="2" width="10" height="10" fill="${RED}"></rect><text x="${width - 136}" y="11" font-size="11">上报</text>
      <rect x="${width - 90}" y="2" width="10" height="10" fill="${GREY}"></rect><text x="${width - 76}" y="11" font-size="11">销号</text>
    </svg></figure>`;
}
