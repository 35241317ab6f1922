// Logger settings: request lines without query strings (a callback's query holds the authorization
// code and state), and headers that carry credentials redacted wherever they appear.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-authkit-secret"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-authkit-secret"]',
];

export function loggerOptions(logger) {
  if (!logger) return false;
  return {
    level: logger.level,
    ...(logger.stream ? { stream: logger.stream } : {}),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req(request) {
        return { method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip };
      },
    },
  };
}
