/**
 * Reads a request body as the exact bytes sent: the webhook signature is over those bytes, so
 * nothing may decode or re-encode them first.
 */

/** bodies larger than this are refused, bytes; webhooks and console messages are far smaller */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>} rejects with an Error whose `status` is 413 for a body over the limit
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(Object.assign(new Error(`body over ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A JSON body, or an Error with `status` 400 naming what is wrong.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<any>}
 */
export async function readJson(req) {
  const bytes = await readBody(req);
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw Object.assign(new Error(`the body is not JSON: ${/** @type {Error} */ (error).message}`), { status: 400 });
  }
}

/**
 * Answers with a JSON body.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
