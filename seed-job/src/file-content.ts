import { crc32, deflateSync } from 'node:zlib';
import { type Random } from './random';

/** A small PNG (8-bit RGB): a diagonal gradient between two colours, like a sunset photo thumbnail. */
export function pngImage(random: Random): Buffer {
  const width = random.int(24, 96);
  const height = random.int(24, 96);
  const from = [random.int(0, 256), random.int(0, 256), random.int(0, 256)];
  const to = [random.int(0, 256), random.int(0, 256), random.int(0, 256)];
  const rowLength = 1 + width * 3;
  const pixels = Buffer.alloc(rowLength * height);
  for (let y = 0; y < height; y++) {
    // Each row starts with its filter type, 0: none.
    for (let x = 0; x < width; x++) {
      const mix = (x + y) / (width + height - 2);
      for (let channel = 0; channel < 3; channel++) {
        pixels[y * rowLength + 1 + x * 3 + channel] = Math.round(
          from[channel] + (to[channel] - from[channel]) * mix,
        );
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, default compression/filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/** A one-page PDF 1.4 showing `lines` (ASCII), with a correct cross-reference table. */
export function pdfDocument(lines: string[]): Buffer {
  const text = lines
    .map(
      (line, index) =>
        `BT /F1 12 Tf 72 ${760 - index * 18} Td (${line.replace(/[^\x20-\x7e]|[()\\]/g, ' ')}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
