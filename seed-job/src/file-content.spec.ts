import { inflateSync } from 'node:zlib';
import { pdfDocument, pngImage } from './file-content';
import { Random } from './random';

describe('generated file content', () => {
  it('encodes a PNG whose header, pixel data and checksums a decoder accepts', () => {
    const png = pngImage(new Random(7, 'file', 1));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const dataLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    // One filter byte and three bytes per pixel on each row.
    expect(inflateSync(png.subarray(41, 41 + dataLength))).toHaveLength(height * (1 + 3 * width));
    expect(png.subarray(-12)).toEqual(
      Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
    );
  });

  it('makes the same bytes from the same stream, so a re-run stores identical objects', () => {
    expect(pngImage(new Random(7, 'file', 1))).toEqual(pngImage(new Random(7, 'file', 1)));
    expect(pngImage(new Random(7, 'file', 2))).not.toEqual(pngImage(new Random(7, 'file', 1)));
  });

  it('writes a PDF whose cross-reference table points at its objects', () => {
    const pdf = pdfDocument(['Booking confirmation', 'Guest: Zoë (VIP)']).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(pdf.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true));
    // Characters that would break the text string are replaced.
    expect(pdf).toContain('(Guest: Zo   VIP )');
  });
});
