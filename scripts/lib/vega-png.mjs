// Renders a Vega-Lite chart to a PNG file: Vega draws SVG without a browser and resvg
// rasterises it, so the benchmark and load reports need no Chromium.
import { writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';

/** @param {object} spec a Vega-Lite specification with inline data */
export async function writeVegaLitePng(spec, path) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  await writeFile(path, png);
}
