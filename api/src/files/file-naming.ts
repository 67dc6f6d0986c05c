const MAX_FILE_NAME_LENGTH = 255;
const FALLBACK_FILE_NAME = 'file';
// C0/C1 controls and the bidirectional marks and overrides that can make `gpj.exe` read `exe.jpg`.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
// RFC 6838 restricted names: `type/subtype`, no parameters.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The client's file name, kept only to be shown and offered back on download (objects are keyed
 * by UUID): without directories or invisible characters, at most 255 characters, never empty.
 */
export function sanitizeFileName(name: string | undefined): string {
  const lastSegment = (name ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const visible = lastSegment.replace(INVISIBLE_OR_CONTROL, '').trim();
  const bounded = [...visible].slice(0, MAX_FILE_NAME_LENGTH).join('').trim();
  return bounded === '' || /^\.+$/.test(bounded) ? FALLBACK_FILE_NAME : bounded;
}

/** Whether `value` is a lower-case `type/subtype` media type. */
export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/**
 * `attachment` with the file name both as an ASCII fallback and RFC 5987 UTF-8 (RFC 6266 §4.3),
 * so that every client offers the original name and none can be tricked into another header.
 */
export function attachmentDisposition(fileName: string): string {
  const asciiFallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${utf8}`;
}
