// Where an opening's time goes, from the page's Resource Timing entries: until the token request
// starts, the token request, the session request, and from the session's answer to the list painted.
// A phase is left out of a run that did not make that request (the widget may reuse a token).

const TOKEN_PATH = '/api/authkit';
const SESSION_PATH = '/v1/session';

/** { phase name: [ms per run] } for the runs that made each request; `start` is when open() was called. */
export function phases(runs) {
  const out = { before_token_request: [], token_request: [], session_request: [], session_to_painted: [] };
  for (const run of runs) {
    const token = run.requests.find((request) => request.path === TOKEN_PATH);
    const session = run.requests.find((request) => request.path === SESSION_PATH);
    if (token) {
      out.before_token_request.push(token.start - run.start);
      out.token_request.push(token.end - token.start);
    }
    if (session) {
      out.session_request.push(session.end - session.start);
      out.session_to_painted.push(run.painted - session.end);
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, values]) => values.length));
}
