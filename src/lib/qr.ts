/**
 * QR codes as inline SVG, generated locally (never by a third-party service): the receipt's
 * reference for checkpoint staff, and later the posters' links.
 */
import { encode } from 'uqr';

const ENTITIES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
};

/** An SVG drawing `text` as a QR code with a 4-module quiet zone, one path, scalable. */
export function qrSvg(text: string, label: string): string {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  // The label becomes an attribute of markup built here, outside any renderer: escape it.
  const title = label.replace(/[<>&"]/g, (char) => ENTITIES[char] ?? char);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${title}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
