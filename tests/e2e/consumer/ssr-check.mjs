// Run by tests/e2e/package.spec.js with Node, in an empty folder where the packed @authkit/web was
// installed: every entry must import with no DOM around, and the React binding must render.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const web = await import('@authkit/web');
const react = await import('@authkit/web/react');
const element = await import('@authkit/web/element');

let invalidOptions = '';
try {
  web.AuthKit.create({ serviceUrl: 'https://connect.example.com' });
} catch (error) {
  invalidOptions = `${error.constructor.name}: ${error.message}`;
}

const options = { token: { url: '/api/authkit' }, serviceUrl: 'https://connect.example.com' };
function HookUser() {
  const { ready, error } = react.useAuthKit(options);
  return createElement('p', null, `ready=${ready} error=${error}`);
}

console.log(
  JSON.stringify({
    exports: {
      web: Object.keys(web).sort(),
      react: Object.keys(react).sort(),
      element: Object.keys(element).sort(),
    },
    invalidOptions,
    button: renderToString(createElement(react.AuthKitButton, { ...options, className: 'connect' }, 'Connect Slack')),
    hook: renderToString(createElement(HookUser)),
    elementWithoutDom: element.defineAuthKitElement() === undefined,
    globals: { window: typeof window, document: typeof document },
  }),
);
