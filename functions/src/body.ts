/**
 * Reads a declaration body within the 16,384-byte limit of PRODUCT.md §6, as JSON or as the
 * no-JS form's urlencoded pairs, without ever trusting Content-Length alone.
 */

export const BODY_LIMIT = 16_384;

export type BodyResult =
  | { ok: true; kind: 'json'; value: unknown }
  | { ok: true; kind: 'form'; value: [string, string][] }
  | {
      ok: false;
      status: 400 | 413 | 415;
      error: 'malformed' | 'too_large' | 'unsupported_media_type';
    };

async function readLimited(request: Request): Promise<Uint8Array | undefined> {
  const length = request.headers.get('Content-Length');
  const declared = Number(length ?? '0');
  if (declared > BODY_LIMIT) return undefined;
  if (!request.body) return new Uint8Array();
  // With a Content-Length the runtime delivers exactly that many bytes, so the body is read in
  // one native call; the size is still checked, never trusted.
  if (length !== null && /^\d+$/.test(length)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.byteLength > BODY_LIMIT ? undefined : bytes;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BODY_LIMIT) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Parses the request body by its media type. */
export async function readBody(request: Request): Promise<BodyResult> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
    return { ok: false, status: 415, error: 'unsupported_media_type' };
  }
  const bytes = await readLimited(request);
  if (!bytes) return { ok: false, status: 413, error: 'too_large' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, error: 'malformed' };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, kind: 'form', value: [...new URLSearchParams(text)] };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, status: 400, error: 'malformed' };
    }
    return { ok: true, kind: 'json', value };
  } catch {
    return { ok: false, status: 400, error: 'malformed' };
  }
}
