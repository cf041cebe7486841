import jsQR from 'jsqr';
import { describe, expect, test } from 'vitest';
import { qrSvg } from './qr';

/** Draws the SVG's squares into RGBA pixels, `scale` pixels a module, for a decoder to read. */
function pixels(svg: string, scale = 4) {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        data.fill(0, at, at + 3);
      }
  }
  return { data, width };
}

describe('qrSvg', () => {
  test('draws a code that decodes back to the text', () => {
    const { data, width } = pixels(qrSvg('https://fangyi.example.cn/declare/', '二维码'));
    expect(jsQR(data, width, width)?.data).toBe('https://fangyi.example.cn/declare/');
  });

  test('escapes the label, so a title with markup characters stays text', () => {
    const svg = qrSvg('x', '二维码："通知" <b>&</b>');
    expect(svg).toContain('aria-label="二维码：&quot;通知&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
    expect(svg).not.toContain('<b>');
  });
});
