import { attachmentDisposition, isMediaType, sanitizeFileName } from './file-naming';

describe('sanitizeFileName', () => {
  it('keeps an ordinary name, accents and all', () => {
    expect(sanitizeFileName('Itinéraire été 2025.pdf')).toBe('Itinéraire été 2025.pdf');
  });

  it('drops directories of either separator', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\ada\\photo.jpg')).toBe('photo.jpg');
  });

  it('removes control characters and bidirectional overrides', () => {
    expect(sanitizeFileName('inv\u0000oice\r\n.pdf')).toBe('invoice.pdf');
    expect(sanitizeFileName('photo\u202Egpj.exe')).toBe('photogpj.exe');
  });

  it('falls back to "file" when nothing usable is left', () => {
    expect(sanitizeFileName(undefined)).toBe('file');
    expect(sanitizeFileName('   ')).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('dir/')).toBe('file');
  });

  it('keeps at most 255 characters, never splitting one', () => {
    const name = sanitizeFileName('😀'.repeat(300));
    expect([...name]).toHaveLength(255);
    expect(name).toBe('😀'.repeat(255));
  });
});

describe('isMediaType', () => {
  it.each([
    'image/png',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/x-c++',
  ])('accepts %s', (value) => expect(isMediaType(value)).toBe(true));

  it.each(['', 'png', 'image/', '/png', 'text/html; charset=utf-8', 'image/png\r\nX-Evil: 1', 'a/b/c'])(
    'refuses %j',
    (value) => expect(isMediaType(value)).toBe(false),
  );
});

describe('attachmentDisposition', () => {
  it('gives an ASCII name as is in both forms', () => {
    expect(attachmentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
  });

  it('percent-encodes UTF-8 and the characters RFC 5987 does not allow bare', () => {
    expect(attachmentDisposition("Ma carte d'été (1)*.png")).toBe(
      `attachment; filename="Ma carte d'_t_ (1)*.png"; ` +
        `filename*=UTF-8''Ma%20carte%20d%27%C3%A9t%C3%A9%20%281%29%2A.png`,
    );
  });

  it('never lets a quote or backslash end the quoted fallback', () => {
    expect(attachmentDisposition('a"b\\c%d.txt')).toBe(
      `attachment; filename="a_b_c_d.txt"; filename*=UTF-8''a%22b%5Cc%25d.txt`,
    );
  });
});
