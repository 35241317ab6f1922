// One HTTP request to the provider, with the body streamed in and the response streamed out.
// node:http rather than fetch: it sends bodies and content lengths as they are, leaves compressed
// responses compressed, and never follows a redirect.
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import { ServiceError } from '../errors.js';

export const providerTimeout = () => new ServiceError('provider_timeout',
  'The provider did not answer in time.', { status: 504 });

export const providerUnreachable = () => new ServiceError('provider_unreachable',
  'The provider could not be reached.', { status: 502 });

/**
 * Resolves to the provider's response (an IncomingMessage) once its headers arrive. `timeoutMs`
 * bounds the wait for them, and later any pause of the body as long. Rejects with ServiceError
 * provider_timeout (504) or provider_unreachable (502). `body` is a readable stream or undefined.
 */
export function sendUpstream({ url, method, headers, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method, headers });
    let answered = false;
    const fail = (error) => {
      if (answered) return;
      answered = true;
      clearTimeout(headersTimer);
      reject(error);
    };
    const headersTimer = setTimeout(() => {
      fail(providerTimeout());
      request.destroy();
    }, timeoutMs);
    // A response body that stops flowing for as long is cut off.
    request.setTimeout(timeoutMs, () => request.destroy(providerTimeout()));
    request.on('error', (error) => fail(error instanceof ServiceError ? error : providerUnreachable()));
    request.on('response', (response) => {
      answered = true;
      clearTimeout(headersTimer);
      resolve(response);
    });
    if (body) {
      // Errors of either side end up in the request's 'error' event above.
      pipeline(body, request, () => {});
    } else {
      request.end();
    }
  });
}
